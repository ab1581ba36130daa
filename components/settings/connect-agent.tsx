"use client";
// "Connect an agent": copy-ready configuration for Claude Desktop (through
// supergateway), any MCP client, and curl, filled in with this site's origin and,
// right after creating one, the new key.
import { useId, useSyncExternalStore } from "react";
import { CopyButton } from "./copy-button";

const noop = () => () => {};

function Snippet({ title, intro, code }: { title: string; intro: React.ReactNode; code: string }) {
  const id = useId();
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-4">
        <h3 className="text-sm font-semibold">{title}</h3>
        <CopyButton text={code} label={`Copy ${title} snippet`} targetId={id} />
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{intro}</p>
      <pre className="relative overflow-x-auto rounded-md bg-zinc-900 p-3 text-xs leading-relaxed text-zinc-100">
        <code id={id}>{code}</code>
      </pre>
    </div>
  );
}

export function ConnectAgent({ serverOrigin, apiKey }: { serverOrigin: string; apiKey?: string }) {
  // The browser knows the origin it is really on (behind proxies too); the server's guess renders first.
  const origin = useSyncExternalStore(noop, () => window.location.origin, () => serverOrigin);
  const key = apiKey ?? "jean_sk_YOUR_API_KEY";
  const mcpUrl = `${origin}/agent/v1/mcp`;
  const claude = JSON.stringify(
    {
      mcpServers: {
        "jean-memory": {
          command: "npx",
          args: ["-y", "supergateway", "--streamableHttp", mcpUrl, "--oauth2Bearer", key],
        },
      },
    },
    null,
    2,
  );
  const generic = `URL:        ${mcpUrl}\nTransport:  Streamable HTTP\nHeader:     Authorization: Bearer ${key}`;
  const curl = `curl -H "Authorization: Bearer ${key}" ${origin}/agent/v1/me`;

  return (
    <section aria-labelledby="connect-heading" className="space-y-6">
      <div>
        <h2 id="connect-heading" className="text-lg font-semibold">
          Connect an agent
        </h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {apiKey
            ? "These snippets contain your new key. Keep them private."
            : "Replace jean_sk_YOUR_API_KEY with a key you created above."}
        </p>
      </div>
      <Snippet
        title="Claude Desktop"
        intro={
          <>
            Add this to <code>claude_desktop_config.json</code> (Settings → Developer → Edit Config), then restart Claude.
          </>
        }
        code={claude}
      />
      <Snippet title="Any MCP client" intro="Point a Streamable HTTP MCP client at this URL with this header." code={generic} />
      <Snippet title="curl" intro="Check that a key works: it answers with the user and key it belongs to." code={curl} />
    </section>
  );
}
