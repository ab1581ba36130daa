"use client";
// "Connect with OAuth" and "Connected apps" on /settings: the URL people paste into
// claude.ai, ChatGPT, Cursor or VS Code, and every grant made that way, with revoke
// (its tokens stop working at once).
import { useId, useState, useSyncExternalStore } from "react";
import type { ConnectionView } from "@/lib/oauth/types";
import { connectionsApi } from "../api-client";
import { DateTime } from "../ui/date-time";
import { ErrorText } from "../ui/error-text";
import { buttonStyles } from "../ui/styles";
import { TableHead } from "../ui/table";
import { CopyButton } from "./copy-button";
import { TRUST_COLUMNS, TrustCells } from "./trust-settings";

const noop = () => () => {};

export function ConnectionsPanel({ initialConnections, serverOrigin }: { initialConnections: ConnectionView[]; serverOrigin: string }) {
  const origin = useSyncExternalStore(noop, () => window.location.origin, () => serverOrigin);
  const [connections, setConnections] = useState(initialConnections);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const urlId = useId();
  const connectorUrl = `${origin}/mcp`;

  async function revoke(c: ConnectionView) {
    try {
      await connectionsApi.revoke(c.id);
      setConnections((all) => all.filter((x) => x.id !== c.id));
      setConfirming(null);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div className="space-y-10">
      <section aria-labelledby="connector-heading" className="space-y-3">
        <h2 id="connector-heading" className="text-lg font-semibold">
          Connect claude.ai, ChatGPT, Cursor or VS Code
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Add this URL as a custom connector (Claude: Settings → Connectors → Add custom connector). You sign in here and approve; no key to copy.
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <code id={urlId} data-testid="connector-url" className="rounded-md bg-zinc-100 px-3 py-2 font-mono text-sm select-all dark:bg-zinc-900">
            {connectorUrl}
          </code>
          <CopyButton text={connectorUrl} label="Copy connector URL" targetId={urlId} />
        </div>
      </section>

      <section aria-labelledby="connections-heading" className="space-y-4">
        <div>
          <h2 id="connections-heading" className="text-lg font-semibold">
            Connected apps
          </h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Apps you approved through OAuth. Revoking one ends its access at once. New connections do not see your sensitive categories, and their writes wait for
            your review; change that per app here.
          </p>
        </div>
        <ErrorText error={error} signInNext="/settings" />
        {connections.length === 0 ? (
          <p className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
            No connected apps yet.
          </p>
        ) : (
          <div className="relative overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Your connected apps</caption>
              <TableHead actions columns={[...["App", "Returns to", "Scopes"].map((label) => ({ label })), ...TRUST_COLUMNS, ...["Connected", "Last used"].map((label) => ({ label }))]} />
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {connections.map((c) => (
                  <tr key={c.id} data-testid="connection-row">
                    <th scope="row" className="px-3 py-2 font-medium">{c.client_name}</th>
                    <td className="px-3 py-2 font-mono text-xs">{c.client_host}</td>
                    <td className="px-3 py-2 text-xs">{c.scopes.join(", ")}</td>
                    <TrustCells
                      name={c.client_name}
                      policy={{ hide_sensitive: c.hide_sensitive, review_writes: c.review_writes }}
                      editable
                      save={async (patch) => {
                        const view = await connectionsApi.setPolicy(c.id, patch);
                        setConnections((all) => all.map((x) => (x.id === view.id ? view : x)));
                        return view;
                      }}
                    />
                    <td className="px-3 py-2 text-xs whitespace-nowrap"><DateTime iso={c.created_at} /></td>
                    <td className="px-3 py-2 text-xs whitespace-nowrap"><DateTime iso={c.last_used_at} empty="Never" /></td>
                    <td className="px-3 py-2 text-right whitespace-nowrap">
                      {confirming === c.id ? (
                        <span className="inline-flex gap-2">
                          <button type="button" className={`${buttonStyles.secondary} text-red-700 dark:text-red-400`} onClick={() => revoke(c)}>
                            Confirm revoke
                          </button>
                          <button type="button" className={buttonStyles.secondary} onClick={() => setConfirming(null)}>
                            Cancel
                          </button>
                        </span>
                      ) : (
                        <button type="button" className={`${buttonStyles.secondary} text-red-700 dark:text-red-400`} onClick={() => setConfirming(c.id)} aria-label={`Revoke ${c.client_name}`}>
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
