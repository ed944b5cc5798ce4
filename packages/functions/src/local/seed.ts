import { AssistanceRequest } from "@supervision/core/assistance/index";
import { Catalogue } from "@supervision/core/catalogue/index";
import { CatalogueSync } from "@supervision/core/catalogue-sync/index";
import { demoCatalogue } from "@supervision/core/catalogue/demo";
import { Clock } from "@supervision/core/clock";
import { withContext, type Actor } from "@supervision/core/context";
import { Department } from "@supervision/core/department/index";
import { Dispute } from "@supervision/core/dispute/index";
import { Notice } from "@supervision/core/notice/index";
import { Inspection } from "@supervision/core/inspection/index";
import { Referral } from "@supervision/core/referral/index";
import { Policy } from "@supervision/core/policy/index";
import { PROVINCE_ID, Tenant } from "@supervision/core/tenant/index";

async function asTenant<T>(tenantId: string, actor: Actor, fn: () => Promise<T>) {
  return withContext({ actor, tenantId, requestId: `seed-${tenantId}`, locale: "zh-CN" }, fn);
}

/** Standard departments of every tenant (idempotent), and on first run a
 * demo notice from 福州市 to its counties. */
export async function seed(options: { demo?: boolean; log?: (line: string) => void } = {}) {
  const system: Actor = { type: "system", reason: "seed" };
  // Seeding the demo takes a minute or more on a busy machine: say what it is doing.
  const step = (zh: string, en: string) => options.log?.(`演示数据 Seed   ${zh} / ${en}…`);
  step("各地标准部门", "standard departments of 95 tenants");
  let created = 0;
  const tenants = Tenant.all();
  for (let i = 0; i < tenants.length; i += 16) {
    const batch = tenants.slice(i, i + 16);
    const results = await Promise.all(batch.map((t) => asTenant(t.id, system, () => Department.seedStandard())));
    created += results.reduce((s, r) => s + r.created, 0);
  }
  if (options.demo) {
    // 鼓楼区's procuratorate liaison office, which `gulou-procurator` signs in for
    // (a tenant admin adds one in the portal; the demo has it from the start).
    // …and its justice bureau's enforcement-supervision office (司法局行政执法监督), where businesses' reports of visits without a code go.
    await asTenant(DEMO_PROCURATORATE.tenantId, system, () => Department.seedStandard([DEMO_PROCURATORATE, DEMO_JUSTICE]));
  }
  let demoNotice = false;
  let demoCatalogueVersion: number | undefined;
  if (options.demo) step("监管事项清单与通知", "catalogue, notice and an assistance request");
  if (options.demo) {
    // The province's system publishes version 1 of the demo catalogue, once.
    const provinceSystem: Actor = { type: "machine", clientId: "province-catalogue", tenantId: PROVINCE_ID, role: "province-admin" };
    await asTenant(PROVINCE_ID, provinceSystem, async () => {
      if ((await Catalogue.versions()).items.length > 0) return;
      demoCatalogueVersion = (await CatalogueSync.publish(demoCatalogue())).version;
    });
    const fuzhou: Actor = { type: "user", userId: "usr_fuzhou-admin", name: "李华（福州市综合监管办）", tenantId: "350100", role: "tenant-admin" };
    await asTenant("350100", fuzhou, async () => {
      if ((await Notice.list({ box: "sent" })).items.length > 0) return;
      await Notice.send({
        title: "关于开展燃气安全跨部门联合检查的通知",
        body: "各县（市、区）综合监管办：请会同住建、市场监管、应急管理等部门，于12月20日前完成辖区燃气经营企业“进一次门、查多项事”联合检查，并于检查结束后20个工作日内公示结果。",
        toTenants: ["350102", "350103"],
      });
      demoNotice = true;
    });
  }
  if (options.demo) {
    // 跨区域协助: 鼓楼区 asks 思明区 to investigate a supplier (once).
    const gulou: Actor = { type: "user", userId: "usr_gulou-officer", name: "陈静（鼓楼区市场监管局）", tenantId: "350102", role: "officer", departmentId: Department.standardId("350102", "market") };
    await asTenant("350102", gulou, async () => {
      if ((await AssistanceRequest.list({ box: "sent" })).items.length > 0) return;
      await AssistanceRequest.send({
        toTenant: "350203",
        type: "investigation",
        creditCode: "91350100M000100Y43",
        entityName: "厦门某冷链食品贸易有限公司",
        facts: "鼓楼区多家餐饮单位的冷冻肉品进货票据显示供货方为该公司，部分批次无检疫证明。请协助核查该公司仓储、进货台账及检疫证明，并反馈核查结果与证据。",
        confidentiality: "internal",
      });
    });
  }
  // 鼓楼区: one open lead-department dispute about a new industry, with a reply in its thread.
  if (options.demo) step("争议、互认与移送示例", "demo dispute, recognition and transfer");
  if (options.demo) await seedDemoDispute();
  // 执法互认 and 行刑衔接: a result 鼓楼区 recognised province-wide, and a transfer with the police.
  if (options.demo) await seedDemoRecognitionAndReferral();
  // 双随机: bodies (one a township with a devolved batch), inspectors, two plans merged into joint tasks, a published draw.
  if (options.demo) step("鼓楼区 2,000 户市场主体与双随机抽查", "2,000 businesses and a draw in 鼓楼区");
  if (options.demo) await seedDemoDraws();
  // 综合查一次: a drawn joint task for two bodies made into one visit, approved, with a code.
  if (options.demo) await seedDemoVisit();
  // 一公开与信用惩戒: a closed visit and a fine published, an objection awaiting its answer, a listing in its notice window.
  if (options.demo) step("鼓楼区结果公示、异议与失信名单", "published results, an objection and a listing in 鼓楼区");
  if (options.demo) await (await import("./seed-issue13")).seedDemoIssue13();
  // 预警与风险排名: warnings fired by the rules (one already overdue) and the ranking of the riskier businesses.
  if (options.demo) step("鼓楼区预警与风险排名", "warnings and the risk ranking in 鼓楼区");
  if (options.demo) await seedDemoWarnings();
  if (options.demo) await seedDemoClues();
  return { departmentsCreated: created, demoNotice, demoCatalogueVersion };
}

