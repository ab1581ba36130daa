// Signing a fresh user in through the real login page (for specs that need their
// own user; the "signed in" project shares one saved session instead).
import { expect, type Page } from "@playwright/test";

let n = 0;
export function freshEmail(label: string): string {
  return `e2e-${label}-${Date.now().toString(36)}-${++n}@example.com`;
}

/**
 * Waits until React has hydrated the page (components/hydration-marker.tsx: a click
 * before that does nothing) and every streamed Suspense boundary has settled. The
 * marker is in the root layout, so it is set while a dashboard page that streamed
 * after its loading.tsx may still sit in a hidden `<div id="S:…">`, or be rendered by
 * the client next to that hidden copy for a moment: a locator then matches twice
 * (CI saw two "connection-row"s on /settings).
 */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    if (document.readyState !== "complete" || !document.documentElement.hasAttribute("data-hydrated")) return false;
    if (document.querySelector('[hidden][id^="S:"]')) return false;
    // React's markers for a boundary still pending ($?) or queued to reveal ($~).
    const comments = document.createTreeWalker(document.body, NodeFilter.SHOW_COMMENT);
    for (let node = comments.nextNode(); node; node = comments.nextNode()) if (node.nodeValue === "$?" || node.nodeValue === "$~") return false;
    return true;
  });
}

/** Loads a page and waits for it to be interactive. */
export async function go(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await hydrated(page);
}

export async function reload(page: Page): Promise<void> {
  await page.reload();
  await hydrated(page);
}

export async function signInAs(page: Page, email: string, next = "/"): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);
  await hydrated(page);
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
