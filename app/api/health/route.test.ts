import { describe, expect, it } from "vitest";
import { openDb, setDbForTests } from "@/lib/db";
import { useFreshDb } from "@/lib/testing/harness";
import { VERSION } from "@/lib/version";
import { GET } from "./route";

describe("GET /api/health", () => {
  it("is 200 with db ok when the database answers", async () => {
    await useFreshDb();
    const res = await GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", db: "ok", version: VERSION });
  });

  it("is 503 with a JSON reason when the database does not answer", async () => {
    const db = await openDb({ dataDir: "memory://" });
    await db.close();
    setDbForTests(db);
    const res = await GET();
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body).toMatchObject({ status: "error", db: "unavailable", version: VERSION });
    expect(typeof body.reason).toBe("string");
  });
});