/** Its ID is `Department.standardId("350102", "procuratorate")`, as the demo account's token says. */
export const DEMO_PROCURATORATE = { tenantId: "350102", type: "procuratorate", name: "福州市鼓楼区人民检察院", nameEn: "Gulou District People's Procuratorate" };
export const DEMO_JUSTICE = { tenantId: "350102", type: "enforcement-supervision", name: "福州市鼓楼区司法局", nameEn: "Gulou District Justice Bureau" };

async function seedDemoDispute() {
  const GULOU = "350102";
  const [market, culture] = [Department.standardId(GULOU, "market"), Department.standardId(GULOU, "culture-tourism")];
  const officer: Actor = { type: "user", userId: "usr_gulou-officer", name: "陈静（鼓楼区市场监管局）", tenantId: GULOU, role: "officer", departmentId: market };
  const opened = await asTenant(GULOU, officer, async () => {
    if ((await Dispute.list({})).items.length > 0) return undefined;
    return Dispute.open({
      subject: "剧本杀、密室逃脱等新型娱乐场所",
      kind: "overlap",
      departmentIds: [market, culture],
      reason: "剧本杀、密室逃脱经营场所的预付卡消费、内容审核和场所安全分属多个部门，群众投诉时互相移交，需明确牵头部门。",
    });
  });
  if (!opened) return;
  const cultureOfficer: Actor = { type: "user", userId: "usr_gulou-culture", name: "何军（鼓楼区文化和旅游局）", tenantId: GULOU, role: "officer", departmentId: culture };
  await asTenant(GULOU, cultureOfficer, () =>
    Dispute.post({ id: opened.id, version: opened.version, text: "我局负责剧本内容管理，预付卡和消费纠纷应由市场监管部门牵头，建议提请区委编办协调。" }),
  );
}

/** 鼓楼区 closes an inspection of a demo restaurant as recognisable (思明区
 * sees it when it plans a visit to the same entity), and has one criminal
 * transfer with the police, whose 3-day decision clock is running. Once. */
