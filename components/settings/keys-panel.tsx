"use client";
// The API keys section of /settings: the table, the one-time panel showing a new
// key, and the "Connect an agent" snippets (the dialogs are in key-dialogs.tsx).
import { useState } from "react";
import type { CreatedKey, KeyView } from "@/lib/keys/types";
import { keysApi } from "../api-client";
import { ErrorText } from "../ui/error-text";
import { DateTime } from "../ui/date-time";
import { buttonStyles } from "../ui/styles";
import { TableHead } from "../ui/table";
import { ConnectAgent } from "./connect-agent";
import { CopyButton } from "./copy-button";
import { CreateKeyDialog, RenameKeyDialog, RevokeKeyDialog } from "./key-dialogs";
import { TRUST_COLUMNS, TrustCells } from "./trust-settings";

const MAX_ACTIVE_KEYS = 25;
const primary = buttonStyles.primary;
const secondary = buttonStyles.secondary;

const STATUS_STYLE: Record<KeyView["status"], string> = {
  active: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300",
  expired: "bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300",
  revoked: "bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
};

export function KeysPanel({ initialKeys, serverOrigin }: { initialKeys: KeyView[]; serverOrigin: string }) {
  const [keys, setKeys] = useState(initialKeys);
  const [pageError, setPageError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [renaming, setRenaming] = useState<KeyView | null>(null);
  const [revoking, setRevoking] = useState<KeyView | null>(null);

  const activeCount = keys.filter((k) => k.status === "active").length;

  async function refresh() {
    try {
      setKeys(await keysApi.list());
      setPageError(null);
    } catch (e) {
      setPageError(e);
    }
  }

  function replace(view: KeyView) {
    setKeys((all) => all.map((k) => (k.id === view.id ? view : k)));
  }

  return (
    <div className="space-y-10">
      <section aria-labelledby="keys-heading" className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h2 id="keys-heading" className="text-lg font-semibold">
              API keys
            </h2>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              Agents use these keys to read and write your memories. {activeCount} of {MAX_ACTIVE_KEYS} active. A key that does not see sensitive categories never
              gets those memories; one whose writes are reviewed proposes, and you decide on the Review page.
            </p>
          </div>
          <button type="button" className={primary} onClick={() => setCreating(true)} disabled={activeCount >= MAX_ACTIVE_KEYS}>
            New API key
          </button>
        </div>

        <ErrorText error={pageError} signInNext="/settings" />

        {created && (
          <section
            aria-labelledby="new-key-heading"
            className="space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950/40"
          >
            <h3 id="new-key-heading" className="font-semibold">
              Your new key “{created.name}”
            </h3>
            <p role="note" className="text-sm font-medium text-amber-800 dark:text-amber-300">
              Copy it now: you will not see this key again. If you lose it, revoke it and create another.
            </p>
            <div className="flex flex-wrap items-center gap-3">
              <code
                id="new-api-key"
                data-testid="new-api-key"
                className="break-all rounded-md bg-white px-3 py-2 font-mono text-sm select-all dark:bg-zinc-900"
              >
                {created.key}
              </code>
              <CopyButton text={created.key} label="Copy key" targetId="new-api-key" />
            </div>
            <button type="button" className={secondary} onClick={() => setCreated(null)}>
              I have copied it
            </button>
          </section>
        )}

        {keys.length === 0 ? (
          <p className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
            No API keys yet. Create one to connect an agent.
          </p>
        ) : (
          <div className="relative overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Your API keys</caption>
              <TableHead actions columns={[...["Name", "Key", "Scopes"].map((label) => ({ label })), ...TRUST_COLUMNS, ...["Created", "Last used", "Expires", "Status"].map((label) => ({ label }))]} />
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {keys.map((k) => (
                  <tr key={k.id} data-testid="api-key-row">
                    <th scope="row" className="px-3 py-2 font-medium">
                      {k.name}
                    </th>
                    <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">
                      {k.prefix}…{k.last_four}
                    </td>
                    <td className="px-3 py-2 text-xs">{k.scopes.join(", ")}</td>
                    <TrustCells
                      name={k.name}
                      policy={{ hide_sensitive: k.hide_sensitive, review_writes: k.review_writes }}
                      editable={k.status !== "revoked"}
                      save={async (patch) => {
                        const view = await keysApi.setPolicy(k.id, patch);
                        replace(view);
                        return view;
                      }}
                    />
                    <td className="px-3 py-2 text-xs whitespace-nowrap"><DateTime iso={k.created_at} /></td>
                    <td className="px-3 py-2 text-xs whitespace-nowrap"><DateTime iso={k.last_used_at} empty="Never" /></td>
                    <td className="px-3 py-2 text-xs whitespace-nowrap"><DateTime iso={k.expires_at} empty="Never" /></td>
                    <td className="px-3 py-2">
                      <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[k.status]}`}>{k.status}</span>
                    </td>
                    <td className="px-3 py-2 text-right whitespace-nowrap">
                      {k.status !== "revoked" && (
                        <span className="inline-flex gap-2">
                          <button type="button" className={secondary} onClick={() => setRenaming(k)} aria-label={`Rename ${k.name}`}>
                            Rename
                          </button>
                          <button
                            type="button"
                            className={`${secondary} text-red-700 dark:text-red-400`}
                            onClick={() => setRevoking(k)}
                            aria-label={`Revoke ${k.name}`}
                          >
                            Revoke
                          </button>
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <ConnectAgent serverOrigin={serverOrigin} apiKey={created?.key} />

      {creating && (
        <CreateKeyDialog
          onClose={() => setCreating(false)}
          onCreated={async (c) => {
            setCreating(false);
            setCreated(c);
            await refresh();
          }}
        />
      )}
      {renaming && (
        <RenameKeyDialog
          apiKey={renaming}
          onClose={() => setRenaming(null)}
          onRenamed={(view) => {
            replace(view);
            setRenaming(null);
          }}
        />
      )}
      {revoking && (
        <RevokeKeyDialog
          apiKey={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={(view) => {
            replace(view);
            setRevoking(null);
            if (created?.id === view.id) setCreated(null);
          }}
        />
      )}
    </div>
  );
}
