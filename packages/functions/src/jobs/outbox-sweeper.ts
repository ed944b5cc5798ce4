import { withContext } from "@supervision/core/context";
import { Outbox } from "@supervision/core/outbox/index";

/** Scheduled every minute: resend outbox messages still unconsumed after the
 * resend delay (or never sent because the relay failed after the commit). */
export const handler = async () =>
  withContext({ actor: { type: "system", reason: "outbox sweeper" }, requestId: `sweep-${Date.now()}`, locale: "zh-CN" }, () => Outbox.sweep());
