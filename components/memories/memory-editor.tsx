"use client";
// One memory's text, editable in place (Enter on "Edit", Escape cancels), and its
// state actions. Text is always rendered as text: assistants wrote it.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useRef, useState } from "react";
import type { MemoryOut } from "@/lib/memory/types";
import { memoriesApi, type StateAction } from "../api-client";
import { Dialog, DialogActions } from "../ui/dialog";
import { ErrorText } from "../ui/error-text";
import { buttonStyles, inputStyles } from "../ui/styles";
import { useToast } from "../ui/toast";
import { useAction } from "../ui/use-action";

export function MemoryEditor({ memory, startEditing = false }: { memory: MemoryOut; startEditing?: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const toast = useToast();
  // Re-render with the server's data; drop ?edit=1 so the editor does not reopen.
  const refresh = () => (search.has("edit") ? router.replace(pathname, { scroll: false }) : router.refresh());
  const [editing, setEditing] = useState(startEditing && memory.state !== "deleted");
  const [text, setText] = useState(memory.memory);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const save = useAction();
  const change = useAction();

  const stopEditing = () => {
    setEditing(false);
    setText(memory.memory);
    if (search.has("edit")) router.replace(pathname, { scroll: false });
    // Focus goes back to where the edit started.
    requestAnimationFrame(() => editButton.current?.focus());
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    await save.run(async () => {
      await memoriesApi.edit(memory.id, text.trim());
      setEditing(false);
      toast({ message: "Saved." });
      refresh();
      requestAnimationFrame(() => editButton.current?.focus());
    });
  }

  const act = (action: StateAction) =>
    change.run(async () => {
      await memoriesApi.act(action, [memory.id]);
      toast({ message: action === "delete" ? "Moved to the trash." : `Memory ${action === "restore" ? "restored" : action + "d"}.` });
      refresh();
    });

  return (
    <div className="space-y-4">
      {editing ? (
        <form onSubmit={submit} className="space-y-3" onKeyDown={(e) => e.key === "Escape" && stopEditing()}>
          <label className="block text-sm font-medium">
            Memory text
            <textarea className={`${inputStyles} min-h-32`} value={text} onChange={(e) => setText(e.target.value)} required maxLength={10_000} autoFocus />
          </label>
          <ErrorText error={save.error} signInNext={`/memories/${memory.id}`} />
          <div className="flex gap-2">
            <button type="submit" className={buttonStyles.primary} disabled={save.busy || !text.trim()}>
              {save.busy ? "Saving…" : "Save"}
            </button>
            <button type="button" className={buttonStyles.secondary} onClick={stopEditing}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p data-testid="memory-text" className="text-lg break-words whitespace-pre-wrap">
          {memory.memory}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {!editing && memory.state !== "deleted" && (
          <button ref={editButton} type="button" className={buttonStyles.secondary} onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
        {memory.state !== "paused" && memory.state !== "deleted" && (
          <button type="button" className={buttonStyles.secondary} onClick={() => act("pause")} disabled={change.busy}>
            Pause
          </button>
        )}
        {memory.state !== "archived" && memory.state !== "deleted" && (
          <button type="button" className={buttonStyles.secondary} onClick={() => act("archive")} disabled={change.busy}>
            Archive
          </button>
        )}
        {memory.state !== "active" && (
          <button type="button" className={buttonStyles.secondary} onClick={() => act("restore")} disabled={change.busy}>
            Restore
          </button>
        )}
        {memory.state !== "deleted" && (
          <button type="button" className={`${buttonStyles.secondary} text-red-700 dark:text-red-400`} onClick={() => setConfirmDelete(true)} disabled={change.busy}>
            Delete…
          </button>
        )}
      </div>
      <ErrorText error={change.error} signInNext={`/memories/${memory.id}`} />
      {confirmDelete && (
        <Dialog title="Delete this memory?" description="Assistants stop seeing it at once. It goes to the trash, where you can restore it." onClose={() => setConfirmDelete(false)}>
          <DialogActions
            onCancel={() => setConfirmDelete(false)}
            busy={change.busy}
            label="Delete"
            busyLabel="Deleting…"
            danger
            onConfirm={async () => {
              setConfirmDelete(false);
              await act("delete");
            }}
          />
        </Dialog>
      )}
    </div>
  );
}
