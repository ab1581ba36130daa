// Connecting as claude.ai, ChatGPT or Cursor do, against `next start`: the MCP SDK's
// OAuth client follows discovery from /mcp's 401 and sends the browser to our
// authorization endpoint; chromium signs in, sees the consent page and approves;
// the redirect back to the client is caught, and the SDK finishes with every tool
// over its token. Once with dynamic registration, once with a Client ID Metadata
// Document served on loopback; then revoking on /settings ends the token.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { InMemoryOAuthProvider } from "../lib/testing/oauth-client";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { go } from "./lib/session";

// Nothing listens here: the browser's request to it is caught (page.route).
const CALLBACK = "http://127.0.0.1:48999/callback";

/** The SDK's OAuth client state, in memory, redirecting to CALLBACK. */
class BrowserProvider extends InMemoryOAuthProvider {
  constructor(opts: { clientId?: string; name?: string } = {}) {
    super({ redirectUrl: CALLBACK, name: opts.name ?? "E2E Connector", clientId: opts.clientId });
  }
}

const textOf = (r: unknown) => (r as CallToolResult).content.map((c) => (c.type === "text" ? c.text : "")).join("");

/** The SDK's first attempt: 401, discovery, (registration), and the URL it sends the browser to. */
async function startConnecting(baseURL: string, provider: BrowserProvider): Promise<{ url: URL; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(`${baseURL}/mcp`), { authProvider: provider });
  await expect(new Client({ name: "e2e", version: "1" }).connect(transport)).rejects.toThrow(UnauthorizedError);
  expect(provider.authorizationUrl).toBeDefined();
  return { url: provider.authorizationUrl!, transport };
}

/** Opens the authorization URL in the browser; resolves with where the server sent it back to. */
async function approveInBrowser(page: Page, url: URL, email: string, expected: { name: string }): Promise<URL> {
  let callback: URL | undefined;
  const cspViolations: string[] = [];
  page.on("console", (m) => /Content Security Policy|Refused to/i.test(m.text()) && cspViolations.push(m.text()));
  await page.route(`${new URL(CALLBACK).origin}/**`, (route) => {
    callback = new URL(route.request().url());
    return route.fulfill({ status: 200, contentType: "text/plain", body: "connected" });
  });
  await page.goto(url.toString());
  // Signed out: sign in first, then back to the consent page.
  await expect(page).toHaveURL(/\/login\?next=%2Foauth%2Fconsent/);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/oauth\/consent\?/);
  await expect(page.getByTestId("client-name")).toHaveText(expected.name);
  await expect(page.getByTestId("redirect-host")).toHaveText("127.0.0.1:48999");
  await expect(page.getByText(`signed in as ${email}`)).toBeVisible();
  await expect(page.getByLabel("Add and change memories")).toBeChecked();
  await expect(page.getByTestId("trust-defaults")).toContainText("will not see memories in your sensitive categories");
  await expect(page.getByTestId("trust-defaults")).toContainText("waits for your review");
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await page.getByRole("button", { name: "Allow" }).click();
  await expect.poll(() => callback?.toString() ?? "").toContain(CALLBACK);
  // The form's answer is a redirect to the client: the page's form-action allows it.
  expect(cspViolations).toEqual([]);
  return callback!;
}

/**
 * A new connection's writes wait for review (and it does not see sensitive
 * categories): everyTool checks that its writes apply at once, so it says so first,
 * as the person would under Settings → Connected apps (the same session's PATCH).
 */
async function writeWithoutReview(page: Page, clientName: string) {
  const { connections } = await (await page.request.get("/api/v1/connections")).json();
  const connection = (connections as { id: string; client_name: string; hide_sensitive: boolean; review_writes: boolean }[]).find((c) => c.client_name === clientName);
  expect(connection).toMatchObject({ hide_sensitive: true, review_writes: true }); // the defaults the consent page told of
  const res = await page.request.patch(`/api/v1/connections/${connection!.id}`, { data: { review_writes: false } });
  expect(res.status(), await res.text()).toBe(200);
  expect(await res.json()).toMatchObject({ id: connection!.id, hide_sensitive: true, review_writes: false });
}

