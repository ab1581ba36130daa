import { expect, test } from "@playwright/test";
import { hydrated } from "./lib/session";

test("sign in locally, see your email, sign out", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill("e2e-person@example.com");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-email")).toHaveText("e2e-person@example.com");

  // The page's session works for the REST API too (same cookie, same helper).
  const me = await page.request.get("/api/v1/me");
  expect(me.status()).toBe(200);
  expect((await me.json()).email).toBe("e2e-person@example.com");

  // The menu opens only once React has hydrated the page (a click before that is lost).
  await hydrated(page);
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);
});

test("an invalid email is refused with a readable message", async ({ page }) => {
  await page.goto("/login");
  // Skip the browser's own check to reach the server's.
  await page.locator("form").evaluate((form) => form.setAttribute("novalidate", ""));
  await page.getByLabel("Email").fill("not an email");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/error=invalid_email/);
  await expect(page.locator("form p[role=alert]")).toHaveText(/valid email/);
});
