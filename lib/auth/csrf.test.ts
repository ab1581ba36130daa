// Cookie-session writes from another site (even a sibling subdomain, which
// SameSite=Lax lets through) are refused; our own pages and non-browser callers are not.
import { beforeAll, describe, expect } from "vitest";
import * as memories from "../../app/api/v1/memories/route";
import { useFreshDb, userTest } from "../testing/harness";

beforeAll(async () => {
  await useFreshDb();
});

describe("cross-site writes to the dashboard API", () => {
  userTest.for([
    ["cross-site", 403],
    ["same-site", 403],
    ["same-origin", 201],
    [undefined, 201],
  ] as const)("Sec-Fetch-Site %s → %i", async ([site, status], { user }) => {
    const r = await user.post(memories.POST, "/api/v1/memories", { body: { text: `Written with Sec-Fetch-Site ${site}` }, headers: site ? { "sec-fetch-site": site } : {} });
    expect(r.status).toBe(status);
    if (status === 403) expect(r.body.error.code).toBe("cross_site_request");
  });

  userTest("reads are not affected (a cross-site GET gets the JSON it would anyway)", async ({ user }) => {
    const r = await user.get(memories.GET, "/api/v1/memories", { headers: { "sec-fetch-site": "cross-site" } });
    expect(r.status).toBe(200);
  });
});
