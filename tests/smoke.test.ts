import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestApi, type TestApi } from "./support/api";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

test("who am I", async () => {
  const res = await api.call("GET", "/me", { token: await api.tokenFor("350102", "officer") });
  expect(res.status).toBe(200);
  expect(res.json.tenant.name).toBe("鼓楼区");
});
