import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Evidence } from "@supervision/core/evidence/index";
import { Referral } from "@supervision/core/referral/index";
import { downloadHeaders } from "@supervision/core/util/download";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const FileParams = z.object({ referralId: Referral.Id, hash: z.string().regex(/^[0-9a-f]{64}$/).meta({ example: "c".repeat(64) }) });

/** 证据文件: upload the file behind a referral's evidence item, and open it
 * (checked against its hash) wherever the referral itself may be read. */
export const evidence = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("referral.write", {
      method: "post",
      path: "/",
      summary: "上传证据文件（按内容哈希保存，每个 ≤4 MB） / upload an evidence file (stored by content hash, ≤4 MB each)",
      tags: ["evidence"],
      request: { body: { content: { "application/json": { schema: Evidence.UploadInput } }, required: true } },
      responses: { 201: json(Evidence.FileRef, "已上传"), 413: { description: "文件过大 / too large" } },
    }),
    async (c) => c.json(await Evidence.upload(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("referral.read", {
      method: "get",
      path: "/referrals/{referralId}/{hash}",
      summary: "打开移送案件的一项证据（校验哈希后提供） / open one evidence file of a referral, checked against its hash",
      tags: ["evidence"],
      request: { params: FileParams },
      responses: { 200: { description: "文件 / the bytes", content: { "application/octet-stream": { schema: z.string() } } } },
    }),
    async (c) => {
      const file = await Evidence.referralFile(c.req.valid("param"));
      return c.body(new Uint8Array(file.bytes), 200, { ...downloadHeaders(file), "x-content-sha256": file.hash }) as never;
    },
  );
