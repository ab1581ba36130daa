// Accessibility of every page: axe (no serious or critical violations) signed in
// and out, light and dark; a keyboard-only walk through the main actions; and
// screenshots of each page (light/dark, desktop/phone) into e2e/screenshots/ for a
// person to look at.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { addMemories, freshEmail, go, signInAs } from "./lib/session";

async function expectNoSeriousViolations(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${label}: ${v.id} (${v.impact}) — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
}

let memoryId = "";
let appId = "";

async function seed(page: Page) {
  await signInAs(page, freshEmail("a11y"));
  [memoryId] = await addMemories(page, ["Speaks Italian with her grandmother", "Keeps bees on the roof"], "claude");
  await addMemories(page, ["Prefers trains over planes in Europe"]);
  const apps = await (await page.request.get("/api/v1/apps")).json();
  appId = apps.items[0].id;
  // Something on the trust pages: a key whose write waits for review, its reads (activity), a deleted memory (trash).
  const { key } = await (await page.request.post("/api/v1/keys", { data: { name: "a11y agent", hide_sensitive: true, review_writes: true } })).json();
  const call = (name: string, args: Record<string, unknown>) =>
    page.request.post("/agent/v1/mcp", {
      headers: { authorization: `Bearer ${key}`, accept: "application/json, text/event-stream" },
      data: { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } },
    });
  expect((await (await call("add_memories", { text: "Wants to learn the banjo" })).json()).result.isError).toBeFalsy();
  expect((await (await call("search_memory", { query: "Italian grandmother" })).json()).result.isError).toBeFalsy();
  const [deleted] = await addMemories(page, ["Used to live in Berlin"]);
  expect((await page.request.delete("/api/v1/memories", { data: { memory_ids: [deleted] } })).status()).toBe(200);
}

const pages = () => ["/", "/memories", `/memories/${memoryId}`, "/apps", `/apps/${appId}`, "/review", "/activity", "/trash", "/settings"];

for (const scheme of ["light", "dark"] as const) {
  test(`axe: every page, signed in and out, ${scheme} (and no CSP violation)`, async ({ page }) => {
    const cspViolations: string[] = [];
    page.on("console", (m) => /Content Security Policy|Refused to/i.test(m.text()) && cspViolations.push(m.text()));
    await page.emulateMedia({ colorScheme: scheme });
    await go(page, "/login");
    await expectNoSeriousViolations(page, `/login (${scheme})`);
    await seed(page);
    for (const path of pages()) {
      await go(page, path);
      await expect(page.locator("main")).toBeVisible();
      await expectNoSeriousViolations(page, `${path} (${scheme})`);
    }
    // With a dialog and a menu open, too.
    await go(page, "/memories");
    await page.getByRole("button", { name: "Add memory" }).click();
    await expectNoSeriousViolations(page, `add dialog (${scheme})`);
    await go(page, "/review");
    await page.getByRole("button", { name: "Edit, then approve…" }).click();
    await expect(page.getByRole("dialog", { name: "Edit, then approve" })).toBeVisible();
    await expectNoSeriousViolations(page, `edit-then-approve dialog (${scheme})`);
    await go(page, "/activity");
    await page.getByRole("button", { name: /Show details/ }).click();
    await expect(page.getByTestId("memories-read-list")).toBeVisible();
    await expectNoSeriousViolations(page, `activity details (${scheme})`);
    expect(cspViolations).toEqual([]);
  });
}

test("keyboard only: add a memory, use a row menu, undo from the toast, search; focus is visible and returns after dialogs", async ({ page }) => {
  await seed(page);
  await go(page, "/memories");

  // Tab to "Add memory", open it with Enter, close with Escape: focus returns to the button.
  const add = page.getByRole("button", { name: "Add memory" });
  for (let i = 0; i < 30 && !(await add.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(add).toBeFocused();
  expect(await add.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe("none");
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Add a memory" });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(add).toBeFocused();

  // Add one with the keyboard alone.
  await page.keyboard.press("Enter");
  await page.keyboard.type("Collects vinyl records of 70s jazz");
  await page.keyboard.press("Tab"); // Cancel
  await page.keyboard.press("Tab"); // Add memory
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("memory-row").filter({ hasText: "vinyl" })).toHaveCount(1);

  // A row's menu: focus the trigger, open with Enter, pick "Archive" with the arrows.
  const trigger = page.getByTestId("memory-row").filter({ hasText: "bees" }).getByRole("button", { name: /Actions for/ });
  await trigger.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menu")).toBeVisible();
  for (let i = 0; i < 6; i++) {
    if ((await page.getByRole("menuitem", { name: "Archive" }).evaluate((el) => el === document.activeElement)) === true) break;
    await page.keyboard.press("ArrowDown");
  }
  await expect(page.getByRole("menuitem", { name: "Archive" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Archived 1 memory.", { exact: true })).toBeVisible();
  await expect(trigger).toBeFocused(); // focus back on the menu's button

  // F8 jumps to the toasts; Tab reaches "Undo"; Space presses it.
  await page.keyboard.press("F8");
  const undo = page.getByRole("button", { name: "Undo" });
  for (let i = 0; i < 5 && !(await undo.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(undo).toBeFocused();
  await page.keyboard.press("Space");
  await expect(page.getByText("Undone.", { exact: true })).toBeVisible();
  await expect(page.getByTestId("memory-row").filter({ hasText: "bees" })).not.toContainText("archived");

  // The delete confirmation opens on Enter and Escape cancels it, focus back on the menu button.
  await trigger.focus();
  await page.keyboard.press("Enter");
  await page.getByRole("menuitem", { name: "Delete…" }).focus();
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("dialog", { name: "Delete this memory?" });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused(); // the safe choice first
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();

  // Search from the keyboard: type and press Enter.
  await page.getByLabel("Search").focus();
  await page.keyboard.type("honey");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/q=honey/);
  await expect(page.getByTestId("memory-row").first()).toContainText("bees");

  // Skip link, then the user menu opens and closes with the keyboard.
  await go(page, "/");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  const menu = page.getByRole("button", { name: /Account menu/ });
  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menu).toBeFocused();
});

test("screenshots of each page: light and dark, desktop and phone (e2e/screenshots/)", async ({ page }) => {
  await seed(page);
  await addMemories(page, ["Training for a half marathon in April", "Vegetarian since 2019", "Has two kids, Maya and Leo"], "cursor");
  const names: Record<string, string> = {
    "/": "overview",
    "/memories": "memories",
    [`/memories/${memoryId}`]: "memory",
    "/apps": "apps",
    [`/apps/${appId}`]: "app",
    "/review": "review",
    "/activity": "activity",
    "/trash": "trash",
    "/settings": "settings",
  };
  for (const [width, height, device] of [
    [1280, 800, "desktop"],
    [360, 740, "phone"],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const path of pages()) {
        await go(page, path);
        await expect(page.locator("main")).toBeVisible();
        // Nothing overflows the phone's width.
        if (device === "phone") expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width + 1);
        await page.screenshot({ path: `e2e/screenshots/${names[path]}-${scheme}-${device}.png`, fullPage: true });
      }
    }
  }
});
