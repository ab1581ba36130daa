// Real HTTP against the production server: status codes and shapes that clients
// depend on, which only the full Next.js stack (routing, proxy) can show.
import { expect, test } from "@playwright/test";

test("health answers with the database status", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ status: "ok", db: "ok" });
});

test("a trailing slash is served, not redirected", async ({ request }) => {
  const res = await request.get("/api/health/", { maxRedirects: 0 });
  expect(res.status()).toBe(200);
});

test("API calls without a session get 401 JSON, never a redirect to the login page", async ({ request }) => {
  const res = await request.get("/api/v1/me", { maxRedirects: 0 });
  expect(res.status()).toBe(401);
  expect(res.headers()["content-type"]).toContain("application/json");
  expect(await res.json()).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
});

test("local sign-in over HTTP sets an httpOnly cookie that authenticates /api/v1/me", async ({ request }) => {
  const res = await request.post("/auth/local/sign-in", { data: { email: "http-contract@example.com" } });
  expect(res.status()).toBe(200);
  const cookie = res.headers()["set-cookie"];
  expect(cookie).toMatch(/jean-session=.+; Path=\/; HttpOnly; SameSite=Lax/);
  const me = await request.get("/api/v1/me");
  expect((await me.json()).email).toBe("http-contract@example.com");
});

test("bad sign-in input gets a 400 naming the field", async ({ request }) => {
  const res = await request.post("/auth/local/sign-in", { data: { email: "nope" } });
  expect(res.status()).toBe(400);
  const body = await res.json();
  expect(body.error.code).toBe("validation_error");
  expect(body.error.details[0].field).toBe("email");
  const malformed = await request.post("/auth/local/sign-in", { data: Buffer.from("{not json"), headers: { "content-type": "application/json" } });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.code).toBe("invalid_json");
});

test("pages carry a nonce-based CSP that forbids framing, and security headers; API answers are never cached", async ({ request }) => {
  const page = await request.get("/login");
  const h = page.headers();
  const csp = h["content-security-policy"];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  // Every script Next renders carries this request's nonce; a second request gets another.
  const scripts = [...(await page.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
  expect((await request.get("/login")).headers()["content-security-policy"]).not.toContain(nonce!);
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");

  for (const path of ["/api/v1/me", "/api/health"]) {
    const api = await request.get(path);
    expect(api.headers()["cache-control"], path).toContain("no-store");
    expect(api.headers()["x-content-type-options"], path).toBe("nosniff");
  }
});

test("a route id that is not valid percent-encoding is a 400 JSON, not Next's text/plain 500", async ({ request }) => {
  const routes = [
    "/api/v1/memories/{}",
    "/api/v1/memories/{}/history",
    "/api/v1/memories/{}/access-log",
    "/api/v1/memories/{}/related",
    "/api/v1/memories/actions/{}",
    "/api/v1/apps/{}",
    "/api/v1/apps/{}/memories",
    "/api/v1/keys/{}",
    "/memories/{}",
    "/apps/{}",
  ];
  for (const bad of ["%FF", "%", "%C0%AF", "%E0%A4%A"]) {
    for (const route of routes) {
      const path = route.replace("{}", bad);
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(400);
      expect((await res.json()).error.code, path).toBe("bad_request");
    }
    for (const path of [`/mcp/messages/${bad}`, `/agent/v1/mcp/${bad}`]) {
      const res = await request.post(path, { data: { jsonrpc: "2.0", id: 1, method: "tools/list" } });
      expect(res.status(), path).toBe(400);
      expect((await res.json()).error.code, path).toBe(-32600);
    }
  }
});
