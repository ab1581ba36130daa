// Playwright setup project: signs in once through the real login page and saves
// the session, so the specs of the "signed in" project start signed in.
import { expect, test as setup } from "@playwright/test";

export const SIGNED_IN_STATE = "e2e/.auth/user.json";
export const SIGNED_IN_EMAIL = "e2e-signed-in@example.com";

setup("sign in once", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(SIGNED_IN_EMAIL);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-email")).toHaveText(SIGNED_IN_EMAIL);
  await page.context().storageState({ path: SIGNED_IN_STATE });
});
