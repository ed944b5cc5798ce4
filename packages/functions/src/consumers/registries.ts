import type { Message } from "@supervision/core/message/index";
import type { QueueName } from "@supervision/core/queue/definitions";
import { messages as assistance } from "./assistance";
import { messages as catalogueSync } from "./catalogue-sync";
import { messages as creditPlatform } from "./credit-platform";
import { messages as recognition } from "./recognition";

/** Every queue's registry, as its consumer entry lists it (the local runtime's tools and the tests). */
export const registries: Record<QueueName, Message.Registry> = { assistance, "catalogue-sync": catalogueSync, recognition, "credit-platform": creditPlatform };
