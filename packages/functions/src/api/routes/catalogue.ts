import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Catalogue } from "@supervision/core/catalogue/index";
import { CatalogueSync } from "@supervision/core/catalogue-sync/index";
import { PageInput, pageOf } from "@supervision/core/util/page";
import { ErrorSchema, json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

/** 监管事项清单: the province publishes versions (its system pushes them with
 * a client-credentials token); every tenant reads the items in force at the
 * version it has synced, and its diff. */

const VersionParams = z.object({
  version: z
    .string()
    .regex(/^[1-9]\d{0,8}$/)
    .meta({ example: "1" }),
});
const CodeParams = z.object({
  code: Catalogue.ItemCode.meta({ example: "FJ-SP-001" }),
});

const example = {
  version: 1,
  title: "福建省跨部门综合监管事项清单（第1版）",
  changes: [
    {
      basis: "enact",
      law: "《中华人民共和国食品安全法》",
      effectiveDate: "2026-01-01",
      item: {
        code: "FJ-SP-001",
        name: "餐饮服务食品安全监管",
        keyArea: "food",
        leadDepartmentType: "market",
        cooperatingDepartmentTypes: ["health"],
        legalBasis: [{ law: "《中华人民共和国食品安全法》", article: "第八十七条" }],
        objectTypes: ["catering"],
        workGuide: {
          subject: "县级市场监督管理部门",
          objects: "餐饮服务提供者",
          procedure: ["制定检查计划", "实施现场检查", "公示检查结果"],
          content: ["许可证照", "从业人员健康证明"],
          methods: ["现场检查"],
        },
      },
    },
  ],
};
const PublishBody = Catalogue.VersionInput.meta({ id: "CataloguePublish", example });

export const catalogue = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("catalogue.publish", {
      method: "post",
      path: "/versions",
      summary: "发布清单版本 / publish a catalogue version (province; body up to 6 MB)",
      description:
        "版本号须为当前版本 + 1；同号同内容返回 200 unchanged；同号不同内容或更小的版本号 → 409 catalogue.version_exists；跳号 → 409 catalogue.version_gap。",
      tags: ["catalogue"],
      request: { body: { content: { "application/json": { schema: PublishBody } }, required: true } },
      responses: {
        201: json(Catalogue.PublishResult, "已发布，并向每个租户发出同步消息"),
        200: json(Catalogue.PublishResult, "同一版本已发布，内容相同，未作任何写入"),
        409: json(ErrorSchema, "版本已存在或跳号 / version exists or skips"),
      },
    }),
    async (c) => {
      const result = await CatalogueSync.publish(c.req.valid("json"));
      return result.status === "published" ? c.json(result, 201) : c.json(result, 200);
    },
  )
  .openapi(
    protectedRoute("catalogue.read", {
      method: "get",
      path: "/versions",
      summary: "清单版本（本级已同步的），分页 / versions received here, newest first, one page",
      tags: ["catalogue"],
      request: { query: PageInput },
      responses: { 200: json(pageOf(Catalogue.VersionInfo).meta({ id: "CatalogueVersionPage" }), "版本") },
    }),
    async (c) => c.json(await Catalogue.versions(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("catalogue.read", {
      method: "get",
      path: "/versions/{version}",
      summary: "清单版本详情及变更（立改废释） / one version and its changes",
      tags: ["catalogue"],
      request: { params: VersionParams },
      responses: { 200: json(Catalogue.VersionDetail, "版本") },
    }),
    async (c) => c.json(await Catalogue.version(Number(c.req.valid("param").version)), 200),
  )
  .openapi(
    protectedRoute("catalogue.read", {
      method: "get",
      path: "/items",
      summary: "本级现行事项，按编码分页，可按编码/名称查找、按重点领域筛选 / items in force at this tenant's version, one page by code; search by code or name, filter by key area",
      tags: ["catalogue"],
      request: { query: Catalogue.ItemsInput },
      responses: { 200: json(pageOf(Catalogue.ItemInfo).extend({ version: z.number().int() }).meta({ id: "CatalogueItemPage" }), "事项") },
    }),
    async (c) => c.json(await Catalogue.items(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("catalogue.read", {
      method: "get",
      path: "/items/{code}",
      summary: "事项详情（含工作指引） / one item in force, with its work guide",
      tags: ["catalogue"],
      request: { params: CodeParams },
      responses: { 200: json(Catalogue.ItemInfo, "事项") },
    }),
    async (c) => c.json(await Catalogue.item(c.req.valid("param").code), 200),
  )
  .openapi(
    protectedRoute("catalogue.read", {
      method: "get",
      path: "/sync",
      summary: "本级同步情况与差异 / this tenant's version, when it got it, and the diff",
      tags: ["catalogue"],
      responses: { 200: json(Catalogue.SyncInfo, "同步情况") },
    }),
    async (c) => c.json(await Catalogue.syncState(), 200),
  )
  .openapi(
    protectedRoute("catalogue.status", {
      method: "get",
      path: "/tenants",
      summary: "各地同步与落实情况（省级） / per-tenant version and completeness (province)",
      tags: ["catalogue"],
      request: { query: Catalogue.TenantStatusInput },
      responses: { 200: json(pageOf(Catalogue.TenantStatusInfo).meta({ id: "CatalogueTenantStatusPage" }), "各租户（按区划代码分页）") },
    }),
    async (c) => c.json(await Catalogue.tenantStatuses(c.req.valid("query")), 200),
  );
