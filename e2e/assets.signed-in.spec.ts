// Debrief failure 3: a stale build cache served pages whose CSS answered 404, so the
// site rendered unstyled while every route "worked". Every page's stylesheets and
// scripts must answer 200 with the right type, and the styles must apply.
import { expect, test } from "@playwright/test";

const PAGES = ["/", "/memories", "/apps", "/settings"];

for (const path of PAGES) {
  test(`${path}: every stylesheet and script answers 200, and the styles apply`, async ({ page }) => {
    const failed: string[] = [];
    page.on("response", (res) => {
      const type = res.request().resourceType();
      if ((type === "stylesheet" || type === "script") && res.status() !== 200) failed.push(`${res.status()} ${res.url()}`);
    });
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    const assets = await page.evaluate(() => [
      ...[...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].map((l) => ({ url: l.href, kind: "css" })),
      ...[...document.querySelectorAll<HTMLScriptElement>("script[src]")].map((s) => ({ url: s.src, kind: "js" })),
    ]);
    expect(assets.filter((a) => a.kind === "css").length).toBeGreaterThan(0);
    for (const { url, kind } of assets) {
      const res = await page.request.get(url);
      expect(res.status(), url).toBe(200);
      expect(res.headers()["content-type"], url).toContain(kind === "css" ? "text/css" : "javascript");
    }
    expect(failed).toEqual([]);
    // Tailwind's preflight zeroes the body's margin (a browser's default is 8px): unstyled pages keep it.
    expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe("0px");
  });
}