async function seedDemoRecognitionAndReferral() {
  const GULOU = "350102";
  const market = Department.standardId(GULOU, "market");
  const officer: Actor = { type: "user", userId: "usr_gulou-officer", name: "陈静（鼓楼区市场监管局）", tenantId: GULOU, role: "officer", departmentId: market };
  const admin: Actor = { type: "user", userId: "usr_gulou-admin", name: "王芳（鼓楼区综合监管办）", tenantId: GULOU, role: "tenant-admin", departmentId: Department.standardId(GULOU, "supervision-office") };
  await asTenant(GULOU, officer, async () => {
    if ((await Inspection.list()).items.length > 0) return;
    const visit = await Inspection.schedule({
      creditCode: "91350102MA2Y2P3Q47",
      entityName: "福州鼓楼示范餐饮管理有限公司",
      itemCodes: ["FJ-SP-001", "FJ-SP-003"],
      plannedDate: Policy.shanghaiDate(Clock.now()),
      departmentIds: [market, Department.standardId(GULOU, "health")],
    });
    await Inspection.close({ id: visit.id, version: visit.version, outcome: "compliant", findings: "后厨操作规范，进货查验记录和留样记录齐全，未发现问题。", recognisable: true, validDays: 180 });
  });
  const opened = await asTenant(GULOU, officer, async () => {
    if ((await Referral.list()).items.length > 0) return undefined;
    return Referral.open({
      title: "福州某肉制品加工坊涉嫌生产销售不符合安全标准的食品案",
      creditCode: "91350102MA2Y1A2B3B",
      entityName: "福州某肉制品加工坊",
      suspectedOffence: "生产、销售不符合安全标准的食品罪（刑法第一百四十三条）",
      facts: "监督抽检发现该加工坊生产的卤肉制品菌落总数超标 40 倍，现场查扣同批次产品 120 公斤，销售金额约 3.6 万元，足以造成严重食物中毒事故。",
      team: [
        { name: "陈静", badgeNo: "FJ35010201" },
        { name: "林强", badgeNo: "FJ35010202" },
      ],
      evidence: [
        { name: "检验报告 JY-2026-118", kind: "document", sha256: "4f1c1e2b9d0a8f3a7c5b2e1d0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a" },
        { name: "现场检查笔录", kind: "record", sha256: "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a4f1c1e2b9d0a8f3a7c5b2e1d0f" },
      ],
    });
  });
  if (!opened) return;
  const approved = await asTenant(GULOU, admin, () => Referral.decide({ id: opened.id, version: opened.version, approve: true, reason: "经集体讨论，涉嫌犯罪，同意移送公安机关。" }));
  await asTenant(GULOU, officer, () => Referral.transfer({ id: opened.id, version: approved.version, note: "移送书、检验报告及查扣物品清单已送达鼓楼公安分局。" }));
}

/** 鼓楼区's 双随机 demo, once: a generated directory of 2,000 businesses (if
 * the directory is empty), every standard department published as an
 * enforcement body for the catalogue's items, 鼓东街道 as a township body with
 * one devolved batch (FJ-SP-001), inspectors (one grid worker, one lapsed
 * certificate, one with a declared township conflict), the market and health
 * bureaus' yearly plans for the same period, and a draw that merged them into
 * joint tasks, committed and run (its seed published). */
async function seedDemoDraws() {
  const { Business } = await import("@supervision/core/business/index");
  const { Enforcement } = await import("@supervision/core/enforcement/index");
  const { Inspector } = await import("@supervision/core/inspector/index");
  const { Plan } = await import("@supervision/core/plan/index");
  const { Draw } = await import("@supervision/core/draw/index");
  const GULOU = "350102";
  const admin: Actor = { type: "user", userId: "usr_gulou-admin", name: "王芳（鼓楼区综合监管办）", tenantId: GULOU, role: "tenant-admin", departmentId: Department.standardId(GULOU, "supervision-office") };
  await asTenant(GULOU, admin, async () => {
    if ((await Enforcement.list({ limit: 1 })).items.length > 0) return;
    const counts = await Business.count();
    if (Object.values(counts).every((n) => n === 0)) await Business.importRows([...Business.generate({ count: 2000, seed: 2026, tenantId: GULOU })]);
    const items = demoCatalogue().changes.flatMap((c) => ("item" in c ? [c.item.code] : [])).sort();
    const departments = (await Department.list()).filter((d) => d.status === "active" && !["establishment", "procuratorate", "public-security"].includes(d.type));
    const bodies: Record<string, string> = {};
    for (const d of departments) bodies[d.type] = (await Enforcement.publishBody({ departmentId: d.id, inspectionItems: items })).id;
    const township = await Department.create({ name: "福州市鼓楼区鼓东街道办事处", type: "township" });
    await Enforcement.publishBody({ departmentId: township.id, kind: "township", townshipCode: "350102001", inspectionItems: ["FJ-SP-001"] });
    await Enforcement.publishBatch({ title: "鼓楼区第一批赋予街道的行政处罚事项", townshipCodes: ["350102001"], itemCodes: ["FJ-SP-001"], effectiveDate: "2026-01-01" });
    const cert = (n: string, until = "2030-12-31") => ({ certificateNo: `闽榕执${n}`, certificateFrom: "2025-01-01", certificateUntil: until });
    const market = bodies.market!;
    const health = bodies.health!;
    const names = ["林强", "陈𠮷", "黄伟", "郑敏", "吴昊", "许婷"];
    for (const [i, name] of names.entries()) {
      // 林强 is the demo account gulou-inspector (signs visits, answers checklists).
      await Inspector.create({ bodyId: market, name, ...cert(`0102${String(i).padStart(4, "0")}`), qualifications: items, ...(i === 5 ? { conflictTownships: ["350102001"] } : {}), ...(i === 0 ? { userId: "usr_gulou-inspector" } : {}) });
    }
    await Inspector.create({ bodyId: market, name: "王五（网格员）", kind: "grid-worker", qualifications: items });
    await Inspector.create({ bodyId: market, name: "赵六（执法证已过期）", ...cert("01029999", "2025-12-31"), qualifications: items });
    // 周婷 is the demo account gulou-health-inspector.
    for (const [i, name] of ["孙悦", "周婷", "刘洋"].entries()) await Inspector.create({ bodyId: health, name, ...cert(`0203${i}`), qualifications: items, ...(name === "周婷" ? { userId: "usr_gulou-health-inspector" } : {}) });
    const year = Number(Policy.shanghaiDate(Clock.now()).slice(0, 4));
    const period = { year, periodFrom: `${year}-01-01`, periodTo: `${year}-12-31` };
    const p1 = await Plan.file({ ...period, title: `${year}年度鼓楼区市场监管局双随机抽查计划`, bodyIds: [market], itemCodes: ["FJ-SP-001"] });
    const p2 = await Plan.file({ ...period, title: `${year}年度鼓楼区卫生健康委双随机抽查计划`, bodyIds: [health], itemCodes: ["FJ-SP-003"], ratios: { A: 500, B: 1000, C: 3000, D: 7000 } });
    const committed = await Draw.commitDraw({ planIds: [p1.id, p2.id], title: `${year}年鼓楼区市场监管、卫生健康联合双随机抽查` });
    await Draw.run(committed.id);
  });
}

