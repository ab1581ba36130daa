import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "./db";
import { captureStderr, useFreshDb } from "./testing/harness";
import { getOrCreateUser } from "./users";

let db: Db;
beforeAll(async () => {
  db = await useFreshDb();
});

describe("getOrCreateUser", () => {
  it("creates a user once under 50 concurrent calls for the same id", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => getOrCreateUser("race-user", "race@example.com")));
    expect(new Set(results.map((u) => u.id)).size).toBe(1);
    expect(await db.prisma.user.count({ where: { userId: "race-user" } })).toBe(1);
    const row = await db.prisma.user.findUniqueOrThrow({ where: { userId: "race-user" } });
    expect(row.email).toBe("race@example.com");
  });

  it("keeps going without the email when another user already has it, and logs a warning", async () => {
    await getOrCreateUser("owner-of-email", "shared@example.com");
    const logs = await captureStderr(async () => {
      const user = await getOrCreateUser("second-user", "Shared@Example.com");
      expect(user.userId).toBe("second-user");
      expect(user.email).toBeNull();
    });
    expect(logs).toMatch(/email already belongs to another user/);
    const owner = await db.prisma.user.findUniqueOrThrow({ where: { userId: "owner-of-email" } });
    expect(owner.email).toBe("shared@example.com");
  });

  it("sets the email later when it becomes known and is free", async () => {
    const first = await getOrCreateUser("no-email-yet");
    expect(first.email).toBeNull();
    const second = await getOrCreateUser("no-email-yet", "later@example.com");
    expect(second.id).toBe(first.id);
    expect(second.email).toBe("later@example.com");
  });

  it("concurrent users competing for one email: all succeed, one gets it", async () => {
    const users = await Promise.all(
      Array.from({ length: 10 }, (_, i) => getOrCreateUser(`contender-${i}`, "contested@example.com")),
    );
    expect(users).toHaveLength(10);
    expect(await db.prisma.user.count({ where: { email: "contested@example.com" } })).toBe(1);
  });
});
