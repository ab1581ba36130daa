// The memories dashboard in a real browser against `next start` on the embedded
// database: add and find, filters in the URL, edit and history, state changes,
// bulk actions with undo, export/import, an agent's app, and untrusted text.
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { addMemories, freshEmail, go, reload, signInAs } from "./lib/session";

const rows = (page: Page) => page.getByTestId("memory-row");

test("a new user adds a memory, finds it by a paraphrase, and filters by app, category, state and date in the URL", async ({ page }) => {
  await signInAs(page, freshEmail("find"));
  // The empty overview says what to do next.
  await expect(page.getByRole("heading", { name: "Welcome to Jean Memory" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Settings" }).first()).toBeVisible();
  await page.getByRole("button", { name: "Add your first memory" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a memory" });
  await dialog.getByLabel("Memory").fill("I adore hiking in the Swiss Alps every summer");
  await dialog.getByRole("button", { name: "Add memory" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Memory added.", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

  await addMemories(page, ["Works as a data engineer at a bank", "Allergic to penicillin since childhood"], "cursor");
  await addMemories(page, ["Plays chess online most evenings"], "claude");

  // A search that shares no word with the memory, ranked by the hybrid search.
  await go(page, "/memories");
  await expect(rows(page)).toHaveCount(4);
  await page.getByLabel("Search").fill("mountain trekking trips");
  await expect(page).toHaveURL(/q=mountain\+trekking\+trips/);
  await expect(rows(page).first()).toContainText("Swiss Alps");

  // App filter: the URL changes and the view survives a reload.
  await page.getByLabel("Search").fill("");
  await expect(page).not.toHaveURL(/q=/);
  await page.getByRole("button", { name: "Filter by app" }).click();
  await page.getByRole("dialog", { name: "Filter by app" }).getByLabel("cursor").check();
  await expect(page).toHaveURL(/app_ids=/);
  await page.keyboard.press("Escape");
  await expect(rows(page)).toHaveCount(2);
  await reload(page);
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).filter({ hasText: "chess" })).toHaveCount(0);

  // Category filter (health), on top of the app filter.
  await page.getByRole("button", { name: "Filter by category" }).click();
  await page.getByRole("dialog", { name: "Filter by category" }).getByLabel("health").check();
  await expect(page).toHaveURL(/category_ids=/);
  await page.keyboard.press("Escape");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText("penicillin");

  // State filter: only archived → nothing here yet.
  await go(page, "/memories");
  await page.getByRole("button", { name: "Filter by state" }).click();
  const states = page.getByRole("dialog", { name: "Filter by state" });
  await states.getByLabel("active").uncheck();
  await expect(page).toHaveURL(/state=paused&state=archived/);
  await page.keyboard.press("Escape");
  await expect(page.getByText("No memories match this view")).toBeVisible();

  // Date range: today holds everything, yesterday nothing.
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await go(page, `/memories?from_date=${today}&to_date=${today}`);
  await expect(rows(page)).toHaveCount(4);
  await page.getByRole("button", { name: "Filter by date" }).click();
  const dates = page.getByRole("dialog", { name: "Filter by date" });
  await dates.getByLabel("From").fill(yesterday);
  await dates.getByLabel("To").fill(yesterday);
  await dates.getByRole("button", { name: "Apply dates" }).click();
  await expect(page).toHaveURL(new RegExp(`from_date=${yesterday}&to_date=${yesterday}`));
  await expect(page.getByText("No memories match this view")).toBeVisible();
});

test("open a memory, edit it, see the history; archive, restore, pause and delete with confirmation", async ({ page }) => {
  await signInAs(page, freshEmail("detail"));
  const [id] = await addMemories(page, ["Drinks two espressos every morning"]);
  await go(page, "/memories");
  await rows(page).getByRole("link", { name: /espressos/ }).click();
  await expect(page).toHaveURL(new RegExp(`/memories/${id}$`));

  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Memory text").fill("Drinks one espresso every morning");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("memory-text")).toHaveText("Drinks one espresso every morning");
  await expect(page.getByTestId("history-entry").filter({ hasText: "Edited" })).toContainText("Before: Drinks two espressos every morning");
  await expect(page.getByTestId("history-entry").first()).toContainText("Created by you, in the dashboard");

  for (const [button, state] of [
    ["Archive", "archived"],
    ["Restore", "active"],
    ["Pause", "paused"],
  ] as const) {
    await page.getByRole("button", { name: button, exact: true }).click();
    await expect(page.getByText(state, { exact: true }).first()).toBeVisible();
  }
  await expect(page.getByTestId("history-entry")).toHaveCount(5);

  await page.getByRole("button", { name: "Delete…" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete this memory?" });
  await expect(confirm).toContainText("trash");
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("deleted", { exact: true }).first()).toBeVisible();
  await go(page, "/memories");
  await expect(page.getByText("No memories yet").filter({ visible: true })).toBeVisible();
});

test("bulk-archive three rows, then undo", async ({ page }) => {
  await signInAs(page, freshEmail("bulk"));
  await addMemories(page, ["Owns a grey cat named Pixel", "Learning Portuguese on weekends", "Runs a 10k every Sunday", "Grows tomatoes on the balcony"]);
  await go(page, "/memories");
  await expect(rows(page)).toHaveCount(4);
  for (const text of ["Pixel", "Portuguese", "10k"]) await rows(page).filter({ hasText: text }).getByRole("checkbox").click();
  await page.getByRole("button", { name: "Archive selected" }).click();
  await expect(page.getByText("Archived 3 memories.", { exact: true })).toBeVisible();
  await expect(rows(page).filter({ hasText: "archived" })).toHaveCount(3);
  const archived = await page.request.get("/api/v1/memories?state=archived");
  expect((await archived.json()).total).toBe(3);

  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByText("Undone.", { exact: true })).toBeVisible();
  await expect(rows(page).filter({ hasText: "archived" })).toHaveCount(0);
  expect((await (await page.request.get("/api/v1/memories?state=archived")).json()).total).toBe(0);

  // Deleting from the row menu asks first.
  await rows(page).filter({ hasText: "tomatoes" }).getByRole("button", { name: /Actions for/ }).click();
  await page.getByRole("menuitem", { name: "Delete…" }).click();
  await page.getByRole("dialog", { name: "Delete this memory?" }).getByRole("button", { name: "Delete" }).click();
  await expect(rows(page)).toHaveCount(3);
});

test("export, then import into a fresh user and see the same memories", async ({ page, browser }) => {
  await signInAs(page, freshEmail("export"));
  const texts = ["Favourite film is Spirited Away", "Moved to Lisbon in 2021", "Prefers aisle seats"];
  await addMemories(page, texts);
  await go(page, "/settings");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export memories" }).click();
  const file = await (await downloading).path();
  const exported = fs.readFileSync(file, "utf8").trim().split("\n");
  expect(exported).toHaveLength(3);

  const other = await browser.newPage();
  await signInAs(other, freshEmail("import"), "/settings");
  await other.getByLabel(/Import a file/).setInputFiles(file);
  await other.getByRole("button", { name: "Import", exact: true }).click();
  await expect(other.getByRole("status").filter({ hasText: "Imported 3 memories" })).toBeVisible();
  await go(other, "/memories");
  for (const t of texts) await expect(other.getByTestId("memory-row").filter({ hasText: t })).toHaveCount(1);

  // A broken file is refused with the line that is wrong.
  await go(other, "/settings");
  await other.getByLabel(/Import a file/).setInputFiles({ name: "bad.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(exported[0] + "\n{not json}\n") });
  await other.getByRole("button", { name: "Import", exact: true }).click();
  await expect(other.getByRole("list", { name: "Problems in the file" })).toContainText("line 2: not valid JSON");
  await other.close();
});

test("an agent key's writes show under its app; pausing the app refuses the next add", async ({ page }) => {
  await signInAs(page, freshEmail("agent"), "/settings");
  // Writes applied at once (new keys' writes wait for review by default: see e2e/trust.spec.ts).
  const created = await page.request.post("/api/v1/keys", { data: { name: "Research bot", review_writes: false } });
  const { key } = await created.json();
  const add = (text: string) =>
    page.request.post("/agent/v1/mcp", {
      headers: { authorization: `Bearer ${key}`, accept: "application/json, text/event-stream" },
      data: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "add_memories", arguments: { text } } },
    });
  expect((await (await add("Reads papers about retrieval")).json()).result.isError).toBeFalsy();

  await go(page, "/apps");
  const row = page.getByTestId("app-row").filter({ hasText: "Research bot" });
  await expect(row).toContainText("1");
  await row.getByRole("link", { name: "Research bot" }).click();
  await expect(page.getByTestId("memory-row").filter({ hasText: "Reads papers about retrieval" })).toHaveCount(1);

  await page.getByRole("button", { name: "Pause Research bot" }).click();
  await expect(page.getByText("Research bot is paused.", { exact: true })).toBeVisible();
  const refused = await (await add("Another finding")).json();
  expect(refused.result.isError).toBe(true);
  expect(refused.result.content[0].text).toMatch(/paused/);
  await go(page, "/apps");
  await page.getByRole("button", { name: "Resume Research bot" }).click();
  await expect(page.getByText("Research bot is active again.", { exact: true })).toBeVisible();
});

test("text written by an assistant is shown as text, never run", async ({ page }) => {
  await signInAs(page, freshEmail("xss"));
  const alerts: string[] = [];
  page.on("dialog", (d) => {
    alerts.push(d.message());
    void d.dismiss();
  });
  const payload = "<img src=x onerror=alert(1)>";
  const [id] = await addMemories(page, [payload], "<b>evil-app</b>");
  for (const [path, shown] of [
    ["/", payload],
    ["/memories", payload],
    [`/memories/${id}`, payload],
    ["/apps", "<b>evil-app</b>"],
  ]) {
    await go(page, path);
    await expect(page.getByText(shown).first()).toBeVisible();
    expect(await page.locator("img[src=x]").count()).toBe(0);
    expect(await page.locator("main b").count()).toBe(0);
  }
  expect(alerts).toEqual([]);
});
