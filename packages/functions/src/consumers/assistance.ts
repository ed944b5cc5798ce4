import { Alert } from "@supervision/core/alert/index";
import { Anchor } from "@supervision/core/anchor/index";
import { AssistanceRequest } from "@supervision/core/assistance/index";
import { Dashboard } from "@supervision/core/dashboard/index";
import { Department } from "@supervision/core/department/index";
import { Indicator } from "@supervision/core/indicator/index";
import { Message } from "@supervision/core/message/index";
import { Notice } from "@supervision/core/notice/index";
import { createConsumer } from "./consumer";

/** The assistance queue: requests between tenants and their updates and
 * escalations, notices and alerts to tenants below, and figures reported upward. */
export const messages = Message.registry("assistance", [
  AssistanceRequest.Requested,
  AssistanceRequest.Updated,
  AssistanceRequest.Escalated,
  Notice.Delivered,
  Alert.Delivered,
  Alert.Followed,
  Dashboard.Reported,
  Indicator.Reported,
  Anchor.Anchored,
  Department.OrganConfigured,
  Department.OrganApplied,
]);

export const handler = createConsumer(messages);
