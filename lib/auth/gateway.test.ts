import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db";
import { getConfig } from "../config";
import { startServer } from "../startup";
import { captureStderr, useFreshDb, withEnv } from "../testing/harness";
import { DEFAULT_CLIENT_NAME, getGatewayUser } from "./gateway";
import type { AuthResult, GatewayPrincipal } from "./types";

let db: Db;
beforeAll(async () => {
  db = await useFreshDb();
});

function request(headers: Record<string, string> = {}): Request {
  return new Request("http://localhost:3000/mcp/messages/", { method: "POST", headers });
}

function expectOk(result: AuthResult<GatewayPrincipal>): GatewayPrincipal {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  expect(result.principal.kind).toBe("gateway");
  return result.principal;
}

function expectError(result: AuthResult<GatewayPrincipal>, status: number, code: string): void {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error("unreachable");
  expect(result.error.status).toBe(status);
  expect(result.error.code).toBe(code);
  expect(result.error.message.length).toBeGreaterThan(0);
}

const SECRET = "gateway-secret-0123456789";

describe("getGatewayUser: x-user-id", () => {
  it("missing x-user-id is 401 missing_user_id", async () => {
    expectError(await getGatewayUser(request()), 401, "missing_user_id");
  });

  it("an empty or blank x-user-id is 401 missing_user_id", async () => {
    expectError(await getGatewayUser(request({ "x-user-id": "" })), 401, "missing_user_id");
    expectError(await getGatewayUser(request({ "x-user-id": "   " })), 401, "missing_user_id");
  });

  it.each([
    ["inner spaces", "alice smith"],
    ["300 characters", "u".repeat(300)],
    ["256 characters (one over the limit)", "u".repeat(256)],
    ["a '<'", "alice<script>"],
    ["a '>'", "alice>"],
    ["a quote", "alice'"],
    ["a slash", "../etc/passwd"],
    ["a leading dot", ".alice"],
    ["a leading dash", "-alice"],
    ["non-ASCII letters", "ålice"],
    ["a tab inside", "ali\tce"],
  ])("malformed x-user-id (%s) is 401 invalid_user_id", async (_label, userId) => {
    expectError(await getGatewayUser(request({ "x-user-id": userId })), 401, "invalid_user_id");
    expect(await db.prisma.user.count({ where: { userId } })).toBe(0);
  });

  it.each([
    ["a uuid", "4b9f1c2e-8d7a-4e3f-9a1b-2c3d4e5f6a7b"],
    ["an email-like id", "someone@example.com"],
    ["a provider-prefixed id", "auth0|abc123"],
    ["a colon-separated id", "github:12345"],
    ["255 characters (the limit)", "u".repeat(255)],
  ])("accepts %s", async (_label, userId) => {
    const p = expectOk(await getGatewayUser(request({ "x-user-id": userId })));
    expect(p.user.userId).toBe(userId);
  });

  it("creates the user on first sight and reuses it after (one row after two calls)", async () => {
    const userId = "gw-first-sight-user";
    expect(await db.prisma.user.count({ where: { userId } })).toBe(0);
    const first = expectOk(await getGatewayUser(request({ "x-user-id": userId })));
    const second = expectOk(await getGatewayUser(request({ "x-user-id": userId })));
    expect(first.user.userId).toBe(userId);
    expect(second.user.id).toBe(first.user.id);
    expect(await db.prisma.user.count({ where: { userId } })).toBe(1);
  });

  it("trims surrounding whitespace from x-user-id", async () => {
    const p = expectOk(await getGatewayUser(request({ "x-user-id": "  gw-trimmed  " })));
    expect(p.user.userId).toBe("gw-trimmed");
  });

  it("different x-user-id values are different users", async () => {
    const a = expectOk(await getGatewayUser(request({ "x-user-id": "gw-user-a" })));
    const b = expectOk(await getGatewayUser(request({ "x-user-id": "gw-user-b" })));
    expect(a.user.id).not.toBe(b.user.id);
  });
});

describe("getGatewayUser: x-client-name", () => {
  it(`defaults appName to "${DEFAULT_CLIENT_NAME}"`, async () => {
    expect(DEFAULT_CLIENT_NAME).toBe("claude");
    const p = expectOk(await getGatewayUser(request({ "x-user-id": "gw-client" })));
    expect(p.appName).toBe("claude");
  });

  it("a blank x-client-name falls back to the default", async () => {
    const p = expectOk(await getGatewayUser(request({ "x-user-id": "gw-client", "x-client-name": "   " })));
    expect(p.appName).toBe("claude");
  });

  it.each([
    ["Cursor", "cursor"],
    ["  Windsurf  ", "windsurf"],
    ["My Agent_2.0-beta", "my agent_2.0-beta"],
    ["x".repeat(64), "x".repeat(64)],
    // Near names are the same client (a paused "claude" is not bypassed by "claude.").
    ["claude.", "claude"],
    ["claude-", "claude"],
    ["Claude_", "claude"],
    ["claude ._-", "claude"],
    ["cursor 2.0", "cursor 2.0"],
  ])("x-client-name %j becomes appName %j", async (clientName, appName) => {
    const p = expectOk(await getGatewayUser(request({ "x-user-id": "gw-client", "x-client-name": clientName })));
    expect(p.appName).toBe(appName);
  });

  it.each([
    ["markup", "<script>"],
    ["a slash", "cursor/1.0"],
    ["65 characters", "x".repeat(65)],
    ["a leading dot", ".hidden"],
    ["a semicolon", "a;b"],
  ])("an invalid x-client-name (%s) is 400 invalid_client_name", async (_label, clientName) => {
    expectError(
      await getGatewayUser(request({ "x-user-id": "gw-client", "x-client-name": clientName })),
      400,
      "invalid_client_name",
    );
  });
});

