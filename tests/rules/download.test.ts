import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Department } from "../../packages/core/src/department/index";
import { safeContentType } from "../../packages/core/src/util/download";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem } from "../support/context";

/** Downloads are served as a safe type, never as what the uploader declared. */
const GULOU = "350102";
let api: TestApi;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  await asSystem(() => Department.seedStandard(), GULOU);
  token = await api.tokenFor(GULOU, "officer");
});
afterAll(() => api.stop());

async function roundTrip(name: string, contentType: string, content: string) {
  const up = await api.call("POST", "/assistance/attachments", { token, body: { name, contentType, data: Buffer.from(content).toString("base64") } });
  expect(up.status).toBe(201);
  const res = await api.app.request(`/api/assistance/attachments?hash=${up.json.hash}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(Buffer.from(await res.arrayBuffer()).toString()).toBe(content);
  return res.headers;
}

describe("attachment downloads", () => {
  test("an uploader's text/html is served as a download of octet-stream, never as a page", async () => {
    const h = await roundTrip("证据𠮷.html", "text/html", "<script>alert(document.cookie)</script>");
    expect(h.get("content-type")).toBe("application/octet-stream");
    expect(h.get("content-disposition")).toMatch(/^attachment;/);
    expect(h.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("证据𠮷.html")}`);
    expect(h.get("x-content-type-options")).toBe("nosniff");
    expect(h.get("content-security-policy")).toContain("sandbox");
  });

  test("SVG (script inside an image) is not previewable either", async () => {
    const h = await roundTrip("图.svg", "image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    expect(h.get("content-type")).toBe("application/octet-stream");
    expect(h.get("content-disposition")).toMatch(/^attachment;/);
    expect(h.get("x-content-type-options")).toBe("nosniff");
  });

  test("a PNG or a text file on the list is previewable as itself, still nosniff", async () => {
    const png = await roundTrip("现场照片.png", "image/png", "\x89PNG fake bytes");
    expect(png.get("content-type")).toBe("image/png");
    expect(png.get("content-disposition")).toMatch(/^inline;/);
    expect(png.get("x-content-type-options")).toBe("nosniff");
    const txt = await roundTrip("说明.txt", "Text/Plain; charset=gbk", "现场检查记录");
    expect(txt.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(txt.get("x-content-type-options")).toBe("nosniff");
  });

  test("a spreadsheet on the list keeps its type but is saved, not shown", () => {
    expect(safeContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).toEqual({ type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", inline: false });
    expect(safeContentType(undefined)).toEqual({ type: "application/octet-stream", inline: false });
  });

  test("every API response says nosniff", async () => {
    const res = await api.call("GET", "/tenant/departments", { token });
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
