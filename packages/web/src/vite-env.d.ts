/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Base URL the API routes (which start with /api) hang off; "/" by default. */
  readonly VITE_API_URL?: string;
  /** The OIDC issuer; "/oidc" (the built-in local issuer) by default. */
  readonly VITE_ISSUER_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
