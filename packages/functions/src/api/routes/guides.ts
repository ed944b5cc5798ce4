import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { Catalogue } from "@supervision/core/catalogue/index";
import { buildGuide, ComplianceGuide, GuideIndex, guideIndex, GuideParams, type CatalogueInForce } from "@supervision/core/catalogue/guide";
import { withContext } from "@supervision/core/context";
import { VisibleError } from "@supervision/core/error";
import { ErrorSchema, json } from "../common";
import type { AppEnv } from "../env";

/** 一业一册: public compliance guides, no sign-in. Generated from the catalogue
 * version in force, which core caches (Catalogue.PUBLIC_TTL_MS): an anonymous
 * request reads nothing from the table in between, and CloudFront (and browsers)
 * may keep the answer as long. */
async function inForce(): Promise<CatalogueInForce | undefined> {
  const c = await Catalogue.publicInForce();
  if (!c.version) return undefined;
  return { version: c.version, title: c.title, publishedAt: c.publishedAt ?? "", items: c.items };
}

const maxAge = Math.floor(Catalogue.PUBLIC_TTL_MS / 1000);
/** Shared caches (CloudFront) keep a guide as long as core does; a stale one may be served while it refreshes. */
const cacheControl = { "cache-control": `public, max-age=${maxAge}, s-maxage=${maxAge}, stale-while-revalidate=${maxAge}` };

export const guides = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      summary: "合规指南目录（公开）/ compliance guides by industry (public)",
      tags: ["guides"],
      security: [],
      responses: { 200: json(GuideIndex, "行业及适用事项数 / industries with item counts") },
    }),
    async (c) => c.json(await withContext(c.var.ctx, async () => guideIndex(await inForce())), 200, cacheControl),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{industry}",
      summary: "一个行业的合规指南（公开）/ one industry's compliance guide (public)",
      tags: ["guides"],
      security: [],
      request: { params: GuideParams },
      responses: {
        200: json(ComplianceGuide, "合规指南 / the guide"),
        404: { description: "没有此行业 / no such industry", content: { "application/json": { schema: ErrorSchema } } },
      },
    }),
    async (c) => {
      const { industry } = c.req.valid("param");
      // Public: the request's anonymous context, no tenant.
      const guide = await withContext(c.var.ctx, async () => buildGuide(await inForce(), industry));
      if (!guide) throw new VisibleError("catalogue.industry_not_found", { industry }, 404);
      return c.json(guide, 200, cacheControl);
    },
  );
