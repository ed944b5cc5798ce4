import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { withContext } from "../../packages/core/src/context";
import { Dishonesty } from "../../packages/core/src/dishonesty/index";
import type { CreditPlatformMessage } from "../../packages/core/src/dishonesty/contract";
import { boundSecret, SECRET_BINDING_ENV } from "../../packages/functions/src/consumers/credit-platform";
import { startCreditPlatformStandin } from "../../packages/functions/src/local/credit-platform-standin";

/**
 * The signing secret in the cloud is SST's Config.Secret bound to the
 * credit-platform consumer (stacks/Queues.ts; tests/stacks checks the
 * binding): the consumer reads it through SST's Config client, never from an
 * environment value. Locally the environment's CREDIT_PLATFORM_SECRET wins.
 */

const CLOUD_SECRET = "cloud-secret-from-ssm-0123456789";
const message: CreditPlatformMessage = {
  version: "1",
  messageId: "msg_01KBDX0Q3W8J5M2N7P4R6T9V1X",
  event: "listed",
  occurredAt: "2026-12-12T02:30:00.000Z",
  sequence: 1,
  listing: {
    id: "dsl_01KBDW1T2B3C4D5E6F7G8H9J0K",
    creditCode: "91350102MA2Y7K8L9Q",
    entityName: "福州𠮷祥食品有限公司",
    category: { code: "samr-food-safety", name: { zh: "食品安全领域严重违法失信", en: "Serious food-safety violations" }, legalBasis: "总局令第44号 第五条" },
    facts: "生产经营添加非食用物质的食品，情节严重",
    basis: [{ kind: "penalty", ref: "鼓市监罚〔2026〕1号", at: "2026-12-02" }],
    measures: [],
    listedAt: "2026-12-12T02:30:00.000Z",
    expiresAt: "2029-12-12T16:00:00.000Z",
    decidedBy: { tenantId: "350102", tenantName: "鼓楼区" },
  },
};

let standin: Awaited<ReturnType<typeof startCreditPlatformStandin>>;
const saved = { url: process.env.CREDIT_PLATFORM_URL, secret: process.env.CREDIT_PLATFORM_SECRET };
const deliver = (m: CreditPlatformMessage) =>
  withContext({ actor: { type: "system", reason: "test" }, tenantId: "350102", requestId: "t", locale: "zh-CN" }, () => Dishonesty.deliver(m));

beforeAll(async () => {
  standin = await startCreditPlatformStandin({ secret: CLOUD_SECRET });
  process.env.CREDIT_PLATFORM_URL = standin.endpoint;
});
afterEach(() => {
  process.env.CREDIT_PLATFORM_SECRET = saved.secret;
  Dishonesty.secretFrom(() => boundSecret());
  Dishonesty.resetPlatformConfig();
});
afterAll(async () => {
  process.env.CREDIT_PLATFORM_URL = saved.url;
  Dishonesty.resetPlatformConfig();
  await standin?.stop();
});

describe("the credit platform's signing secret", () => {
  test("without an environment value, the bound secret signs the delivery (read once), and the receiver accepts it", async () => {
    delete process.env.CREDIT_PLATFORM_SECRET;
    let reads = 0;
    Dishonesty.secretFrom(async () => {
      reads++;
      return CLOUD_SECRET;
    });
    Dishonesty.resetPlatformConfig();
    expect(await deliver(message)).toBe(201);
    expect(await deliver({ ...message, messageId: "msg_01KBDX0Q3W8J5M2N7P4R6T9V2X" })).toBe(201);
    expect(reads).toBe(1);
    expect(standin.received().map((r) => r.message.listing.entityName)).toContain("福州𠮷祥食品有限公司");
  });

  test("a wrong secret is refused by the receiver (401), a short one and a missing one fail before sending, an unreadable one is read again next time", async () => {
    delete process.env.CREDIT_PLATFORM_SECRET;
    Dishonesty.secretFrom(async () => "another-secret-of-enough-length");
    Dishonesty.resetPlatformConfig();
    await expect(deliver(message)).rejects.toThrow(/401/);

    Dishonesty.secretFrom(async () => "short");
    await expect(deliver(message)).rejects.toThrow(/shorter than 16/);

    Dishonesty.secretFrom(async () => undefined);
    await expect(deliver(message)).rejects.toThrow(/not configured/);

    let calls = 0;
    Dishonesty.secretFrom(async () => {
      if (++calls === 1) throw new Error("ssm throttled");
      return CLOUD_SECRET;
    });
    await expect(deliver(message)).rejects.toThrow(/unreadable: ssm throttled/);
    expect(await deliver(message)).toBe(200); // read again; the receiver already has this key
    expect(calls).toBe(2);
  });

  test("the environment's secret (npm start, tests) wins over the bound one", async () => {
    process.env.CREDIT_PLATFORM_SECRET = CLOUD_SECRET;
    Dishonesty.secretFrom(async () => "never-read-because-env-is-set");
    Dishonesty.resetPlatformConfig();
    expect(await deliver({ ...message, messageId: "msg_01KBDX0Q3W8J5M2N7P4R6T9V3X" })).toBe(201);
  });

  test("the consumer reads SST's Config only where the function is bound (the binding's variable is set)", async () => {
    expect(SECRET_BINDING_ENV).toBe("SST_Secret_value_CREDIT_PLATFORM_SECRET");
    expect(await boundSecret({})).toBeUndefined();
  });
});
