// Signing a fresh user in through the real login page (for specs that need their
// own user; the "signed in" project shares one saved session instead).
import { expect, type Page } from "@playwright/test";

let n = 0;
export function freshEmail(label: string): string {
  return `e2e-${label}-${Date.now().toString(36)}-${++n}@example.com`;
}

export async function signInAs(page: Page, email: string, next = "/"): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);
}

/** Adds memories through the REST API with the page's session cookie; returns their ids. */
export async function addMemories(page: Page, texts: string[], app?: string): Promise<string[]> {
  const ids: string[] = [];
  for (const text of texts) {
    const res = await page.request.post("/api/v1/memories", { data: { text, ...(app ? { app } : {}) } });
    expect(res.status(), await res.text()).toBe(201);
    ids.push((await res.json()).results[0].id);
  }
  return ids;
}
