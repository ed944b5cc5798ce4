import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Department } from "@supervision/core/department/index";
import { Tenant } from "@supervision/core/tenant/index";
import { PageInput, pageOf } from "@supervision/core/util/page";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const TenantView = Tenant.Info.extend({
  parent: Tenant.Info.nullable(),
  children: z.array(Tenant.Info),
}).meta({ id: "TenantView" });

const DepartmentParams = z.object({ departmentId: Department.Id });

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
