import type { z } from "zod";

/** Configuration read from the environment once, validated by a zod schema;
 * a bad value fails with every offending variable named. `reset()` lets the
 * local runtime and tests change the environment after import. */
export function envConfig<S extends z.ZodType>(label: string, schema: S) {
  let cached: z.output<S> | undefined;
  return {
    use(): z.output<S> {
      if (cached === undefined) cached = parseEnv(label, schema);
      return cached;
    },
    reset() {
      cached = undefined;
    },
  };
}

export function parseEnv<S extends z.ZodType>(label: string, schema: S, env: Record<string, string | undefined> = process.env): z.output<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`${label}:\n` + parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n"));
  }
  return parsed.data;
}
