// Local sign-in: login CSRF (double-submit token), JSON only otherwise, other origins
// refused, and per-address limits on sign-ins and on failed API-key attempts.
import { beforeAll, describe, expect, it } from "vitest";
import * as signIn from "../../app/auth/local/sign-in/route";
import * as signOut from "../../app/auth/sign-out/route";
import * as agentMe from "../../app/agent/v1/me/route";
import * as keys from "../../app/api/v1/keys/route";
import { call, reply, signInLocally, useFreshDb } from "../testing/harness";
import { FAILED_KEY_ATTEMPTS_PER_MINUTE, SIGN_INS_PER_MINUTE } from "./address-limits";
import { LOGIN_CSRF_COOKIE } from "./login-csrf";
import { LOCAL_SESSION_COOKIE } from "./session-cookie";

beforeAll(async () => {
  await useFreshDb();
});

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  call(signIn.POST, { method: "POST", path: "/auth/local/sign-in", body: new URLSearchParams(fields).toString(), headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
const json = (email: string, headers: Record<string, string> = {}) => call(signIn.POST, { method: "POST", path: "/auth/local/sign-in", body: { email }, headers });
const sessionCookie = (res: Response) => (res.headers.get("set-cookie") ?? "").startsWith(`${LOCAL_SESSION_COOKIE}=`);

describe("the sign-in form needs its CSRF token", () => {
  it.each<[string, Record<string, string>, Record<string, string>]>([
    ["no token and no cookie", {}, {}],
    ["a token but no cookie", { csrf: "abc" }, {}],
    ["a cookie but no token", {}, { cookie: `${LOGIN_CSRF_COOKIE}=abc` }],
    ["a token that is not the cookie's", { csrf: "abd" }, { cookie: `${LOGIN_CSRF_COOKIE}=abc` }],
  ])("%s: back to /login, nobody signed in", async (_label, fields, headers) => {
    const res = await form({ email: "attacker@example.com", next: "/memories", ...fields }, headers);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?error=form_expired&next=%2Fmemories");
    expect(sessionCookie(res)).toBe(false);
  });

  it("the token the login page handed out signs in", async () => {
    const res = await form({ email: "form@example.com", csrf: "tok_123" }, { cookie: `other=1; ${LOGIN_CSRF_COOKIE}=tok_123` });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    expect(sessionCookie(res)).toBe(true);
  });

  it("a form posted from another origin is refused before anything else", async () => {
    const res = await reply(await form({ email: "x@example.com", csrf: "t" }, { cookie: `${LOGIN_CSRF_COOKIE}=t`, origin: "https://evil.example", host: "localhost:3000" }));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("cross_site_request");
  });
});

describe("JSON sign-in", () => {
  it.each(["text/plain", "multipart/form-data; boundary=x"])("%s is refused with 415 (a page elsewhere could send it without asking)", async (type) => {
    const res = await reply(await call(signIn.POST, { method: "POST", path: "/auth/local/sign-in", body: JSON.stringify({ email: "plain@example.com" }), headers: { "content-type": type } }));
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe("unsupported_media_type");
  });

  it("Sec-Fetch-Site cross-site is refused", async () => {
    const res = await reply(await json("xs@example.com", { "sec-fetch-site": "cross-site" }));
    expect(res.status).toBe(403);
  });
});

describe("per-address limits", () => {
  it(`${SIGN_INS_PER_MINUTE} sign-ins a minute from one address, then 429 with Retry-After; other addresses and loopback are not affected`, async () => {
    const from = { "x-forwarded-for": "198.51.100.20" };
    for (let i = 0; i < SIGN_INS_PER_MINUTE; i++) expect((await json(`limit${i}@example.com`, from)).status).toBe(200);
    const refused = await reply(await json("one-more@example.com", from));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const formRefused = await form({ email: "f@example.com", csrf: "t" }, { ...from, cookie: `${LOGIN_CSRF_COOKIE}=t` });
    expect(formRefused.headers.get("location")).toBe("/login?error=too_many_attempts");
    expect((await json("other@example.com", { "x-forwarded-for": "198.51.100.21" })).status).toBe(200);
    // The limit counts the last hop: a forged first entry does not reset it.
    expect((await json("forged@example.com", { "x-forwarded-for": "203.0.113.1, 198.51.100.20" })).status).toBe(429);
    for (let i = 0; i < SIGN_INS_PER_MINUTE + 5; i++) expect((await json(`local${i}@example.com`, { "x-forwarded-for": "127.0.0.1" })).status).toBe(200);
  });

  it(`${FAILED_KEY_ATTEMPTS_PER_MINUTE} failed key attempts a minute from one address, then 429 even for a valid key; other addresses keep working`, async () => {
    const { cookie } = await signInLocally("keys-limit@example.com");
    const created = await reply(await call(keys.POST, { method: "POST", path: "/api/v1/keys", headers: { cookie }, body: { name: "limit test" } }));
    const valid = created.body.key as string;
    const me = (key: string, address: string) => call(agentMe.GET, { path: "/agent/v1/me", headers: { authorization: `Bearer ${key}`, "x-forwarded-for": address } });

    expect((await me(valid, "198.51.100.30")).status).toBe(200);
    for (let i = 0; i < FAILED_KEY_ATTEMPTS_PER_MINUTE; i++) {
      const guess = i % 2 ? "jean_sk_not-even-well-formed" : valid.slice(0, -4) + "AAAA";
      expect((await me(guess, "198.51.100.30")).status).toBe(401);
    }
    const blocked = await reply(await me(valid, "198.51.100.30"));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await me(valid, "198.51.100.31")).status).toBe(200);
    // Successes never count: a busy agent is not slowed by its own valid calls.
    for (let i = 0; i < FAILED_KEY_ATTEMPTS_PER_MINUTE + 5; i++) expect((await me(valid, "198.51.100.32")).status).toBe(200);
  });
});

describe("sign-out", () => {
  it("a form posted from another site cannot sign people out", async () => {
    const { cookie } = await signInLocally("signout@example.com");
    const res = await reply(await call(signOut.POST, { method: "POST", path: "/auth/sign-out", headers: { cookie, "sec-fetch-site": "cross-site" } }));
    expect(res.status).toBe(403);
    const me = await reply(await call((await import("../../app/api/v1/me/route")).GET, { headers: { cookie } }));
    expect(me.status).toBe(200);
  });
});
