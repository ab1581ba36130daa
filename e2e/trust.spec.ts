// Trust controls in a real browser against `next start`: sensitive categories kept
// from a key, reviewed writes decided on the Review page, the trash, and the
// Activity page (what a key read and wrote, the anomaly warning, revoking). Keys
// act as agents over real HTTP (POST /agent/v1/mcp), from a client without cookies.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { addMemories, freshEmail, go, reload, signInAs } from "./lib/session";

interface ToolAnswer<T> {
  value: T;
  /** The text blocks after the JSON (e.g. "awaits the user's approval"). */
  notes: string[];
}

interface Hit {
  id: string;
  memory: string;
  categories: string[];
}

/** One MCP tools/call as an agent with `key`; the tool's JSON answer and notes. */
async function callTool<T>(request: APIRequestContext, key: string, name: string, args: Record<string, unknown>): Promise<ToolAnswer<T>> {
  const res = await request.post("/agent/v1/mcp", {
    headers: { authorization: `Bearer ${key}`, accept: "application/json, text/event-stream" },
    data: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } },
  });
  expect(res.status(), await res.text()).toBe(200);
  const body = await res.json();
  expect(body.result.isError, JSON.stringify(body)).toBeFalsy();
  const content = body.result.content as { type: string; text: string }[];
  return { value: JSON.parse(content[0].text) as T, notes: content.slice(1).map((c) => c.text) };
}

const search = async (request: APIRequestContext, key: string, query: string) => (await callTool<Hit[]>(request, key, "search_memory", { query })).value.map((h) => h.memory);

/** Creates a key through the dialog on /settings (checking its trust defaults first); returns the key. */
async function createKeyInUi(page: Page, name: string, choose: { seesSensitive?: boolean; reviewed?: boolean } = {}): Promise<string> {
  await go(page, "/settings");
  await page.getByRole("button", { name: "New API key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create an API key" });
  await dialog.getByLabel("Name").fill(name);
  const sees = dialog.getByLabel("Can see sensitive categories");
  const reviewed = dialog.getByLabel("Its writes wait for my review");
  await expect(sees).not.toBeChecked();
  await expect(reviewed).toBeChecked();
  if (choose.seesSensitive) await sees.check();
  if (choose.reviewed === false) await reviewed.uncheck();
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog).toBeHidden();
  const shown = page.getByTestId("new-api-key");
  await expect(shown).toHaveText(/^jean_sk_/);
  return (await shown.textContent())!.trim();
}

/** A key made through the REST API, its trust settings chosen explicitly. */
async function createKey(page: Page, name: string, policy: { hide_sensitive: boolean; review_writes: boolean }): Promise<{ id: string; key: string }> {
  const res = await page.request.post("/api/v1/keys", { data: { name, ...policy } });
  expect(res.status(), await res.text()).toBe(201);
  const created = await res.json();
  expect(created).toMatchObject(policy);
  return { id: created.id, key: created.key };
}

const memoryRows = (page: Page) => page.getByTestId("memory-row");
const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

test("sensitive categories: health and finance by default on /settings; a change is saved and survives a reload", async ({ page }) => {
  await signInAs(page, freshEmail("sensitive"), "/settings");
  const section = page.getByRole("region", { name: "Sensitive categories" });
  const box = (name: string) => section.getByLabel(name, { exact: true });
  await expect(box("health")).toBeChecked();
  await expect(box("finance")).toBeChecked();
  await expect(box("family")).not.toBeChecked();
  await expect(box("work")).not.toBeChecked();
  await expect(section.getByText("Body, fitness, medical, sleep, mental health")).toBeVisible();
  const save = section.getByRole("button", { name: "Save sensitive categories" });
  await expect(save).toBeDisabled(); // nothing changed yet

  await box("finance").uncheck();
  await box("family").check();
  await save.click();
  await expect(section.getByRole("status")).toHaveText("Saved. Hidden from those assistants: family, health.");

  await reload(page);
  await expect(box("health")).toBeChecked();
  await expect(box("family")).toBeChecked();
  await expect(box("finance")).not.toBeChecked();
  const stored = await (await page.request.get("/api/v1/settings/sensitive-categories")).json();
  expect(stored.categories).toEqual(["family", "health"]);

  // Nothing hidden at all is a choice too.
  await box("health").uncheck();
  await box("family").uncheck();
  await save.click();
  await expect(section.getByRole("status")).toHaveText("Saved. No category is hidden now.");
  await reload(page);
  for (const name of ["health", "family", "finance"]) await expect(box(name)).not.toBeChecked();
});

