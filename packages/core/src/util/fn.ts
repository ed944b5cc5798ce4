import type { z } from "zod";

/** Validate input once, at the edge of core; the schema stays attached so the
 * API can reuse it for OpenAPI. */
export function fn<S extends z.ZodType, R>(schema: S, handler: (input: z.output<S>) => R) {
  const result = (input: z.input<S>) => handler(schema.parse(input));
  result.schema = schema;
  return result;
}
