import { PurgeQueueCommand } from "@aws-sdk/client-sqs";
import { afterEach, expect, test } from "vitest";
import { Alert } from "../../packages/core/src/alert/index";
import { observeCommits } from "../../packages/core/src/outbox/commit";
import { queueUrl, useSqs } from "../../packages/core/src/queue/sqs";
import { runAlertResume } from "../../packages/functions/src/jobs/alert-resume";
import { asUser } from "../support/context";

const PROVINCE = "350000";
afterEach(async () => {
  observeCommits(undefined);
  await (await useSqs()).send(new PurgeQueueCommand({ QueueUrl: queueUrl("assistance") }));
});

test("an alert fan-out cut short is finished by the resume job, to the tenants not yet covered only", async () => {
  // The process dies right after the first chunk's commit.
  let chunks = 0;
  observeCommits((info) => {
    if (info.action === "alert.fan-out" && ++chunks === 1) throw new Error("process died");
  });
  await expect(asUser(PROVINCE, () => Alert.send({ scope: "all", level: "orange", title: "冷冻肉品预警 𠮷", body: "请排查。", productName: "冷冻猪肉" }))).rejects.toThrow("process died");
  observeCommits(undefined);
  const [sent] = (await asUser(PROVINCE, () => Alert.list({ box: "sent" }))).items;
  expect(sent).toMatchObject({ recipients: 93, delivered: Alert.FANOUT_CHUNK });
  // A live fan-out is left alone; one older than the grace period is resumed.
  expect((await runAlertResume()).resumed).toBe(0);
  const later = () => new Date(Date.now() + Alert.RESUME_AFTER_MS + 60_000);
  const first = await runAlertResume({ now: later });
  expect(first).toEqual({ resumed: 1, failures: [] });
  const done = await asUser(PROVINCE, () => Alert.fromID(sent!.id));
  expect(done).toMatchObject({ recipients: 93, delivered: 93 });
  // Finished: nothing left to resume.
  expect(await runAlertResume({ now: later })).toEqual({ resumed: 0, failures: [] });
});
