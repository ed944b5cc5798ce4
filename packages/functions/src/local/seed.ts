import { Catalogue } from "@supervision/core/catalogue/index";
import { demoCatalogue } from "@supervision/core/catalogue/demo";
import { withContext, type Actor } from "@supervision/core/context";
import { Department } from "@supervision/core/department/index";
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
  return { departmentsCreated: created, demoNotice, demoCatalogueVersion };
}
