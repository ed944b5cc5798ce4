import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Department } from "../../packages/core/src/department/index";
import { queueUrl } from "../../packages/core/src/queue/sqs";
import { createConsumer } from "../../packages/functions/src/consumers/consumer";
import { registries } from "../../packages/functions/src/consumers/registries";
import { runAlertResume } from "../../packages/functions/src/jobs/alert-resume";
import { runEscalator } from "../../packages/functions/src/jobs/assistance-escalator";
import { runAnchor } from "../../packages/functions/src/jobs/audit-anchor";
import { runSweeper } from "../../packages/functions/src/jobs/outbox-sweeper";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem } from "../support/context";
import { lambdaContext, receiveAll, toEvent } from "../support/sqs";

/**
 * Every deployed function, driven through its own entry point, so the IAM and
 * partition recorders (tests/security/recorder.ts) see each one at work even
 * when this directory runs alone: the API (signed-in and anonymous), the
 * assistance consumer Lambda handler, the sweeper, the escalator, the alert
 * resumer and the audit anchor. What they may do is checked afterwards by
 * iam.recorded.test.ts against the synthesized stacks.
 */

const GULOU = "350102";
const SIMING = "350203";
const CODE = "91350100M000100Y43";
let api: TestApi;

beforeAll(async () => {
  for (const t of [GULOU, SIMING, "350200", "350100", "350000"]) await asSystem(() => Department.seedStandard(), t);
  api = await startTestApi();
});
afterAll(() => api?.stop());

describe("every function through its entry point", () => {
  test("a request sent through the API is consumed by the assistance consumer Lambda, then every job runs", async () => {
    const token = await api.tokenFor(GULOU, "officer");
    const sent = await api.call("POST", "/assistance", { token, body: { toTenant: SIMING, type: "investigation", creditCode: CODE, entityName: "福州𠮷祥餐饮管理有限公司", facts: "涉嫌销售无检疫证明冷冻肉品，请协助调查取证。" } });
    expect(sent.status, sent.text).toBe(201);
    expect((await api.call("GET", "/guides")).status).toBe(200);

    const consumer = createConsumer(registries.assistance);
    const outcomes: unknown[] = [];
    for (let round = 0; round < 5; round++) {
      const messages = await receiveAll(queueUrl("assistance"));
      if (messages.length === 0) break;
      outcomes.push(await consumer(toEvent(messages) as never, lambdaContext));
    }
    expect(outcomes.length).toBeGreaterThan(0);
    for (const o of outcomes) expect(o).toEqual({ batchItemFailures: [] });

    const inbox = await api.call("GET", "/assistance?box=inbox", { token: await api.tokenFor(SIMING, "officer", { department_id: Department.standardId(SIMING, "market") }) });
    expect(inbox.status, inbox.text).toBe(200);
    expect(JSON.stringify(inbox.json)).toContain("福州𠮷祥餐饮管理有限公司");

    expect((await runSweeper()).stalledTotal).toBe(0);
    expect((await runEscalator()).failures).toEqual([]);
    expect((await runAlertResume()).failures).toEqual([]);
    expect((await runAnchor()).failures).toEqual([]);
    // Each job walks all 94 tenants.
  }, 400_000);
});
