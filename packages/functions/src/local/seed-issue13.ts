import { createHash } from "node:crypto";
import { Clock } from "@supervision/core/clock";
import { withContext, type Actor } from "@supervision/core/context";
import { Department } from "@supervision/core/department/index";
import { Policy } from "@supervision/core/policy/index";

/**
 * 鼓楼区's demo of issue 13's later pages, once (seed.ts calls it after the
 * demo visit): a second joint visit (市场监管 + 卫生健康) carried through to
 * its close, its results published (一公开); an ordinary-procedure fine on
 * another business, published, with the business's objection awaiting the
 * department's answer (异议); and a severe-dishonesty listing of that business
 * proposed and notified, in its statement window (陈述申辩期). The public page
 * `/public/disclosures` then finds both records. Idempotent: skipped when 鼓楼区
 * has any disclosure record or listing.
 */

const GULOU = "350102";
const as = <T>(actor: Actor, fn: () => Promise<T>) => withContext({ actor, tenantId: GULOU, requestId: `seed-${GULOU}-issue13`, locale: "zh-CN" }, fn);

const market = () => Department.standardId(GULOU, "market");
const admin = (): Actor => ({ type: "user", userId: "usr_gulou-admin", name: "王芳（鼓楼区综合监管办）", tenantId: GULOU, role: "tenant-admin", departmentId: Department.standardId(GULOU, "supervision-office") });
const officer = (): Actor => ({ type: "user", userId: "usr_gulou-officer", name: "陈静（鼓楼区市场监管局）", tenantId: GULOU, role: "officer", departmentId: market() });
const inspector = (userId: string, name: string, type: string): Actor => ({ type: "user", userId, name, tenantId: GULOU, role: "inspector", departmentId: Department.standardId(GULOU, type) });
const anonymous: Actor = { type: "system", reason: "anonymous" };

export async function seedDemoIssue13() {
  const { Disclosure } = await import("@supervision/core/disclosure/index");
  const { Dishonesty } = await import("@supervision/core/dishonesty/index");
  const done = await as(admin(), async () => (await Disclosure.list({ limit: 1 })).items.length > 0 || (await Dishonesty.list({ limit: 1 })).items.length > 0);
  if (done) return { skipped: true };
  const visit = await closedVisit();
  const penalty = await publishedPenalty();
  return { skipped: false, visit, penalty };
}

/** The draw's second joint task as one visit: approved, results (合格 / 责令整改), both inspectors sign, closed, published. */
async function closedVisit(): Promise<string | undefined> {
  const { Draw } = await import("@supervision/core/draw/index");
  const { Enforcement } = await import("@supervision/core/enforcement/index");
  const { Inspector } = await import("@supervision/core/inspector/index");
  const { Business } = await import("@supervision/core/business/index");
  const { Visit } = await import("@supervision/core/visit/index");
  const { Disclosure } = await import("@supervision/core/disclosure/index");
  const created = await as(admin(), async () => {
    const draw = (await Draw.list({ limit: 1 })).items.find((d) => d.status === "drawn");
    if (!draw) return undefined;
    const joint: Awaited<ReturnType<typeof Draw.resultPage>>["tasks"] = [];
    for (let n: number | null = 0; n !== null && joint.length < 2; ) {
      const p: Awaited<ReturnType<typeof Draw.resultPage>> = await Draw.resultPage(GULOU, draw.id, n);
      joint.push(...p.tasks.filter((t) => t.bodies.length === 2));
      n = p.next;
    }
    // The first joint task is the demo visit waiting on site (seed.ts); this is the second.
    const task = joint[1];
    if (!task) return undefined;
    const bodies = await Enforcement.getMany(task.bodies);
    const people = (await Promise.all(bodies.map((b) => Inspector.pool(b.id)))).flat();
    const isMarket = (b: { departmentId: string }) => b.departmentId === market();
    const named = (bodyId: string, name: string) => people.find((p) => p.bodyId === bodyId && p.name === name)?.id;
    const picks = bodies.map((b) => ({ body: b, inspectorId: named(b.id, isMarket(b) ? "林强" : "周婷") }));
    if (picks.some((p) => !p.inspectorId)) return undefined;
    const business = await Business.fromCode(task.c);
    const today = Policy.shanghaiDate(Clock.now());
    const visit = await Visit.create({
      origin: { kind: "draw", ref: draw.id },
      creditCode: task.c,
      entityName: business.name,
      window: { from: today, to: today },
      bodies: picks.map((p) => ({ bodyId: p.body.id, itemCodes: [isMarket(p.body) ? "FJ-SP-001" : "FJ-SP-003"], inspectorIds: [p.inspectorId!] })),
    });
    const approved = await Visit.approve({ id: visit.id, version: visit.version });
    const notified = await Visit.notify({ id: visit.id, version: approved.version });
    const rectifyBy = Policy.shanghaiDate(new Date(Clock.nowMs() + 15 * 86_400_000));
    return Visit.results({
      id: visit.id,
      version: notified.version,
      results: picks.map((p) =>
        isMarket(p.body)
          ? { itemCode: "FJ-SP-001", bodyId: p.body.id, outcome: "pass" as const, note: "许可证件齐全、在有效期内", recognisable: true, validDays: 180 }
          : { itemCode: "FJ-SP-003", bodyId: p.body.id, outcome: "rectify" as const, rectifyBy, note: "2 名从业人员健康证明过期，责令限期整改" },
      ),
    });
  });
  if (!created) return undefined;
  const first = await as(inspector("usr_gulou-inspector", "林强（鼓楼区市场监管局执法队）", "market"), () => Visit.sign({ id: created.id, version: created.version }));
  const second = await as(inspector("usr_gulou-health-inspector", "周婷（鼓楼区卫生健康委执法队）", "health"), () => Visit.sign({ id: created.id, version: first.version }));
  await as(admin(), async () => {
    await Visit.close({ id: created.id, version: second.version });
    const [record] = await Disclosure.forSource("inspection", created.id);
    if (record) await Disclosure.publish({ id: record.id, version: record.version });
  });
  return created.id;
}

