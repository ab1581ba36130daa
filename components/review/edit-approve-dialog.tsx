"use client";
// Edit, then approve: the person's text is stored instead of the assistant's.
import { useState } from "react";
import type { ReviewOut } from "../api-client";
import { Dialog, DialogActions } from "../ui/dialog";
import { inputStyles, mutedText } from "../ui/styles";
import { useAction } from "../ui/use-action";
import { ErrorText } from "../ui/error-text";

export function EditApproveDialog({ review, onClose, onApprove }: { review: ReviewOut; onClose: () => void; onApprove: (text: string) => Promise<void> }) {
  const [text, setText] = useState(review.proposed_text ?? review.memory.text);
  const { busy, error, run } = useAction();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    await run(() => onApprove(text.trim()));
  }

  return (
    <Dialog
      title="Edit, then approve"
      onClose={onClose}
      description={review.action === "update" ? "Your text replaces the memory's current text, instead of the proposed one." : "Your text is saved as the new memory, instead of the proposed one."}
    >
      <form onSubmit={submit} className="space-y-4">
        {review.action === "update" && (
          <div className="text-sm">
            <p className={`text-xs ${mutedText}`}>Now</p>
            <p className="break-words whitespace-pre-wrap">{review.memory.text}</p>
          </div>
        )}
        <label className="block text-sm font-medium">
          Memory text
          <textarea className={`${inputStyles} min-h-28`} value={text} onChange={(e) => setText(e.target.value)} required maxLength={10_000} autoFocus />
        </label>
        <ErrorText error={error} signInNext="/review" />
        <DialogActions onCancel={onClose} busy={busy} label="Approve this text" busyLabel="Approving…" />
      </form>
    </Dialog>
  );
}
