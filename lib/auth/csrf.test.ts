// Cookie-session writes from another site (even a sibling subdomain, which
// SameSite=Lax lets through) are refused; our own pages and non-browser callers are not.
import { beforeAll, describe, expect, it } from "vitest";
import * as memories from "../../app/api/v1/memories/route";
import { call, reply, signInLocally, useFreshDb, userTest } from "../testing/harness";

beforeAll(async () => {
  await useFreshDb();
});

describe("cross-site writes to the dashboard API", () => {
  userTest.for([
    ["cross-site", 403],
    ["same-site", 403],
    ["same-origin", 201],
    [undefined, 201],
  ] as const)("Sec-Fetch-Site %s → %i", async ([site, status], { user }) => {
    const r = await user.post(memories.POST, "/api/v1/memories", { body: { text: `Written with Sec-Fetch-Site ${site}` }, headers: site ? { "sec-fetch-site": site } : {} });
    expect(r.status).toBe(status);
    if (status === 403) expect(r.body.error.code).toBe("cross_site_request");
  });

  userTest("reads are not affected (a cross-site GET gets the JSON it would anyway)", async ({ user }) => {
    const r = await user.get(memories.GET, "/api/v1/memories", { headers: { "sec-fetch-site": "cross-site" } });
    expect(r.status).toBe(200);
  });
});

describe("cookie writes must be JSON and come from our origin", () => {
  const add = (user: { post: (h: typeof memories.POST, p: string, i: object) => Promise<{ status: number; body: { error?: { code: string } } }> }, headers: Record<string, string>, body: unknown = { text: `csrf ${crypto.randomUUID()}` }) =>
    user.post(memories.POST, "/api/v1/memories", { body: typeof body === "string" ? body : JSON.stringify(body), headers });

  userTest.for([
    ["text/plain", 415],
    ["text/plain; charset=utf-8", 415],
    ["application/x-www-form-urlencoded", 415],
    ["multipart/form-data; boundary=x", 415],
    ["application/xml", 415],
    ["application/json", 201],
    ["Application/JSON; charset=utf-8", 201],
  ] as const)("Content-Type %s → %i", async ([type, status], { user }) => {
    const r = await add(user, { "content-type": type });
    expect(r.status).toBe(status);
    if (status === 415) expect(r.body.error?.code).toBe("unsupported_media_type");
  });

  userTest("a body without any Content-Type (a no-cors fetch of bytes) is refused", async ({ user }) => {
    const request = new Request("http://localhost:3000/api/v1/memories", { method: "POST", headers: { cookie: user.cookie, "content-length": "30" }, body: new TextEncoder().encode('{"text":"no type at all here"}') });
    expect(request.headers.get("content-type")).toBeNull();
    const r = await reply(await memories.POST(request, { params: Promise.resolve({}) }));
    expect(r.status).toBe(415);
  });

  userTest.for([
    ["https://evil.example", 403],
    ["null", 403],
    ["http://localhost:3000.evil.example", 403],
    ["http://localhost:3000", 201],
  ] as const)("Origin %s → %i", async ([origin, status], { user }) => {
    const r = await add(user, { "content-type": "application/json", origin, host: "localhost:3000" });
    expect(r.status).toBe(status);
    if (status === 403) expect(r.body.error?.code).toBe("cross_site_request");
  });

  userTest("behind a proxy, Origin is compared with X-Forwarded-Host", async ({ user }) => {
    const r = await add(user, { "content-type": "application/json", origin: "https://memory.example.com", host: "10.0.0.5:3000", "x-forwarded-host": "memory.example.com" });
    expect(r.status).toBe(201);
  });

  it("Bearer callers are not browsers: any Origin and text/plain JSON are fine", async () => {
    const { token } = await signInLocally("csrf-bearer@example.com");
    const r = await reply(await call(memories.POST, { method: "POST", path: "/api/v1/memories", body: JSON.stringify({ text: "sent by curl -d" }), headers: { authorization: `Bearer ${token}`, "content-type": "text/plain", origin: "https://elsewhere.example" } }));
    expect(r.status).toBe(201);
  });
});
