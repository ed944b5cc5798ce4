import { z } from "zod";

/** API settings from the environment, validated at start-up. */
const Schema = z.object({
  /** The OIDC issuer whose tokens the API accepts (the province's unified
   * sign-on in production; the built-in issuer locally). */
  OIDC_ISSUER: z.url(),
  /** Defaults to the issuer's discovery document's jwks_uri. */
  OIDC_JWKS_URL: z.url().optional(),
  OIDC_AUDIENCE: z.string().min(1).default("supervision"),
});
export type ApiConfig = z.infer<typeof Schema>;

let cached: ApiConfig | undefined;
export function useApiConfig(): ApiConfig {
  if (!cached) {
    const parsed = Schema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error("Invalid API configuration:\n" + parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n"));
    }
    cached = parsed.data;
  }
  return cached;
}
export function resetApiConfig() {
  cached = undefined;
}
