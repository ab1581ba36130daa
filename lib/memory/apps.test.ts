// getOrCreateApp reads on the driver with its own column list (apps.ts): it must read
// exactly what Prisma's App model reads, on both drivers, and create once under a race.
import { beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "../db";
import { useFreshDb } from "../testing/harness";
import { getOrCreateUser } from "../users";
import { getOrCreateApp } from "./apps";

beforeAll(async () => {
  await useFreshDb();
});

describe("getOrCreateApp", () => {
  it("returns the row as prisma.app reads it, every field, created or found", async () => {
    const user = await getOrCreateUser("apps-columns-user");
    const prisma = await getPrisma();
    const created = await getOrCreateApp(user.id, "  claude  ");
    expect(created.name).toBe("claude");
    await prisma.app.update({ where: { id: created.id }, data: { description: "desc", gatewayHideSensitive: true } });
    const found = await getOrCreateApp(user.id, "claude");
    const model = await prisma.app.findUniqueOrThrow({ where: { id: created.id } });
    expect(found).toEqual(model);
    expect(Object.keys(found).sort()).toEqual(Object.keys(model).sort());
    expect(created).toEqual({ ...model, description: null, gatewayHideSensitive: false, updatedAt: created.updatedAt });
  });

  it("creates one row when many requests ask for a new app at once", async () => {
    const user = await getOrCreateUser("apps-race-user");
    const apps = await Promise.all(Array.from({ length: 10 }, () => getOrCreateApp(user.id, "cursor")));
    expect(new Set(apps.map((a) => a.id)).size).toBe(1);
    const prisma = await getPrisma();
    expect(await prisma.app.count({ where: { ownerId: user.id, name: "cursor" } })).toBe(1);
  });
});