/** An ordinary-procedure fine (published 12 months), the business's objection, and its listing in the notice window. */
async function publishedPenalty(): Promise<string | undefined> {
  const { Business } = await import("@supervision/core/business/index");
  const { Penalty } = await import("@supervision/core/penalty/index");
  const { Disclosure } = await import("@supervision/core/disclosure/index");
  const { Dishonesty } = await import("@supervision/core/dishonesty/index");
  const business = await as(officer(), async () => {
    for await (const chunk of Business.roster("B")) {
      // Past the two the clue demo uses.
      const code = chunk[5];
      return code ? Business.fromCode(code) : undefined;
    }
    return undefined;
  });
  if (!business) return undefined;
  const year = Policy.shanghaiDate(Clock.now()).slice(0, 4);
  const actDate = Policy.shanghaiDate(new Date(Clock.nowMs() - 30 * 86_400_000));
  const { penaltyId, disclosure } = await as(officer(), async () => {
    const penalty = await Penalty.record({
      creditCode: business.creditCode,
      entityName: business.name,
      fact: { itemCode: "FJ-SP-001", clause: "《食品安全法》第一百二十三条第一款", actDate, conduct: "生产经营添加非食用物质的食品", description: `${actDate} 监督抽检发现其自制卤味中检出罗丹明 B，货值 1.2 万元` },
      decisionNo: `鼓市监罚〔${year}〕D01号`,
      measure: "fine",
      amount: 150_000,
      procedure: "ordinary",
    });
    const [record] = await Disclosure.forSource("penalty", penalty.id);
    return { penaltyId: penalty.id, disclosure: record ? await Disclosure.publish({ id: record.id, version: record.version, windowMonths: 12 }) : undefined };
  });
  if (disclosure) {
    const text = "整改报告：已下架并销毁全部涉事卤味，更换原料供应商，附检测报告。";
    const evidence = [{ name: "整改报告.txt", type: "text/plain", contentBase64: Buffer.from(text).toString("base64"), sha256: createHash("sha256").update(text).digest("hex") }];
    await as(anonymous, () =>
      Disclosure.object({ id: disclosure.id, creditCode: business.creditCode, text: "处罚决定中的货值计算有误，且公示未反映我公司已完成整改。", contact: "0591-87000000", evidence }),
    );
  }
  await as(admin(), async () => {
    const proposed = await Dishonesty.propose({ creditCode: business.creditCode, category: "samr-food-safety", facts: "生产经营添加非食用物质的食品，货值较大，情节严重", basis: [penaltyId] });
    await Dishonesty.notify(proposed.id, { version: proposed.version, text: "拟将贵单位列入市场监督管理严重违法失信名单，事由与依据见处罚决定书；贵单位有权在期限内陈述、申辩。" });
  });
  return penaltyId;
}
