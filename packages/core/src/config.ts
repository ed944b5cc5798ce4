import * as z from "zod";
import { envConfig } from "./util/env";

/** Runtime configuration of core, from the environment, validated once. In the
 * cloud the stacks set these; locally `npm start` and the tests do. */
const Schema = z.object({
  TABLE_NAME: z.string().min(3).default("supervision"),
  AWS_REGION: z.string().default("cn-north-1"),
  /** DynamoDB Local / fauxqs endpoints; unset in the cloud. */
  DYNAMO_ENDPOINT: z.url().optional(),
  SQS_ENDPOINT: z.url().optional(),
  /** JSON map of queue key → URL, e.g. {"assistance":"https://…","assistance-dlq":"…"}. */
  QUEUE_URLS: z
    .string()
    .default("{}")
    .transform((s, ctx) => {
      try {
        return z.record(z.string(), z.string()).parse(JSON.parse(s));
      } catch {
        ctx.addIssue({ code: "custom", message: "QUEUE_URLS must be a JSON object of strings" });
        return z.NEVER;
      }
    }),
  /** How long a sent message may stay unconsumed before the sweeper resends it. */
  OUTBOX_RESEND_AFTER_SECONDS: z.coerce.number().int().positive().default(300),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().positive().default(5),
});

export type Config = z.infer<typeof Schema>;

const config = envConfig("Invalid configuration", Schema);

export function useConfig(): Config {
  return config.use();
}

/** For tests and the local runtime, which set the environment after import. */
export function resetConfig() {
  config.reset();
}