test("a key that does not see sensitive categories cannot find a health memory the dashboard finds; allowing it in the key list lets it", async ({ page, request }) => {
  await signInAs(page, freshEmail("hidden"), "/settings");
  const key = await createKeyInUi(page, "Hidden bot"); // the defaults: sensitive hidden, writes reviewed
  const keyRow = page.getByTestId("api-key-row").filter({ hasText: "Hidden bot" });
  const seesSensitive = keyRow.getByRole("checkbox", { name: "Hidden bot: can see sensitive categories" });
  await expect(seesSensitive).not.toBeChecked();
  await expect(keyRow.getByRole("checkbox", { name: "Hidden bot: its writes wait for my review" })).toBeChecked();

  // A health memory, added in the dashboard and classified health.
  const HEALTH = "My doctor prescribed 20mg of lisinopril for blood pressure";
  const CHESS = "Plays chess online most evenings";
  await go(page, "/memories");
  await page.getByRole("button", { name: "Add memory" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a memory" });
  await dialog.getByLabel("Memory").fill(HEALTH);
  await dialog.getByRole("button", { name: "Add memory" }).click();
  await expect(dialog).toBeHidden();
  const healthRow = memoryRows(page).filter({ hasText: "lisinopril" });
  await expect(healthRow).toHaveCount(1);
  await expect(healthRow.locator("td").nth(2)).toContainText("health");
  await addMemories(page, [CHESS]);

  // The key finds the ordinary memory, never the health one.
  expect(await search(request, key, "chess in the evening")).toContain(CHESS);
  const hidden = await search(request, key, "lisinopril blood pressure doctor");
  expect(hidden).not.toContain(HEALTH);

  // The dashboard's own search finds it.
  await page.getByLabel("Search").fill("lisinopril blood pressure");
  await expect(page).toHaveURL(/q=lisinopril/);
  await expect(memoryRows(page).first()).toContainText(HEALTH);

  // Let the key see sensitive categories (PATCH from the key list): now it finds it.
  await go(page, "/settings");
  await seesSensitive.check();
  await expect(page.getByText("Hidden bot can now see your sensitive categories.", { exact: true })).toBeVisible();
  await reload(page);
  await expect(seesSensitive).toBeChecked();
  expect(await search(request, key, "lisinopril blood pressure doctor")).toContain(HEALTH);
});

test("a key whose writes are reviewed proposes; the Review page lists both, approve one and reject the other", async ({ page, request }) => {
  await signInAs(page, freshEmail("review"), "/settings");
  const key = await createKeyInUi(page, "Review bot");
  const CELLO = "I am learning to play the cello";
  const PORTO = "My favourite city to visit is Porto";
  for (const text of [CELLO, PORTO]) {
    const added = await callTool<{ results: { memory: string; event: string; pending_review?: boolean }[] }>(request, key, "add_memories", { text });
    expect(added.value.results).toEqual([expect.objectContaining({ memory: text, event: "ADD", pending_review: true })]);
    expect(added.notes.join(" ")).toContain("awaits the user's approval");
  }
  // Until approved, no assistant sees it (not even the one that wrote it), and it is not among the memories.
  expect(await search(request, key, "cello lessons")).not.toContain(CELLO);
  await go(page, "/memories");
  await expect(memoryRows(page)).toHaveCount(0);

  await mainNav(page).getByRole("link", { name: "Review 2 waiting" }).click();
  await expect(page).toHaveURL(/\/review$/);
  await expect(page.getByRole("heading", { name: "Review", level: 1 })).toBeVisible();
  const items = page.getByTestId("review-item");
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText(PORTO); // newest first
  await expect(items.nth(1)).toContainText(CELLO);
  for (const i of [0, 1]) {
    await expect(items.nth(i)).toContainText("New memory");
    await expect(items.nth(i)).toContainText("Proposed by Review bot (API key)");
    await expect(items.nth(i)).toContainText("Categories:");
  }

  await items.filter({ hasText: CELLO }).getByRole("button", { name: "Approve", exact: true }).click();
  await expect(page.getByText("Approved 1 proposal.", { exact: true })).toBeVisible();
  await expect(items).toHaveCount(1);
  await expect(mainNav(page).getByRole("link", { name: "Review 1 waiting" })).toBeVisible();
  await items.filter({ hasText: PORTO }).getByRole("button", { name: "Reject", exact: true }).click();
  await expect(page.getByText("Rejected 1 proposal.", { exact: true })).toBeVisible();
  await expect(page.getByText("Nothing is waiting for your review.")).toBeVisible();
  await expect(mainNav(page).getByRole("link", { name: "Review", exact: true })).toBeVisible();
  await expect(page.getByTestId("review-badge")).toHaveCount(0);

  // What was decided, under Decided.
  await page.getByRole("navigation", { name: "Proposals" }).getByRole("link", { name: "Decided" }).click();
  await expect(items).toHaveCount(2);
  await expect(items.filter({ hasText: CELLO })).toContainText("approved");
  await expect(items.filter({ hasText: PORTO })).toContainText("rejected");

  // The approved one is a memory (and the key finds it now); the rejected one is in the trash.
  await go(page, "/memories");
  await expect(memoryRows(page).filter({ hasText: CELLO })).toHaveCount(1);
  await expect(memoryRows(page).filter({ hasText: PORTO })).toHaveCount(0);
  await go(page, "/trash");
  await expect(page.getByTestId("trash-row").filter({ hasText: PORTO })).toHaveCount(1);
  await expect(page.getByTestId("trash-row").filter({ hasText: CELLO })).toHaveCount(0);
  expect(await search(request, key, "cello lessons")).toContain(CELLO);
});

test("edit a proposal, then approve it; reject a selection at once", async ({ page, request }) => {
  await signInAs(page, freshEmail("review-edit"));
  const { key } = await createKey(page, "Edit bot", { hide_sensitive: true, review_writes: true });
  const texts = ["Owns a grey cat named Pixel", "Learning Portuguese on weekends", "Grows tomatoes on the balcony"];
  for (const text of texts) await callTool(request, key, "add_memories", { text });

  await go(page, "/review");
  const items = page.getByTestId("review-item");
  await expect(items).toHaveCount(3);
  await items.filter({ hasText: "Pixel" }).getByRole("button", { name: "Edit, then approve…" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit, then approve" });
  await expect(dialog.getByLabel("Memory text")).toHaveValue("Owns a grey cat named Pixel");
  await dialog.getByLabel("Memory text").fill("Owns two grey cats, Pixel and Byte");
  await dialog.getByRole("button", { name: "Approve this text" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Approved 1 proposal.", { exact: true })).toBeVisible();
  await expect(items).toHaveCount(2);

  await page.getByRole("checkbox", { name: "Select “Learning Portuguese on weekends”" }).click();
  await page.getByRole("checkbox", { name: "Select “Grows tomatoes on the balcony”" }).click();
  await expect(page.getByText("2 selected")).toBeVisible();
  await page.getByRole("button", { name: "Reject selected" }).click();
  await expect(page.getByText("Rejected 2 proposals.", { exact: true })).toBeVisible();
  await expect(page.getByText("Nothing is waiting for your review.")).toBeVisible();

  await go(page, "/memories");
  await expect(memoryRows(page)).toHaveCount(1);
  await expect(memoryRows(page).first()).toContainText("Owns two grey cats, Pixel and Byte");
});

test("delete a memory in the dashboard, find it in the trash with its purge date, restore it", async ({ page }) => {
  await signInAs(page, freshEmail("trash"));
  const TEXT = "Keeps a sourdough starter called Bubbles";
  await addMemories(page, [TEXT]);
  const others = await addMemories(page, ["Volunteers at the library on Saturdays", "Collects vintage postcards"]);
  await go(page, "/memories");
  await memoryRows(page).filter({ hasText: TEXT }).getByRole("button", { name: /Actions for/ }).click();
  await page.getByRole("menuitem", { name: "Delete…" }).click();
  await page.getByRole("dialog", { name: "Delete this memory?" }).getByRole("button", { name: "Delete" }).click();
  await expect(memoryRows(page).filter({ hasText: TEXT })).toHaveCount(0);
  await expect(memoryRows(page)).toHaveCount(2);

  await mainNav(page).getByRole("link", { name: "Trash" }).click();
  await expect(page).toHaveURL(/\/trash$/);
  await expect(page.getByTestId("retention")).toContainText("stay here for 30 days, then they are removed for good");
  const row = page.getByTestId("trash-row").filter({ hasText: TEXT });
  await expect(row).toHaveCount(1);
  // Purged 30 days after it was deleted.
  const deletedAt = await row.locator("time").first().getAttribute("datetime");
  expect(deletedAt).toBeTruthy();
  const purge = new Date(new Date(deletedAt!).getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
  await expect(row.getByTestId("purge-date")).toHaveText(purge);

  await row.getByRole("button", { name: `Restore “${TEXT}”` }).click();
  await expect(page.getByText("Restored 1 memory.", { exact: true })).toBeVisible();
  await expect(page.getByText("The trash is empty.")).toBeVisible();
  await go(page, "/memories");
  await expect(memoryRows(page).filter({ hasText: TEXT })).toContainText("active");

  // Several at once: delete two (REST), restore them as a selection.
  const del = await page.request.delete("/api/v1/memories", { data: { memory_ids: others } });
  expect(del.status(), await del.text()).toBe(200);
  await go(page, "/trash");
  await expect(page.getByTestId("trash-row")).toHaveCount(2);
  await page.getByRole("checkbox", { name: "Select all on this page" }).click();
  await page.getByRole("button", { name: "Restore selected" }).click();
  await expect(page.getByText("Restored 2 memories.", { exact: true })).toBeVisible();
  await expect(page.getByText("The trash is empty.")).toBeVisible();
  await go(page, "/memories");
  await expect(memoryRows(page)).toHaveCount(3);
});

test("activity: a key's reads and writes, the memory it read, and revoking it from there", async ({ page, request }) => {
  await signInAs(page, freshEmail("activity"));
  const { key } = await createKey(page, "Activity bot", { hide_sensitive: true, review_writes: false });
  const READ = "Has a golden retriever named Biscuit";
  const WRITTEN = "Prefers window seats on long flights";
  const [readId] = await addMemories(page, [READ]);
  const categories: string[] = (await (await page.request.get(`/api/v1/memories/${readId}`)).json()).categories;
  expect(categories.length).toBeGreaterThan(0);

  expect(await search(request, key, "golden retriever dog")).toEqual([READ]);
  const added = await callTool<{ results: { event: string; pending_review?: boolean }[] }>(request, key, "add_memories", { text: WRITTEN });
  expect(added.value.results[0].event).toBe("ADD");
  expect(added.value.results[0].pending_review).toBeUndefined();

  await go(page, "/activity");
  await expect(page.getByRole("link", { name: "Last 7 days" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("anomaly-banner")).toHaveCount(0);
  const row = page.getByTestId("activity-row").filter({ hasText: "Activity bot" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("API key");
  await expect(row.getByTestId("reads")).toHaveText("1");
  await expect(row.getByTestId("memories-read")).toHaveText("1");
  await expect(row.getByTestId("writes")).toHaveText("1");
  await expect(row).toContainText(`${categories[0]} 1`);

  const toggle = row.getByRole("button", { name: "Show details for Activity bot" });
  await toggle.click();
  await expect(row.getByRole("button", { name: "Hide details for Activity bot" })).toHaveAttribute("aria-expanded", "true");
  const details = page.getByTestId("activity-details");
  await expect(details.getByTestId("memories-read-list")).toContainText(READ);
  await expect(details.getByTestId("memories-read-list")).toContainText("1 read (search)");
  await expect(details.getByTestId("memories-read-list")).not.toContainText(WRITTEN);
  await expect(details.getByTestId("memories-written-list")).toContainText(WRITTEN);

  // The longer period lists it too.
  await page.getByRole("link", { name: "Last 30 days" }).click();
  await expect(page).toHaveURL(/days=30/);
  await expect(page.getByRole("link", { name: "Last 30 days" })).toHaveAttribute("aria-current", "page");
  await expect(row.getByTestId("reads")).toHaveText("1");

  // Revoke, with a confirmation: the key stops working.
  await row.getByRole("button", { name: "Revoke Activity bot" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke “Activity bot”?" });
  await confirm.getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText("Activity bot is revoked.", { exact: true })).toBeVisible();
  await expect(row).toContainText("revoked");
  const refused = await request.post("/agent/v1/mcp", {
    headers: { authorization: `Bearer ${key}`, accept: "application/json, text/event-stream" },
    data: { jsonrpc: "2.0", id: 1, method: "tools/list" },
  });
  expect(refused.status()).toBe(401);
});

test("activity: a key that reads 50 memories today, with no reads before, is flagged in a warning with the rule, and can be revoked there", async ({ page, request }) => {
  await signInAs(page, freshEmail("anomaly"));
  const { key } = await createKey(page, "Busy bot", { hide_sensitive: false, review_writes: false });
  await addMemories(page, [
    "Speaks Italian with her grandmother",
    "Keeps bees on the roof",
    "Prefers trains over planes in Europe",
    "Works as a data engineer at a bank",
    "Runs a 10k every Sunday",
    "Favourite film is Spirited Away",
    "Moved to Lisbon in 2021",
    "Drinks one espresso every morning",
    "Plays the piano badly but happily",
    "Is saving for a trip to Patagonia",
  ]);
  const listAll = async () => expect((await callTool<unknown[]>(request, key, "list_memories", {})).value).toHaveLength(10);

  // 40 reads today: under the floor of 50, not flagged.
  for (let i = 0; i < 4; i++) await listAll();
  await go(page, "/activity");
  const row = page.getByTestId("activity-row").filter({ hasText: "Busy bot" });
  await expect(row.getByTestId("reads")).toHaveText("40");
  await expect(page.getByTestId("anomaly-banner")).toHaveCount(0);

  // 50: flagged (its median of the 7 days before is 0).
  await listAll();
  await reload(page);
  await expect(row.getByTestId("reads")).toHaveText("50");
  const banner = page.getByTestId("anomaly-banner");
  await expect(banner).toBeVisible();
  await expect(banner).toContainText("more than 5× its median daily reads of the 7 days before and at least 50 memories");
  await expect(banner).toContainText("Busy bot (API key): 50 reads today, 7-day median 0");
  await expect(row).toContainText("unusual today");

  await banner.getByRole("button", { name: "Revoke Busy bot" }).click();
  await page.getByRole("dialog", { name: "Revoke “Busy bot”?" }).getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(page.getByText("Busy bot is revoked.", { exact: true })).toBeVisible();
  const refused = await request.post("/agent/v1/mcp", {
    headers: { authorization: `Bearer ${key}`, accept: "application/json, text/event-stream" },
    data: { jsonrpc: "2.0", id: 1, method: "tools/list" },
  });
  expect(refused.status()).toBe(401);
});

test("an app's gateway settings are saved and say when they apply", async ({ page }) => {
  await signInAs(page, freshEmail("gateway"));
  await addMemories(page, ["Likes long walks by the river"], "claude");
  const apps = await (await page.request.get("/api/v1/apps")).json();
  const claude = (apps.items as { id: string; name: string }[]).find((a) => a.name === "claude")!;
  await go(page, `/apps/${claude.id}`);
  const section = page.getByRole("region", { name: "When Claude connects through the gateway as “claude”" });
  await expect(section).toContainText("with the client name “claude”");
  const sees = section.getByLabel("Can see sensitive categories");
  const reviewed = section.getByLabel("Its writes wait for my review");
  await expect(sees).toBeChecked(); // gateway clients are open until the person says otherwise
  await expect(reviewed).not.toBeChecked();
  await sees.uncheck();
  await reviewed.check();
  await section.getByRole("button", { name: "Save gateway settings" }).click();
  await expect(section.getByRole("status")).toHaveText("Saved.");
  await reload(page);
  await expect(sees).not.toBeChecked();
  await expect(reviewed).toBeChecked();
  expect(await (await page.request.get(`/api/v1/apps/${claude.id}`)).json()).toMatchObject({ gateway_hide_sensitive: true, gateway_review_writes: true });
});