/** 鼓楼区's joint visit, once: the first joint task of the demo draw (市场监管 + 卫生健康) as one visit with
 * 林强 and 周婷 (the demo inspectors), approved by the head, so its code opens the public page. */
async function seedDemoVisit() {
  const { Draw } = await import("@supervision/core/draw/index");
  const { Enforcement } = await import("@supervision/core/enforcement/index");
  const { Inspector } = await import("@supervision/core/inspector/index");
  const { Business } = await import("@supervision/core/business/index");
  const { Visit } = await import("@supervision/core/visit/index");
  const GULOU = "350102";
  const admin: Actor = { type: "user", userId: "usr_gulou-admin", name: "王芳（鼓楼区综合监管办）", tenantId: GULOU, role: "tenant-admin", departmentId: Department.standardId(GULOU, "supervision-office") };
  await asTenant(GULOU, admin, async () => {
    if ((await Visit.list({ limit: 1 })).items.length > 0) return;
    const draw = (await Draw.list({ limit: 1 })).items.find((d) => d.status === "drawn");
    if (!draw) return;
    let task: Awaited<ReturnType<typeof Draw.resultPage>>["tasks"][number] | undefined;
    for (let n: number | null = 0; n !== null && !task; ) {
      const p: Awaited<ReturnType<typeof Draw.resultPage>> = await Draw.resultPage(GULOU, draw.id, n);
      task = p.tasks.find((t) => t.bodies.length === 2);
      n = p.next;
    }
    if (!task) return;
    const bodies = await Enforcement.getMany(task.bodies);
    const people = (await Promise.all(bodies.map((b) => Inspector.pool(b.id)))).flat();
    const named = (bodyId: string, name: string) => people.find((p) => p.bodyId === bodyId && p.name === name)?.id ?? task!.inspectors[bodyId]![0]!;
    const isMarket = (b: { departmentId: string }) => b.departmentId === Department.standardId(GULOU, "market");
    const business = await Business.fromCode(task.c);
    const from = Policy.shanghaiDate(Clock.now());
    const to = Policy.shanghaiDate(new Date(Clock.nowMs() + 14 * 86_400_000));
    const visit = await Visit.create({
      origin: { kind: "draw", ref: draw.id },
      creditCode: task.c,
      entityName: business.name,
      window: { from, to: to.slice(0, 4) === from.slice(0, 4) ? to : `${from.slice(0, 4)}-12-31` },
      // Each body's own plan item (市场监管 FJ-SP-001, 卫生健康 FJ-SP-003), each with its demo inspector.
      bodies: bodies.map((b) => ({ bodyId: b.id, itemCodes: [isMarket(b) ? "FJ-SP-001" : "FJ-SP-003"], inspectorIds: [named(b.id, isMarket(b) ? "林强" : "周婷")] })),
    });
    await Visit.approve({ id: visit.id, version: visit.version });
  });
}

