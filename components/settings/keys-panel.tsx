"use client";
// The API keys section of /settings: the table, the create / rename / revoke dialogs,
// the one-time panel showing a new key, and the "Connect an agent" snippets.
import { useState } from "react";
import type { CreatedKey, KeyView } from "@/lib/keys/types";
import { ApiRequestError, keysApi } from "./api";
import { ConnectAgent } from "./connect-agent";
import { CopyButton } from "./copy-button";
import { Dialog } from "./dialog";
import { useAction } from "./use-action";

const MAX_ACTIVE_KEYS = 25;
const EXPIRY_OPTIONS: { label: string; days: number | null }[] = [
  { label: "Never", days: null },
  { label: "7 days", days: 7 },
  { label: "30 days", days: 30 },
  { label: "90 days", days: 90 },
  { label: "1 year", days: 365 },
];
const SCOPES = [
  { value: "memories:read", label: "Read memories", hint: "search, list and ask" },
  { value: "memories:write", label: "Write memories", hint: "add and delete" },
] as const;

const button =
  "rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-zinc-500 disabled:opacity-50";
const primary = `${button} bg-zinc-900 text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300`;
const secondary = `${button} border border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800`;
const danger = `${button} bg-red-600 text-white hover:bg-red-700`;
const input = "mt-1 w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-950";

/** UTC, so the server's render and the browser's agree. */
function formatDate(iso: string | null, empty = "—") {
  if (!iso) return empty;
  return <time dateTime={iso}>{iso.slice(0, 16).replace("T", " ")} UTC</time>;
}

function messageOf(e: unknown): string {
  return e instanceof ApiRequestError ? e.message : "Something went wrong. Please try again.";
}

function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="text-sm text-red-600">
      {messageOf(error)}
      {error instanceof ApiRequestError && error.status === 401 && (
        <>
          {" "}
          <a href="/login?next=/settings" className="underline">
            Sign in
          </a>
        </>
      )}
    </p>
  );
}

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
              Agents use these keys to read and write your memories. {activeCount} of {MAX_ACTIVE_KEYS} active.
            </p>
          </div>
          <button type="button" className={primary} onClick={() => setCreating(true)} disabled={activeCount >= MAX_ACTIVE_KEYS}>
            New API key
          </button>
        </div>

        <ErrorText error={pageError} />

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
          <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Your API keys</caption>
              <thead className="bg-zinc-100 text-xs uppercase tracking-wide text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
                <tr>
                  {["Name", "Key", "Scopes", "Created", "Last used", "Expires", "Status"].map((h) => (
                    <th key={h} scope="col" className="px-3 py-2 font-medium">
                      {h}
                    </th>
                  ))}
                  <th scope="col" className="px-3 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
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
                    <td className="px-3 py-2 text-xs whitespace-nowrap">{formatDate(k.created_at)}</td>
                    <td className="px-3 py-2 text-xs whitespace-nowrap">{formatDate(k.last_used_at, "Never")}</td>
                    <td className="px-3 py-2 text-xs whitespace-nowrap">{formatDate(k.expires_at, "Never")}</td>
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

function CreateKeyDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (c: CreatedKey) => Promise<void> }) {
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState("");
  const [scopes, setScopes] = useState<string[]>(SCOPES.map((s) => s.value));
  const { busy, error, setError, run } = useAction();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (scopes.length === 0) return setError(new ApiRequestError(400, "validation_error", "Choose at least one scope."));
    await run(async () => onCreated(await keysApi.create({ name: name.trim(), expires_in_days: expiry === "" ? null : Number(expiry), scopes })));
  }

  return (
    <Dialog title="Create an API key" onClose={onClose} description="Name it after the agent that will use it; memories it adds are attributed to this name.">
      <form onSubmit={submit} className="space-y-4">
        <label className="block text-sm font-medium">
          Name
          <input className={input} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} autoFocus placeholder="e.g. Cursor on my laptop" />
        </label>
        <label className="block text-sm font-medium">
          Expires
          <select className={input} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
            {EXPIRY_OPTIONS.map((o) => (
              <option key={o.label} value={o.days ?? ""}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend className="text-sm font-medium">Scopes</legend>
          <div className="mt-2 space-y-2">
            {SCOPES.map((s) => (
              <label key={s.value} className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-0.5"
                  checked={scopes.includes(s.value)}
                  onChange={(e) => setScopes((all) => (e.target.checked ? [...all, s.value] : all.filter((v) => v !== s.value)))}
                />
                <span>
                  {s.label} <span className="text-zinc-500">({s.value}: {s.hint})</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <ErrorText error={error} />
        <DialogActions onCancel={onClose} busy={busy} label="Create key" busyLabel="Creating…" />
      </form>
    </Dialog>
  );
}

function RenameKeyDialog({ apiKey, onClose, onRenamed }: { apiKey: KeyView; onClose: () => void; onRenamed: (v: KeyView) => void }) {
  const [name, setName] = useState(apiKey.name);
  const { busy, error, run } = useAction();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    await run(async () => onRenamed(await keysApi.rename(apiKey.id, name.trim())));
  }

  return (
    <Dialog title={`Rename “${apiKey.name}”`} onClose={onClose}>
      <form onSubmit={submit} className="space-y-4">
        <label className="block text-sm font-medium">
          Name
          <input className={input} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} autoFocus />
        </label>
        <ErrorText error={error} />
        <DialogActions onCancel={onClose} busy={busy} label="Save" busyLabel="Saving…" />
      </form>
    </Dialog>
  );
}

function RevokeKeyDialog({ apiKey, onClose, onRevoked }: { apiKey: KeyView; onClose: () => void; onRevoked: (v: KeyView) => void }) {
  const { busy, error, run } = useAction();
  const revoke = () => run(async () => onRevoked(await keysApi.revoke(apiKey.id)));

  return (
    <Dialog
      title={`Revoke “${apiKey.name}”?`}
      onClose={onClose}
      description={
        <>
          Agents using <span className="font-mono">{apiKey.prefix}…{apiKey.last_four}</span> stop working immediately. This cannot be undone.
        </>
      }
    >
      <div className="space-y-4">
        <ErrorText error={error} />
        <DialogActions onCancel={onClose} busy={busy} label="Revoke key" busyLabel="Revoking…" onConfirm={revoke} danger />
      </div>
    </Dialog>
  );
}

/** Cancel + the dialog's action. Without onConfirm the action submits the form. */
function DialogActions(props: { onCancel: () => void; busy: boolean; label: string; busyLabel: string; onConfirm?: () => void; danger?: boolean }) {
  return (
    <div className="flex justify-end gap-2">
      <button type="button" className={secondary} onClick={props.onCancel} autoFocus={props.danger}>
        Cancel
      </button>
      <button
        type={props.onConfirm ? "button" : "submit"}
        className={props.danger ? danger : primary}
        onClick={props.onConfirm}
        disabled={props.busy}
      >
        {props.busy ? props.busyLabel : props.label}
      </button>
    </div>
  );
}
