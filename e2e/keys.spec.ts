// /settings in a real browser against `next start`: create a key, use it as an
// agent over real HTTP, see it is shown only once, revoke it, see it refused.
import { expect, test } from "@playwright/test";
import { hydrated, reload } from "./lib/session";

test("signed out, /settings sends you to sign in and back", async ({ page }) => {
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings|\/login\?next=\/settings/);
  await page.getByLabel("Email").fill("e2e-keys-redirect@example.com");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
});

test("create a key, use it, see it once, revoke it", async ({ page, request }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("e2e-keys@example.com");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-email")).toHaveText("e2e-keys@example.com");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByText("No API keys yet")).toBeVisible();

  // The create dialog: a modal that Escape closes.
  await page.getByRole("button", { name: "New API key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create an API key" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute("aria-modal", "true");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  await page.getByRole("button", { name: "New API key" }).click();
  await dialog.getByLabel("Name").fill("e2e agent");
  await dialog.getByLabel("Expires").selectOption({ label: "30 days" });
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog).toBeHidden();

  // Shown once, with a warning and a copy button.
  const shown = page.getByTestId("new-api-key");
  await expect(shown).toHaveText(/^jean_sk_[0-9A-Za-z]{49}$/);
  const key = (await shown.textContent())!.trim();
  await expect(page.getByText("you will not see this key again")).toBeVisible();
  await page.getByRole("button", { name: "Copy key" }).click();
  await expect(page.getByText(/Copied|Selected/)).toBeVisible();
  // The snippets now carry the key and this site's origin.
  const origin = new URL(page.url()).origin;
  await expect(page.locator("pre").first()).toContainText(`${origin}/agent/v1/mcp`);
  await expect(page.locator("pre").first()).toContainText(key);

  const row = page.getByTestId("api-key-row").filter({ hasText: "e2e agent" });
  await expect(row).toContainText(`${key.slice(0, 12)}…${key.slice(-4)}`);
  await expect(row).toContainText("active");

  // The key works for an agent (a separate client: no cookies).
  const me = await request.get("/agent/v1/me", { headers: { Authorization: `Bearer ${key}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ key: { name: "e2e agent", prefix: key.slice(0, 12), scopes: ["memories:read", "memories:write"] } });

  // After a reload the key is gone from the page for good.
  await reload(page);
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  expect(await page.content()).not.toContain(key);
  await expect(row).toContainText("active");

  // Revoke, with a confirmation.
  await row.getByRole("button", { name: "Revoke e2e agent" }).click();
  const confirm = page.getByRole("dialog", { name: /Revoke/ });
  await expect(confirm).toContainText("stop working immediately");
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("revoked");

  const refused = await request.get("/agent/v1/me", { headers: { Authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toBe("Bearer");
  expect((await refused.json()).error.code).toBe("invalid_api_key");
});

test("rename a key, and readable errors instead of a blank page", async ({ page }) => {
  await page.goto("/login?next=/settings");
  await page.getByLabel("Email").fill("e2e-keys-rename@example.com");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await hydrated(page);

  await page.getByRole("button", { name: "New API key" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("first name");
  await page.getByRole("dialog").getByLabel("Write memories").uncheck();
  await page.getByRole("button", { name: "Create key" }).click();
  const row = page.getByTestId("api-key-row").filter({ hasText: "first name" });
  await expect(row).toContainText("memories:read");
  await expect(row).not.toContainText("memories:write");

  await row.getByRole("button", { name: "Rename first name" }).click();
  const dialog = page.getByRole("dialog", { name: /Rename/ });
  await dialog.getByLabel("Name").fill("second name");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("api-key-row").filter({ hasText: "second name" })).toBeVisible();

  // The session ends in another tab: the next action explains itself.
  await page.context().clearCookies();
  await page.getByRole("button", { name: "New API key" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("no session");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText("Sign in again");
});
