import { AssistanceRequest } from "@supervision/core/assistance/index";
import { Catalogue } from "@supervision/core/catalogue/index";
import { demoCatalogue } from "@supervision/core/catalogue/demo";
import { withContext, type Actor } from "@supervision/core/context";
import { Department } from "@supervision/core/department/index";
import { Dispute } from "@supervision/core/dispute/index";
import { Notice } from "@supervision/core/notice/index";
import { PROVINCE_ID, Tenant } from "@supervision/core/tenant/index";

async function asTenant<T>(tenantId: string, actor: Actor, fn: () => Promise<T>) {
  return withContext({ actor, tenantId, requestId: `seed-${tenantId}`, locale: "zh-CN" }, fn);
}

/** Standard departments of every tenant (idempotent), and on first run a
 * demo notice from 福州市 to its counties. */
export async function seed(options: { demo?: boolean } = {}) {
  const system: Actor = { type: "system", reason: "seed" };
  let created = 0;
  const tenants = Tenant.all();
  for (let i = 0; i < tenants.length; i += 16) {
    const batch = tenants.slice(i, i + 16);
    const results = await Promise.all(batch.map((t) => asTenant(t.id, system, () => Department.seedStandard())));
    created += results.reduce((s, r) => s + r.created, 0);
  }
  let demoNotice = false;
  let demoCatalogueVersion: number | undefined;
  if (options.demo) {
    // The province's system publishes version 1 of the demo catalogue, once.
    const provinceSystem: Actor = { type: "machine", clientId: "province-catalogue", tenantId: PROVINCE_ID, role: "province-admin" };
    await asTenant(PROVINCE_ID, provinceSystem, async () => {
      if ((await Catalogue.versions()).length > 0) return;
      demoCatalogueVersion = (await Catalogue.publish(demoCatalogue())).version;
    });
    const fuzhou: Actor = { type: "user", userId: "usr_fuzhou-admin", name: "李华（福州市综合监管办）", tenantId: "350100", role: "tenant-admin" };
    await asTenant("350100", fuzhou, async () => {
      if ((await Notice.list({ box: "sent" })).length > 0) return;
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
      if ((await AssistanceRequest.list({ box: "sent" })).length > 0) return;
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
  if (options.demo) await seedDemoDispute();
  // 鼓楼区: one open lead-department dispute about a new industry, with a reply in its thread.
  if (options.demo) await seedDemoDispute();
  return { departmentsCreated: created, demoNotice, demoCatalogueVersion };
}

async function seedDemoDispute() {
  const GULOU = "350102";
  const [market, culture] = [Department.standardId(GULOU, "market"), Department.standardId(GULOU, "culture-tourism")];
  const officer: Actor = { type: "user", userId: "usr_gulou-officer", name: "陈静（鼓楼区市场监管局）", tenantId: GULOU, role: "officer", departmentId: market };
  const opened = await asTenant(GULOU, officer, async () => {
    if ((await Dispute.list({})).length > 0) return undefined;
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

async function seedDemoDispute() {
  const GULOU = "350102";
  const [market, culture] = [Department.standardId(GULOU, "market"), Department.standardId(GULOU, "culture-tourism")];
  const officer: Actor = { type: "user", userId: "usr_gulou-officer", name: "陈静（鼓楼区市场监管局）", tenantId: GULOU, role: "officer", departmentId: market };
  const opened = await asTenant(GULOU, officer, async () => {
    if ((await Dispute.list({})).length > 0) return undefined;
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
