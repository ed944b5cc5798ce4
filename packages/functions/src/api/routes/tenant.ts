import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Department } from "@supervision/core/department/index";
import { Tenant } from "@supervision/core/tenant/index";
import { townshipsOf } from "@supervision/core/tenant/townships";
import { PageInput, pageOf } from "@supervision/core/util/page";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const TenantView = Tenant.Info.extend({
  parent: Tenant.Info.nullable(),
  children: z.array(Tenant.Info),
}).meta({ id: "TenantView" });

const DepartmentParams = z.object({ departmentId: Department.Id });
const OrganParams = z.object({
  tenantId: z.string().regex(/^\d{6}$/).meta({ example: "350102" }),
  type: z.string().max(40).meta({ example: "procuratorate" }),
});
const Township = z.object({ id: z.string().regex(/^\d{9}$/), name: z.string() }).meta({ id: "Township" });

export const tenant = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("tenant.read", {
      method: "get",
      path: "/",
      summary: "本级行政区划及其上下级 / my tenant, its parent and the tenants below",
      tags: ["tenant"],
      responses: { 200: json(TenantView, "本级") },
    }),
    (c) => {
      const t = Tenant.current();
      return c.json({ ...t, parent: t.parentId ? (Tenant.get(t.parentId) ?? null) : null, children: Tenant.children(t.id) }, 200);
    },
  )
  .openapi(
    protectedRoute("tenant.read", {
      method: "get",
      path: "/children",
      summary: "下级行政区划 / tenants directly below mine",
      tags: ["tenant"],
      responses: { 200: json(z.array(Tenant.Info), "下级") },
    }),
    (c) => c.json(Tenant.children(Tenant.current().id), 200),
  )
  .openapi(
    protectedRoute("tenant.read", {
      method: "get",
      path: "/all",
      summary: "全部行政区划（GB/T 2260，供跨区域协助选择接收方） / every tenant (to pick the receiver of a request)",
      tags: ["tenant"],
      responses: { 200: json(z.array(Tenant.Info), "全部行政区划") },
    }),
    (c) => c.json(Tenant.all(), 200),
  )
  .openapi(
    protectedRoute("tenant.read", {
      method: "get",
      path: "/townships",
      summary: "本级所辖乡镇（街道），供选择 / the townships of my tenant (a county's; none for a city or the province)",
      tags: ["tenant"],
      responses: { 200: json(z.array(Township).meta({ id: "TownshipList" }), "乡镇（街道）") },
    }),
    // Static reference data (GB/T 2260 townships): no table read.
    (c) => c.json(townshipsOf(Tenant.current().id), 200),
  )
  .openapi(
    protectedRoute("organ.configure", {
      method: "get",
      path: "/organs",
      summary: "省级：各地公安、检察、编办、执法监督等机关的设置 / province: the reserved organs of each tenant",
      description:
        "带 tenantId：该地每类机关一行（未经本页设置的为 absent）；不带：已设置的全部行，分页。 / With tenantId: one row per reserved organ type of that tenant (absent when never configured here); without: every configured row, one page.",
      tags: ["department"],
      request: { query: Department.OrganListInput },
      responses: { 200: json(pageOf(Department.OrganInfo).meta({ id: "OrganConfigPage" }), "机关设置") },
    }),
    async (c) => c.json(await Department.organs(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("organ.configure", {
      method: "put",
      path: "/organs/{tenantId}/{type}",
      summary: "省级：设置一地的一个机关（经消息由该地执行） / province: set one organ of one tenant (applied by the tenant through a message)",
      tags: ["department"],
      request: {
        params: OrganParams,
        body: {
          content: {
            "application/json": {
              schema: Department.OrganSetInput.omit({ tenantId: true, type: true }).meta({
                id: "OrganSetBody",
                example: { name: "福州市鼓楼区人民检察院", nameEn: "Gulou District People's Procuratorate", status: "active", version: 0 },
              }),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(Department.OrganInfo, "已设置，待该地执行") },
    }),
    async (c) => c.json(await Department.setOrgan({ ...c.req.valid("json"), ...c.req.valid("param") }), 200),
  )
  .openapi(
    protectedRoute("tenant.read", {
      method: "get",
      path: "/departments",
      summary: "本级部门，分页 / departments of my tenant, one page",
      tags: ["department"],
      request: { query: PageInput },
      responses: { 200: json(pageOf(Department.Info).meta({ id: "DepartmentPage" }), "部门列表") },
    }),
    async (c) => c.json(await Department.page(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("tenant.read", {
      method: "get",
      path: "/departments/{departmentId}",
      summary: "部门详情 / one department",
      tags: ["department"],
      request: { params: DepartmentParams },
      responses: { 200: json(Department.Info, "部门") },
    }),
    async (c) => c.json(await Department.fromID(c.req.valid("param").departmentId), 200),
  )
  .openapi(
    protectedRoute("department.write", {
      method: "post",
      path: "/departments",
      summary: "新增部门 / add a department",
      tags: ["department"],
      request: { body: { content: { "application/json": { schema: Department.CreateInput } }, required: true } },
      responses: { 201: json(Department.Info, "已新增") },
    }),
    async (c) => c.json(await Department.create(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("department.write", {
      method: "patch",
      path: "/departments/{departmentId}",
      summary: "修改部门 / change a department",
      tags: ["department"],
      request: {
        params: DepartmentParams,
        body: {
          content: {
            "application/json": {
              schema: Department.UpdateInput.omit({ id: true }).meta({ id: "DepartmentPatch", example: { version: 1, name: "鼓楼区市场监督管理局（知识产权局）" } }),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(Department.Info, "已修改") },
    }),
    async (c) => c.json(await Department.update({ ...c.req.valid("json"), id: c.req.valid("param").departmentId }), 200),
  );