/** 鼓楼区's warnings, once: clues about grade C/D businesses fire the rules
 * (one three days old, so its acknowledgement is overdue), a cold-chain
 * reading over its threshold, then the ranking of the C/D businesses and those
 * with clues (the rest score little; POST /api/risk/rescore adds any). */
async function seedDemoWarnings() {
  const { Business } = await import("@supervision/core/business/index");
  const { Warning } = await import("@supervision/core/warning/index");
  const { Risk } = await import("@supervision/core/risk/index");
  const GULOU = "350102";
  const market = Department.standardId(GULOU, "market");
  const officer: Actor = { type: "user", userId: "usr_gulou-officer", name: "陈静（鼓楼区市场监管局）", tenantId: GULOU, role: "officer", departmentId: market };
  await asTenant(GULOU, officer, async () => {
    if ((await Warning.list({ limit: 1 })).items.length > 0) return;
    const codes: string[] = [];
    for (const grade of ["D", "C"] as const) for await (const chunk of Business.roster(grade)) codes.push(...chunk);
    if (codes.length < 4) return;
    const [a, b, c, d] = codes as [string, string, string, string];
    const named = async (code: string) => (await Business.fromCode(code).catch(() => undefined))?.name;
    const daysAgo = (n: number) => new Date(Clock.nowMs() - n * 86_400_000);
    const raise = async (code: string, source: string, at: Date, extra: { reading?: { metric: string; value: number; unit: string } } = {}) =>
      Warning.raise({ creditCode: code, source, itemCodes: ["FJ-SP-001"], at, departmentId: market, entityName: await named(code), ...extra });
    await raise(a, "12345", daysAgo(3));
    for (const source of ["industry-association", "media"]) await raise(a, source, daysAgo(1));
    await raise(b, "monitoring", Clock.now(), { reading: { metric: "cold-chain-temperature", value: -6.5, unit: "℃" } });
    await raise(c, "department", daysAgo(2));
    await raise(d, "12345", Clock.now());
    await Risk.rescore(codes);
  });
}

/** 鼓楼区's clues, once (issue 14): three source systems about one business → one joint task for two
 * departments; a clue with only a name and address waiting for the officer to confirm its business. */
async function seedDemoClues() {
  const { Business } = await import("@supervision/core/business/index");
  const { Clue } = await import("@supervision/core/clue/index");
  const GULOU = "350102";
  const market = Department.standardId(GULOU, "market");
  const officer: Actor = { type: "user", userId: "usr_gulou-officer", name: "陈静（鼓楼区市场监管局）", tenantId: GULOU, role: "officer", departmentId: market };
  const machine = (source: string): Actor => ({ type: "machine", clientId: `clue-${source}-${GULOU}`, tenantId: GULOU, role: "source-system" });
  const done = await asTenant(GULOU, officer, async () => (await Clue.list({ limit: 1 })).items.length > 0);
  if (done) return;
  const codes: string[] = [];
  await asTenant(GULOU, officer, async () => {
    for await (const chunk of Business.roster("B")) {
      codes.push(...chunk.slice(0, 2));
      break;
    }
  });
  const [a, b] = codes;
  if (!a || !b) return;
  const send = (source: string, itemCodes: string[], facts: string) =>
    asTenant(GULOU, machine(source), () => Clue.intake({ contractVersion: "1", clues: [{ externalId: `demo-${source}-1`, source, business: { creditCode: a }, facts, itemCodes }] }));
  await send("hotline-12345", ["FJ-SP-001"], "市民来电反映后厨卫生差，有老鼠出没。");
  await send("association", ["FJ-RQ-001"], "行业协会反映该店燃气管道私接、未装报警器。");
  await send("sensor", ["FJ-SP-001"], "冷库温度传感器连续报警。");
  await asTenant(GULOU, officer, async () => {
    const named = await Business.fromCode(b);
    // The name as a caller wrote it: spaces and 有限责任公司 — the officer confirms the candidate.
    await Clue.file({ source: "department", business: { name: named.name.replace(/有限公司$/u, " 有限责任公司"), address: named.address.slice(0, -1) }, facts: "日常巡查发现超范围经营。", itemCodes: ["FJ-SP-001"] });
  });
}
