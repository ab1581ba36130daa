"use client";
// The create / rename / revoke dialogs of the API keys panel.
import { useState } from "react";
import type { CreatedKey, KeyView } from "@/lib/keys/types";
import { ApiRequestError, keysApi } from "../api-client";
import { Dialog, DialogActions } from "../ui/dialog";
import { ErrorText } from "../ui/error-text";
import { inputStyles } from "../ui/styles";
import { useAction } from "../ui/use-action";
import { CAN_SEE_SENSITIVE, WRITES_REVIEWED } from "./trust-settings";

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

export function CreateKeyDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (c: CreatedKey) => Promise<void> }) {
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState("");
  const [scopes, setScopes] = useState<string[]>(SCOPES.map((s) => s.value));
  // Trust controls: a new key does not see sensitive categories and its writes are reviewed, unless chosen here.
  const [seesSensitive, setSeesSensitive] = useState(false);
  const [reviewed, setReviewed] = useState(true);
  const { busy, error, setError, run } = useAction();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (scopes.length === 0) return setError(new ApiRequestError(400, "validation_error", "Choose at least one scope."));
    await run(async () =>
      onCreated(
        await keysApi.create({ name: name.trim(), expires_in_days: expiry === "" ? null : Number(expiry), scopes, hide_sensitive: !seesSensitive, review_writes: reviewed }),
      ),
    );
  }

  return (
    <Dialog title="Create an API key" onClose={onClose} description="Name it after the agent that will use it; memories it adds are attributed to this name.">
      <form onSubmit={submit} className="space-y-4">
        <label className="block text-sm font-medium">
          Name
          <input className={inputStyles} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} autoFocus placeholder="e.g. Cursor on my laptop" />
        </label>
        <label className="block text-sm font-medium">
          Expires
          <select className={inputStyles} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
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
                  {s.label} <span className="text-zinc-600 dark:text-zinc-400">({s.value}: {s.hint})</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend className="text-sm font-medium">Trust</legend>
          <div className="mt-2 space-y-2">
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" className="mt-0.5" checked={seesSensitive} onChange={(e) => setSeesSensitive(e.target.checked)} />
              <span>
                {CAN_SEE_SENSITIVE} <span className="text-zinc-600 dark:text-zinc-400">(the ones chosen under Sensitive categories; off: those memories are kept from it)</span>
              </span>
            </label>
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" className="mt-0.5" checked={reviewed} onChange={(e) => setReviewed(e.target.checked)} />
              <span>
                {WRITES_REVIEWED} <span className="text-zinc-600 dark:text-zinc-400">(what it adds, changes or deletes waits on the Review page until you approve it)</span>
              </span>
            </label>
          </div>
        </fieldset>
        <ErrorText error={error} signInNext="/settings" />
        <DialogActions onCancel={onClose} busy={busy} label="Create key" busyLabel="Creating…" />
      </form>
    </Dialog>
  );
}

export function RenameKeyDialog({ apiKey, onClose, onRenamed }: { apiKey: KeyView; onClose: () => void; onRenamed: (v: KeyView) => void }) {
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
          <input className={inputStyles} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} autoFocus />
        </label>
        <ErrorText error={error} signInNext="/settings" />
        <DialogActions onCancel={onClose} busy={busy} label="Save" busyLabel="Saving…" />
      </form>
    </Dialog>
  );
}

export function RevokeKeyDialog({ apiKey, onClose, onRevoked }: { apiKey: KeyView; onClose: () => void; onRevoked: (v: KeyView) => void }) {
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
        <ErrorText error={error} signInNext="/settings" />
        <DialogActions onCancel={onClose} busy={busy} label="Revoke key" busyLabel="Revoking…" onConfirm={revoke} danger />
      </div>
    </Dialog>
  );
}
