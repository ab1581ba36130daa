import { describe, expect, it } from "vitest";
import { AuthError } from "../errors";
import { hasScope, KEY_SCOPES, keyScopeSchema, parseStoredScopes, requireScope } from "./scopes";

describe("requireScope / hasScope", () => {
  const readOnly = { scopes: ["memories:read" as const] };
  const both = { scopes: [...KEY_SCOPES] };

  it("passes when the key has the scope", () => {
    expect(() => requireScope(both, "memories:write")).not.toThrow();
    expect(() => requireScope(readOnly, "memories:read")).not.toThrow();
    expect(hasScope(both, "memories:read")).toBe(true);
  });

  it("throws a 403 insufficient_scope AuthError naming the missing scope", () => {
    expect(hasScope(readOnly, "memories:write")).toBe(false);
    try {
      requireScope(readOnly, "memories:write");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AuthError);
      expect((e as AuthError).status).toBe(403);
      expect((e as AuthError).code).toBe("insufficient_scope");
      expect((e as AuthError).message).toContain("memories:write");
    }
    expect(() => requireScope({ scopes: [] }, "memories:read")).toThrow(AuthError);
  });
});

describe("scope parsing", () => {
  it("the schema accepts exactly the known scopes", () => {
    for (const s of KEY_SCOPES) expect(keyScopeSchema.parse(s)).toBe(s);
    for (const s of ["admin", "memories:*", "MEMORIES:READ", "", "memories:delete"]) expect(keyScopeSchema.safeParse(s).success).toBe(false);
  });

  it("stored scopes are filtered to known ones (an unknown value grants nothing)", () => {
    expect(parseStoredScopes(["memories:read", "admin", "memories:write"])).toEqual(["memories:read", "memories:write"]);
    expect(parseStoredScopes(null)).toEqual([]);
    expect(parseStoredScopes(undefined)).toEqual([]);
  });
});
