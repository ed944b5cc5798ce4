import { envConfig } from "@supervision/core/util/env";
import * as z from "zod";

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

const config = envConfig("Invalid API configuration", Schema);

export function useApiConfig(): ApiConfig {
  return config.use();
}
export function resetApiConfig() {
  config.reset();
}