describe("getGatewayUser: Authorization is ignored", () => {
  it.each([
    ["a Bearer JWT", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzb21lb25lLWVsc2UifQ.sig"],
    ["an agent key", "Bearer jean_sk_0000000000000000000000000000000000000000000000000"],
    ["garbage", "Basic !!!"],
  ])("with %s and x-user-id: the principal is x-user-id's user", async (_label, authorization) => {
    const p = expectOk(await getGatewayUser(request({ "x-user-id": "gw-auth-ignored", authorization })));
    expect(p.user.userId).toBe("gw-auth-ignored");
  });

  it("with a Bearer header and no x-user-id: still 401 missing_user_id", async () => {
    expectError(
      await getGatewayUser(request({ authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig" })),
      401,
      "missing_user_id",
    );
  });
});

describe("getGatewayUser: MCP_GATEWAY_SECRET", () => {
  it.each<[string, Record<string, string>]>([
    ["no x-gateway-secret", {}],
    ["a wrong x-gateway-secret", { "x-gateway-secret": "not-the-secret-at-all" }],
    ["an empty x-gateway-secret", { "x-gateway-secret": "" }],
    ["a prefix of the secret", { "x-gateway-secret": SECRET.slice(0, -1) }],
    ["the secret plus one character", { "x-gateway-secret": SECRET + "x" }],
    ["the secret in the Authorization header", { authorization: `Bearer ${SECRET}` }],
  ])("%s is 401 invalid_gateway_secret", async (_label, headers) => {
    await withEnv({ MCP_GATEWAY_SECRET: SECRET }, async () => {
      expectError(await getGatewayUser(request({ "x-user-id": "gw-secret-user", ...headers })), 401, "invalid_gateway_secret");
    });
    expect(await db.prisma.user.count({ where: { userId: "gw-secret-user" } })).toBe(0);
  });

  it("the right x-gateway-secret is accepted", async () => {
    await withEnv({ MCP_GATEWAY_SECRET: SECRET }, async () => {
      const p = expectOk(
        await getGatewayUser(request({ "x-user-id": "gw-secret-ok", "x-gateway-secret": SECRET, "x-client-name": "Cursor" })),
      );
      expect(p.user.userId).toBe("gw-secret-ok");
      expect(p.appName).toBe("cursor");
    });
  });

  it("the secret is checked before x-user-id (no user-id oracle without it)", async () => {
    await withEnv({ MCP_GATEWAY_SECRET: SECRET }, async () => {
      expectError(await getGatewayUser(request()), 401, "invalid_gateway_secret");
      expectError(await getGatewayUser(request({ "x-gateway-secret": SECRET })), 401, "missing_user_id");
    });
  });

  it("works in production with the secret set", async () => {
    await withEnv({ MCP_GATEWAY_SECRET: SECRET, NODE_ENV: "production", JEAN_ALLOW_LOCAL_AUTH: "true" }, async () => {
      expectOk(await getGatewayUser(request({ "x-user-id": "gw-prod-secret", "x-gateway-secret": SECRET })));
      expectError(await getGatewayUser(request({ "x-user-id": "gw-prod-secret" })), 401, "invalid_gateway_secret");
    });
  });
});

describe("getGatewayUser: production without a secret", () => {
  const prod = { NODE_ENV: "production", JEAN_ALLOW_LOCAL_AUTH: "true", MCP_GATEWAY_SECRET: undefined };

  it("is 503 gateway_not_configured without MCP_GATEWAY_TRUST_HEADER", async () => {
    await withEnv({ ...prod, MCP_GATEWAY_TRUST_HEADER: undefined }, async () => {
      expectError(await getGatewayUser(request({ "x-user-id": "gw-prod-user" })), 503, "gateway_not_configured");
    });
    expect(await db.prisma.user.count({ where: { userId: "gw-prod-user" } })).toBe(0);
  });

  it("is 503 gateway_not_configured with MCP_GATEWAY_TRUST_HEADER=false", async () => {
    await withEnv({ ...prod, MCP_GATEWAY_TRUST_HEADER: "false" }, async () => {
      expectError(await getGatewayUser(request({ "x-user-id": "gw-prod-user" })), 503, "gateway_not_configured");
    });
  });

  it("trusts the header with MCP_GATEWAY_TRUST_HEADER=true", async () => {
    await withEnv({ ...prod, MCP_GATEWAY_TRUST_HEADER: "true" }, async () => {
      const p = expectOk(await getGatewayUser(request({ "x-user-id": "gw-prod-trusted" })));
      expect(p.user.userId).toBe("gw-prod-trusted");
      expect(p.appName).toBe("claude");
    });
  });

  it("outside production the header is trusted without configuration", async () => {
    await withEnv({ NODE_ENV: "development", MCP_GATEWAY_SECRET: undefined, MCP_GATEWAY_TRUST_HEADER: undefined }, async () => {
      expectOk(await getGatewayUser(request({ "x-user-id": "gw-dev-user" })));
    });
  });
});

describe("getGatewayUser: MCP_GATEWAY_TRUSTED_PROXIES", () => {
  const proxies = { MCP_GATEWAY_TRUSTED_PROXIES: "203.0.113.7, 10.20.0.0/16, 2001:db8::/32" };

  it.each<[string, string]>([
    ["the listed address", "203.0.113.7"],
    ["an address inside a listed IPv4 range", "10.20.255.1"],
    ["an IPv4-mapped IPv6 form of a listed address", "::ffff:203.0.113.7"],
    ["an address inside a listed IPv6 range", "2001:db8:1::5"],
    ["the last hop when several are named", "198.51.100.1, 203.0.113.7"],
  ])("accepts %s", async (_label, forwardedFor) => {
    await withEnv(proxies, async () => {
      expectOk(await getGatewayUser(request({ "x-user-id": "gw-proxy-ok", "x-forwarded-for": forwardedFor })));
    });
  });

  it.each<[string, Record<string, string>]>([
    ["no address at all", {}],
    ["an address outside the list", { "x-forwarded-for": "198.51.100.1" }],
    ["a listed address forged before the real last hop", { "x-forwarded-for": "203.0.113.7, 198.51.100.1" }],
    ["an address next to a listed one", { "x-forwarded-for": "203.0.113.8" }],
    ["just outside a listed range", { "x-forwarded-for": "10.21.0.1" }],
    ["a malformed address", { "x-forwarded-for": "203.0.113.7:443" }],
    ["a hostname", { "x-forwarded-for": "proxy.internal" }],
  ])("refuses %s with 403 untrusted_address, before anything else is read", async (_label, headers) => {
    await withEnv({ ...proxies, MCP_GATEWAY_SECRET: SECRET }, async () => {
      expectError(await getGatewayUser(request({ "x-user-id": "gw-proxy-no", "x-gateway-secret": SECRET, ...headers })), 403, "untrusted_address");
    });
    expect(await db.prisma.user.count({ where: { userId: "gw-proxy-no" } })).toBe(0);
  });

  it("adds to the secret rather than replacing it", async () => {
    await withEnv({ ...proxies, MCP_GATEWAY_SECRET: SECRET }, async () => {
      expectError(await getGatewayUser(request({ "x-user-id": "gw-proxy-secret", "x-forwarded-for": "203.0.113.7" })), 401, "invalid_gateway_secret");
      expectOk(await getGatewayUser(request({ "x-user-id": "gw-proxy-secret", "x-forwarded-for": "203.0.113.7", "x-gateway-secret": SECRET })));
    });
  });

  it("a malformed list is a config error naming the variable", async () => {
    await withEnv({ MCP_GATEWAY_TRUSTED_PROXIES: "10.0.0.1, not-an-ip" }, async () => {
      expect(() => getConfig()).toThrow(/MCP_GATEWAY_TRUSTED_PROXIES/);
    });
  });
});

describe("start log", () => {
  it.each<[string, Record<string, string | undefined>, boolean]>([
    ["the trust header alone", { MCP_GATEWAY_TRUST_HEADER: "true", MCP_GATEWAY_SECRET: undefined, MCP_GATEWAY_TRUSTED_PROXIES: undefined }, true],
    ["the trust header with a secret", { MCP_GATEWAY_TRUST_HEADER: "true", MCP_GATEWAY_SECRET: SECRET, MCP_GATEWAY_TRUSTED_PROXIES: undefined }, false],
    ["the trust header with a proxy list", { MCP_GATEWAY_TRUST_HEADER: "true", MCP_GATEWAY_SECRET: undefined, MCP_GATEWAY_TRUSTED_PROXIES: "10.0.0.1" }, false],
  ])("warns about the Claude path with %s: %s", async (_label, env, warns) => {
    const logs = await withEnv(env, () => captureStderr(() => startServer()));
    expect(logs.includes("anyone who can reach /mcp/messages can act as any user")).toBe(warns);
  });
});
