import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { hasScope, KEY_SCOPES, keyScopeSchema, parseStoredScopes, requireScope } from "./scopes";

describe("requireScope / hasScope", () => {
  const readOnly = { scopes: ["memories:read" as const] };
  const both = { scopes: [...KEY_SCOPES] };

  it("passes when the key has the scope", () => {
    expect(() => requireScope(both, "memories:write")).not.toThrow();
    expect(() => requireScope(readOnly, "memories:read")).not.toThrow();
    expect(hasScope(both, "memories:read")).toBe(true);
  });

  it("throws a 403 forbidden ApiError naming the missing scope", () => {
    expect(hasScope(readOnly, "memories:write")).toBe(false);
    try {
      requireScope(readOnly, "memories:write");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).status).toBe(403);
      expect((e as ApiError).code).toBe("forbidden");
      expect((e as ApiError).message).toContain("memories:write");
    }
    expect(() => requireScope({ scopes: [] }, "memories:read")).toThrow(ApiError);
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
