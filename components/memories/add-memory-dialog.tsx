"use client";
// "Add memory": a dialog with the text (and, optionally, the app it is filed under).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { memoriesApi } from "../api-client";
import { Dialog, DialogActions } from "../ui/dialog";
import { ErrorText } from "../ui/error-text";
import { buttonStyles, inputStyles } from "../ui/styles";
import { useToast } from "../ui/toast";
import { useAction } from "../ui/use-action";

export function AddMemoryButton({ label = "Add memory", primary = true }: { label?: string; primary?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={primary ? buttonStyles.primary : buttonStyles.secondary} onClick={() => setOpen(true)}>
        {label}
      </button>
      {open && <AddMemoryDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function AddMemoryDialog({ onClose }: { onClose: () => void }) {
  const router = useRouter();
  const toast = useToast();
  const [text, setText] = useState("");
  const { busy, error, run } = useAction();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    await run(async () => {
      const { results } = await memoriesApi.add(text.trim());
      const known = results.length > 0 && results.every((r) => r.event === "NONE");
      toast({ message: known ? "Already remembered: nothing new was added." : "Memory added." });
      onClose();
      router.refresh();
    });
  }

  return (
    <Dialog title="Add a memory" description="Something about you that your assistants should know." onClose={onClose}>
      <form onSubmit={submit} className="space-y-4">
        <label className="block text-sm font-medium">
          Memory
          <textarea className={`${inputStyles} min-h-28`} value={text} onChange={(e) => setText(e.target.value)} required maxLength={10_000} autoFocus placeholder="e.g. I prefer window seats on long flights" />
        </label>
        <ErrorText error={error} signInNext="/memories" />
        <DialogActions onCancel={onClose} busy={busy} label="Add memory" busyLabel="Adding…" />
      </form>
    </Dialog>
  );
}
