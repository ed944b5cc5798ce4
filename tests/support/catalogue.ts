import type { Change, SupervisionItem } from "../../packages/core/src/catalogue/item";

/** Test supervision items and versions (the demo catalogue is seeded elsewhere). */
export function testItem(code: string, overrides: Partial<SupervisionItem> = {}): SupervisionItem {
  return {
    code,
    name: `测试事项 ${code}`,
    keyArea: "food",
    leadDepartmentType: "market",
    cooperatingDepartmentTypes: ["health"],
    legalBasis: [{ law: "《中华人民共和国食品安全法》", article: "第八十七条" }],
    objectTypes: ["catering"],
    workGuide: {
      subject: "县级市场监督管理部门",
      objects: "餐饮服务提供者",
      procedure: ["制定检查计划", "实施现场检查", "公示检查结果"],
      content: ["许可证照是否齐全", "从业人员健康证明"],
      methods: ["现场检查", "抽样检验"],
    },
    ...overrides,
  };
}

export const LAW = "《中华人民共和国食品安全法》";

export function enact(code: string, overrides: Partial<SupervisionItem> = {}): Change {
  return { basis: "enact", law: LAW, effectiveDate: "2026-01-01", item: testItem(code, overrides) };
}
export function amend(code: string, overrides: Partial<SupervisionItem> = {}): Change {
  return { basis: "amend", law: LAW, effectiveDate: "2026-06-01", item: testItem(code, { name: `修订后的事项 ${code}`, ...overrides }) };
}
export function interpret(code: string): Change {
  return { basis: "interpret", law: "《关于食品安全法第八十七条的解释》", effectiveDate: "2026-07-01", item: testItem(code) };
}
export function repeal(code: string): Change {
  return { basis: "repeal", law: LAW, effectiveDate: "2026-08-01", code };
}
