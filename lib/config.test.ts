import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

function problemsOf(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    parseConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("config", () => {
  it("defaults to the embedded database and local auth", () => {
    const c = parseConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.authMode).toBe("local");
    expect(c.dataDir).toMatch(/\.data$/);
    expect(c.autoMigrate).toBe(true);
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL", /postgres/],
    [{ JEAN_AUTO_MIGRATE: "yes" }, "JEAN_AUTO_MIGRATE", /true.*false/],
    [{ SUPABASE_JWT_SECRET: "short" }, "SUPABASE_JWT_SECRET", /32 characters/],
    [{ NEXT_PUBLIC_SUPABASE_URL: "not a url", NEXT_PUBLIC_SUPABASE_ANON_KEY: "k" }, "NEXT_PUBLIC_SUPABASE_URL", /http/],
    [{ NEXT_PUBLIC_SUPABASE_URL: "https://p.supabase.co" }, "NEXT_PUBLIC_SUPABASE_ANON_KEY", /required/],
    [{ NEXT_PUBLIC_SUPABASE_ANON_KEY: "k" }, "NEXT_PUBLIC_SUPABASE_URL", /required/],
    [{ LOG_LEVEL: "verbose" }, "LOG_LEVEL", /debug/],
    [{ NODE_ENV: "production" }, "JEAN_ALLOW_LOCAL_AUTH", /production/],
    [{ MCP_GATEWAY_SECRET: "tiny" }, "MCP_GATEWAY_SECRET", /16 characters/],
    [{ AGENT_RATE_LIMIT_PER_MINUTE: "200000" }, "AGENT_RATE_LIMIT_PER_MINUTE", /at most 100000/],
    [{ SEARCH_EMBED_BUDGET_MS: "soon" }, "SEARCH_EMBED_BUDGET_MS", /milliseconds/],
    [{ MCP_GATEWAY_TRUSTED_PROXIES: "10.0.0.1,not-an-ip" }, "MCP_GATEWAY_TRUSTED_PROXIES", /CIDR/],
    [{ VERCEL: "1" }, "DATABASE_URL", /required on Vercel/],
    [{ DIRECT_URL: "postgresql://u:p@db:5432/postgres" }, "DIRECT_URL", /together with DATABASE_URL/],
    [{ DATABASE_URL: "postgresql://u:p@pooler:6543/postgres", DIRECT_URL: "http://db" }, "DIRECT_URL", /postgres/],
  ])("names the variable in error for %j", (env, variable, message) => {
    const problems = problemsOf(env as Record<string, string>);
    const problem = problems.find((p) => p.variable === variable);
    expect(problem, JSON.stringify(problems)).toBeDefined();
    expect(problem!.message).toMatch(message);
  });

  it("migrates over DIRECT_URL when set, else over DATABASE_URL; Vercel with a database is fine", () => {
    const pooled = "postgresql://u:p@pooler.example:6543/postgres";
    const direct = "postgresql://u:p@db.example:5432/postgres";
    expect(parseConfig({ DATABASE_URL: pooled, DIRECT_URL: direct })).toMatchObject({ databaseUrl: pooled, migrationUrl: direct });
    expect(parseConfig({ DATABASE_URL: pooled }).migrationUrl).toBe(pooled);
    expect(parseConfig({ VERCEL: "1", DATABASE_URL: pooled, JEAN_AUTO_MIGRATE: "false" }).autoMigrate).toBe(false);
  });

  it("puts every problem in the error message", () => {
    try {
      parseConfig({ DATABASE_URL: "nope", JEAN_AUTO_MIGRATE: "maybe" });
      throw new Error("expected a ConfigError");
    } catch (e) {
      expect((e as Error).message).toContain("DATABASE_URL");
      expect((e as Error).message).toContain("JEAN_AUTO_MIGRATE");
    }
  });

  it("accepts Supabase with either key name, and local auth in production when allowed", () => {
    expect(parseConfig({ NEXT_PUBLIC_SUPABASE_URL: "https://p.supabase.co", NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "pk" }).supabase)
      .toEqual({ url: "https://p.supabase.co", anonKey: "pk" });
    expect(parseConfig({ NODE_ENV: "production", JEAN_ALLOW_LOCAL_AUTH: "true" }).authMode).toBe("local");
  });
});