async function everyTool(baseURL: string, provider: BrowserProvider) {
  const client = new Client({ name: "e2e", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${baseURL}/mcp`), { authProvider: provider }));
  try {
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(
      ["add_memories", "ask_memory", "deep_memory_query", "delete_all_memories", "delete_memories", "get_memory_details", "list_memories", "search_memory", "update_memory"],
    );
    const added = JSON.parse(textOf(await client.callTool({ name: "add_memories", arguments: { text: "E2E connector: my cat is called Biscuit" } })));
    const id = added.results[0].id as string;
    const hits = JSON.parse(textOf(await client.callTool({ name: "search_memory", arguments: { query: "cat Biscuit" } })));
    expect(hits[0].id).toBe(id);
    expect(JSON.parse(textOf(await client.callTool({ name: "get_memory_details", arguments: { memory_id: id } }))).id).toBe(id);
    expect(JSON.parse(textOf(await client.callTool({ name: "list_memories", arguments: {} }))).map((m: { id: string }) => m.id)).toContain(id);
    expect(JSON.parse(textOf(await client.callTool({ name: "ask_memory", arguments: { question: "What is my cat called?" } }))).answer).toContain("Biscuit");
    expect(JSON.parse(textOf(await client.callTool({ name: "deep_memory_query", arguments: { search_query: "cat" } }))).memories.length).toBeGreaterThan(0);
    // Two steps: the first call deletes nothing and answers a confirmation token; the second, with it, deletes.
    const preview = JSON.parse(textOf(await client.callTool({ name: "delete_all_memories", arguments: {} })));
    expect(preview).toMatchObject({ deleted: 0, would_delete: 1, confirmation_token: expect.stringMatching(/^jean_dc_/) });
    const confirmed = JSON.parse(textOf(await client.callTool({ name: "delete_all_memories", arguments: { confirmation_token: preview.confirmation_token } })));
    expect(confirmed.deleted).toBe(1);
  } finally {
    await client.close();
  }
}

async function mcpStatus(baseURL: string, accessToken: string): Promise<number> {
  const res = await fetch(`${baseURL}/mcp`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }) });
  await res.text();
  return res.status;
}

test("dynamic registration: sign in, consent in chromium, every tool; revoking on /settings ends the token", async ({ page, baseURL }) => {
  const provider = new BrowserProvider({ name: "Claude" });
  const { url, transport } = await startConnecting(baseURL!, provider);
  const callback = await approveInBrowser(page, url, "e2e-oauth-dcr@example.com", { name: "Claude" });
  expect(callback.searchParams.get("iss")).toBe(baseURL);
  await transport.finishAuth(callback.searchParams.get("code")!);
  await writeWithoutReview(page, "Claude");
  await everyTool(baseURL!, provider);

  // The grant is a connected app on /settings, next to the URL to paste.
  await go(page, "/settings");
  await expect(page.getByTestId("connector-url")).toHaveText(`${baseURL}/mcp`);
  const row = page.getByTestId("connection-row").filter({ hasText: "Claude" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("memories:read, memories:write");
  const token = provider.tokens()!.access_token;
  expect(await mcpStatus(baseURL!, token)).toBe(200);
  await row.getByRole("button", { name: "Revoke Claude" }).click();
  await row.getByRole("button", { name: "Confirm revoke" }).click();
  await expect(page.getByTestId("connection-row")).toHaveCount(0);
  expect(await mcpStatus(baseURL!, token)).toBe(401);
});

test("a Client ID Metadata Document on loopback: the URL is the client id; Deny sends access_denied back", async ({ page, baseURL }) => {
  const docs = http.createServer((req, res) => {
    const self = `http://127.0.0.1:${(docs.address() as AddressInfo).port}${req.url}`;
    if (req.url !== "/client.json") return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ client_id: self, client_name: "Metadata Desktop", redirect_uris: [CALLBACK] }));
  });
  await new Promise<void>((resolve) => docs.listen(0, "127.0.0.1", resolve));
  try {
    const clientId = `http://127.0.0.1:${(docs.address() as AddressInfo).port}/client.json`;
    const provider = new BrowserProvider({ clientId });
    const { url, transport } = await startConnecting(baseURL!, provider);
    expect(url.searchParams.get("client_id")).toBe(clientId);
    const callback = await approveInBrowser(page, url, "e2e-oauth-cimd@example.com", { name: "Metadata Desktop" });
    await transport.finishAuth(callback.searchParams.get("code")!);
    await writeWithoutReview(page, "Metadata Desktop");
    await everyTool(baseURL!, provider);

    // Asked again and denied: the client hears access_denied, and gets no code.
    const again = await startConnecting(baseURL!, new BrowserProvider({ clientId }));
    let denied: URL | undefined;
    await page.unrouteAll();
    await page.route(`${new URL(CALLBACK).origin}/**`, (route) => {
      denied = new URL(route.request().url());
      return route.fulfill({ status: 200, body: "denied" });
    });
    await page.goto(again.url.toString());
    await expect(page).toHaveURL(/\/oauth\/consent\?/);
    await page.getByRole("button", { name: "Deny" }).click();
    await expect.poll(() => denied?.searchParams.get("error") ?? "").toBe("access_denied");
    expect(denied!.searchParams.get("code")).toBeNull();
  } finally {
    await new Promise((resolve) => docs.close(resolve));
  }
});

test("the consent page is never framed and names only the registered redirect host", async ({ page, request, baseURL }) => {
  const provider = new BrowserProvider({ name: "Frame Test" });
  const { url } = await startConnecting(baseURL!, provider);
  const first = await request.get(url.toString(), { maxRedirects: 0 });
  expect(first.status()).toBe(303);
  const consent = await request.get(first.headers()["location"], { maxRedirects: 0 });
  // (Signed out here, so it sends on to sign-in: the same headers come first.)
  expect(consent.headers()["x-frame-options"]).toBe("DENY");
  expect(consent.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  // A redirect URI the client never registered is shown as an error, never followed.
  const forged = new URL(url);
  forged.searchParams.set("redirect_uri", "https://attacker.example/cb");
  const refused = await page.goto(forged.toString());
  expect(refused?.status()).toBe(400);
  expect(new URL(page.url()).origin).toBe(baseURL);
});
