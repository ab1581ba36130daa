// The auth-path zones and the key-hash rule of eslint.config.mjs, run by ESLint
// itself on fixture files: crossing a zone must fail lint, staying inside must not.
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "..") });
});

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

const CROSSINGS: [file: string, imports: string][] = [
  ["app/api/v1/fixture/route.ts", "@/lib/auth/gateway"],
  ["app/api/v1/fixture/route.ts", "@/lib/auth/agent-key"],
  ["app/api/v1/fixture/route.ts", "../../../../lib/api/agent-route"],
  ["app/api/v1/fixture/route.ts", "@/lib/mcp/gateway-route"],
  ["app/mcp/fixture/route.ts", "@/lib/auth/supa-user"],
  ["app/mcp/fixture/route.ts", "@/lib/api/session-route"],
  ["app/mcp/fixture/route.ts", "@/lib/mcp/agent-route"],
  ["app/agent/v1/fixture/route.ts", "@/lib/auth/supa-user"],
  ["app/agent/v1/fixture/route.ts", "@/lib/auth/gateway"],
  ["app/agent/v1/fixture/route.ts", "@/lib/mcp/gateway-route"],
  ["app/agent/v1/fixture/route.ts", "@/lib/auth/connector-token"],
  ["app/api/v1/fixture/route.ts", "@/lib/mcp/connector-route"],
  ["app/mcp/messages/fixture/route.ts", "@/lib/auth/connector-token"],
  ["app/mcp/route.ts", "@/lib/mcp/gateway-route"],
  ["app/mcp/route.ts", "@/lib/auth/agent-key"],
  ["app/mcp/route.ts", "@/lib/auth/supa-user"],
  ["app/oauth/fixture/route.ts", "@/lib/auth/connector-token"],
  ["app/.well-known/fixture/route.ts", "@/lib/auth/gateway"],
];

const ALLOWED: [file: string, imports: string][] = [
  ["app/api/v1/fixture/route.ts", "@/lib/api/session-route"],
  ["app/mcp/fixture/route.ts", "@/lib/mcp/gateway-route"],
  ["app/agent/v1/fixture/route.ts", "@/lib/api/agent-route"],
  ["app/agent/v1/fixture/route.ts", "@/lib/mcp/agent-route"],
  ["app/mcp/route.ts", "@/lib/mcp/connector-route"],
  ["app/oauth/fixture/route.ts", "@/lib/oauth/routes"],
];

describe("auth-path zones", () => {
  it.each(CROSSINGS)("%s importing %s fails lint", async (file, from) => {
    expect(await ruleIds(file, `import * as helper from "${from}";\nexport const x = helper;\n`)).toContain("no-restricted-imports");
  });

  it.each(ALLOWED)("%s importing %s passes", async (file, from) => {
    expect(await ruleIds(file, `import * as helper from "${from}";\nexport const x = helper;\n`)).toEqual([]);
  });
});

describe("key hashes stay in lib/keys", () => {
  const code = "export function leak(row: { keyHash: string }) {\n  return row.keyHash;\n}\n";
  it("outside lib/keys, naming keyHash fails lint", async () => {
    expect(await ruleIds("lib/auth/fixture.ts", code)).toContain("no-restricted-syntax");
    expect(await ruleIds("app/api/v1/fixture/route.ts", code)).toContain("no-restricted-syntax");
  });
  it("inside lib/keys it is allowed", async () => {
    expect(await ruleIds("lib/keys/fixture.ts", code)).toEqual([]);
  });
});
