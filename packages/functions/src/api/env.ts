import type { Context as CoreContext, Locale } from "@supervision/core/context";

export type AppEnv = {
  Variables: {
    requestId: string;
    locale: Locale;
    ctx: CoreContext;
  };
};
