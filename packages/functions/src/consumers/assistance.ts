import { Message } from "@supervision/core/message/index";
import { createConsumer } from "./consumer";

const on = (type: string, load: () => Promise<Message.AnyDefinition>) => Message.lazy("assistance", type, load);
const assistance = () => import("@supervision/core/assistance/index").then((m) => m.AssistanceRequest);
const alert = () => import("@supervision/core/alert/index").then((m) => m.Alert);
const department = () => import("@supervision/core/department/index").then((m) => m.Department);

/** The assistance queue: requests between tenants and their updates and
 * escalations, notices and alerts to tenants below, and figures reported
 * upward. Each type's module loads with its first message, so a cold start
 * carries only the messaging core (issue 16). */
export const messages = Message.registry("assistance", [
  on("assistance.requested", async () => (await assistance()).Requested),
  on("assistance.updated", async () => (await assistance()).Updated),
  on("assistance.escalated", async () => (await assistance()).Escalated),
  on("notice.sent", async () => (await import("@supervision/core/notice/index")).Notice.Delivered),
  on("alert.sent", async () => (await alert()).Delivered),
  on("alert.followed", async () => (await alert()).Followed),
  on("stats.reported", async () => (await import("@supervision/core/dashboard/index")).Dashboard.Reported),
  on("indicator.reported", async () => (await import("@supervision/core/indicator/index")).Indicator.Reported),
  on("audit.anchored", async () => (await import("@supervision/core/anchor/index")).Anchor.Anchored),
  on("department.organ-configured", async () => (await department()).OrganConfigured),
  on("department.organ-applied", async () => (await department()).OrganApplied),
]);

export const handler = createConsumer(messages);
