"use client";
// Revoke an API key or a connected app from the Activity page (asks first: it cannot be undone).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { connectionsApi, keysApi } from "../api-client";
import { Dialog, DialogActions } from "../ui/dialog";
import { ErrorText } from "../ui/error-text";
import { buttonStyles } from "../ui/styles";
import { useToast } from "../ui/toast";
import { useAction } from "../ui/use-action";

export function RevokeCredentialButton({ credential }: { credential: { kind: "key" | "connection"; id: string; name: string } }) {
  const router = useRouter();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  const what = credential.kind === "key" ? "API key" : "connected app";

  const revoke = () =>
    run(async () => {
      if (credential.kind === "key") await keysApi.revoke(credential.id);
      else await connectionsApi.revoke(credential.id);
      setConfirming(false);
      toast({ message: `${credential.name} is revoked.` });
      router.refresh();
    });

  return (
    <>
      <button type="button" className={`${buttonStyles.secondary} text-red-700 dark:text-red-400`} onClick={() => setConfirming(true)} aria-label={`Revoke ${credential.name}`}>
        Revoke
      </button>
      {confirming && (
        <Dialog title={`Revoke “${credential.name}”?`} onClose={() => setConfirming(false)} description={`This ${what} stops working immediately: it can no longer read or write your memories. This cannot be undone.`}>
          <div className="space-y-4">
            <ErrorText error={error} signInNext="/activity" />
            <DialogActions onCancel={() => setConfirming(false)} busy={busy} label="Revoke" busyLabel="Revoking…" onConfirm={revoke} danger />
          </div>
        </Dialog>
      )}
    </>
  );
}
