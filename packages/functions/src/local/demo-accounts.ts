import { Department } from "@supervision/core/department/index";
import type { Role } from "@supervision/core/auth/roles";

/** One demo account per role, in the province, a city, two counties of that
 * city and a county of another city. Local mode only. */
export const DEMO_PASSWORD = "demo123";

export interface DemoAccount {
  username: string;
  name: string;
  tenantId: string;
  role: Role;
  departmentType?: string;
}

export const DemoAccounts: DemoAccount[] = [
  { username: "province", name: "张明（省职转办）", tenantId: "350000", role: "province-admin", departmentType: "function-transformation" },
  { username: "fuzhou-admin", name: "李华（福州市综合监管办）", tenantId: "350100", role: "tenant-admin", departmentType: "supervision-office" },
  { username: "gulou-admin", name: "王芳（鼓楼区综合监管办）", tenantId: "350102", role: "tenant-admin", departmentType: "supervision-office" },
  { username: "gulou-officer", name: "陈静（鼓楼区市场监管局）", tenantId: "350102", role: "officer", departmentType: "market" },
  { username: "gulou-inspector", name: "林强（鼓楼区市场监管局执法队）", tenantId: "350102", role: "inspector", departmentType: "market" },
  // 综合查一次 (issue 13): the second inspector of the demo joint visit, who signs with 林强.
  { username: "gulou-health-inspector", name: "周婷（鼓楼区卫生健康委执法队）", tenantId: "350102", role: "inspector", departmentType: "health" },
  { username: "gulou-auditor", name: "黄敏（鼓楼区纪委监委）", tenantId: "350102", role: "auditor" },
  { username: "gulou-judicial", name: "吴磊（鼓楼公安分局）", tenantId: "350102", role: "judicial", departmentType: "public-security" },
  { username: "gulou-procurator", name: "孙悦（鼓楼区人民检察院）", tenantId: "350102", role: "judicial", departmentType: "procuratorate" },
  { username: "gulou-bianban", name: "赵敏（鼓楼区委编办）", tenantId: "350102", role: "officer", departmentType: "establishment" },
  { username: "taijiang-admin", name: "郑丽（台江区综合监管办）", tenantId: "350103", role: "tenant-admin", departmentType: "supervision-office" },
  { username: "taijiang-officer", name: "刘洋（台江区市场监管局）", tenantId: "350103", role: "officer", departmentType: "market" },
  { username: "siming-admin", name: "周婷（厦门市思明区综合监管办）", tenantId: "350203", role: "tenant-admin", departmentType: "supervision-office" },
  { username: "siming-officer", name: "许斌（思明区市场监管局）", tenantId: "350203", role: "officer", departmentType: "market" },
];

/** Machine clients (client-credentials): the province's catalogue system. */
export const DemoClients = [
  { clientId: "province-catalogue", secret: "demo-secret", tenantId: "350000", role: "province-admin" as Role },
  // 线索来源系统 (issue 14): one machine client per clue source for 鼓楼区's demo; each only pushes clues (role source-system).
  ...(["hotline-12345", "association", "media", "department", "sensor", "video", "online-shop"] as const).map((s) => ({
    clientId: `clue-${s}-350102`,
    secret: "demo-secret",
    tenantId: "350102",
    role: "source-system" as Role,
  })),
];

export function departmentIdOf(a: DemoAccount) {
  return a.departmentType ? Department.standardId(a.tenantId, a.departmentType) : undefined;
}
