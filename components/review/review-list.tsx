"use client";
// The Review page's list: each proposal (a new memory, a change, a deletion) with
// who proposed it and when; Approve, Edit then approve, Reject per item, and for a
// selection. Decisions go through the API, then the server's list (and the nav's
// badge) is rendered again.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { reviewsApi, type ReviewOut } from "../api-client";
import { Checkbox } from "../ui/checkbox";
import { DateTime } from "../ui/date-time";
import { messageOf } from "../ui/error-text";
import { buttonStyles, cardStyles, mutedText } from "../ui/styles";
import { useToast } from "../ui/toast";
import { EditApproveDialog } from "./edit-approve-dialog";
import { actionLabel, proposerLabel } from "./labels";

type Decision = "approve" | "reject";

const ACTION_STYLE: Record<ReviewOut["action"], string> = {
  add: "bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-200",
  update: "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200",
  delete: "bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-200",
};

const plural = (n: number) => `${n} ${n === 1 ? "proposal" : "proposals"}`;

/** A short text for labels ("Select …"). */
export function summaryOf(r: ReviewOut): string {
  const text = r.action === "delete" ? r.memory.text : (r.proposed_text ?? r.memory.text);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

export function ReviewList({ items, status }: { items: ReviewOut[]; status: "open" | "decided" }) {
  const router = useRouter();
  const toast = useToast();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // Decided here, hidden until the server's new list arrives.
  const [decided, setDecided] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<ReviewOut | null>(null);
  const [shown, setShown] = useState(items);
  if (shown !== items) {
    setShown(items);
    setDecided(new Set());
    // Keep what the person ticked while the refreshed list was on its way (only ids still listed).
    setSelected((s) => new Set(items.filter((r) => s.has(r.id)).map((r) => r.id)));
  }

  const rows = items.filter((r) => !decided.has(r.id));
  const selectedIds = rows.filter((r) => selected.has(r.id)).map((r) => r.id);

  /** Decides `ids`; a failure is a toast (or, from the edit dialog, thrown for the dialog to show). */
  async function decide(decision: Decision, ids: string[], text?: string, rethrow = false): Promise<void> {
    setBusy(true);
    try {
      const { decided: n } = decision === "approve" ? await reviewsApi.approve(ids, text) : await reviewsApi.reject(ids);
      setDecided((d) => new Set([...d, ...ids]));
      setSelected(new Set());
      toast({ message: `${decision === "approve" ? "Approved" : "Rejected"} ${plural(n)}.` });
      router.refresh();
    } catch (e) {
      // All or nothing on the server: nothing was decided.
      router.refresh();
      if (rethrow) throw e;
      toast({ message: messageOf(e), tone: "error" });
    } finally {
      setBusy(false);
    }
  }

  if (rows.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm dark:border-zinc-700">
        {status === "open" ? (
          <>
            <p className="font-medium">Nothing is waiting for your review.</p>
            <p className={`mt-1 ${mutedText}`}>
              When an assistant whose writes you review adds, changes or deletes a memory, it waits here until you decide. See what was decided under{" "}
              <Link href="/review?status=decided" className="underline">
                Decided
              </Link>
              .
            </p>
          </>
        ) : (
          <p>Nothing has been decided yet.</p>
        )}
      </div>
    );
  }

  const allChecked = selectedIds.length === rows.length ? true : selectedIds.length ? "indeterminate" : false;

  return (
    <div className="space-y-4">
      {status === "open" && (
        <div role="region" aria-label="Decide several" className="flex flex-wrap items-center gap-3 rounded-md border border-zinc-200 bg-zinc-50 p-2 text-sm dark:border-zinc-800 dark:bg-zinc-900">
          <span className="flex items-center gap-2 px-1">
            <Checkbox checked={allChecked} onCheckedChange={(c) => setSelected(c ? new Set(rows.map((r) => r.id)) : new Set())} label="Select all proposals" />
            <span aria-live="polite">{selectedIds.length ? `${selectedIds.length} selected` : "Select all"}</span>
          </span>
          <button type="button" className={buttonStyles.secondary} disabled={busy || selectedIds.length === 0} onClick={() => void decide("approve", selectedIds)}>
            Approve selected
          </button>
          <button type="button" className={`${buttonStyles.secondary} text-red-700 dark:text-red-400`} disabled={busy || selectedIds.length === 0} onClick={() => void decide("reject", selectedIds)}>
            Reject selected
          </button>
        </div>
      )}

      <ul aria-label={status === "open" ? "Proposals waiting for review" : "Decided proposals"} className="space-y-3">
        {rows.map((r) => (
          <ReviewItem
            key={r.id}
            review={r}
            open={status === "open"}
            busy={busy}
            selected={selected.has(r.id)}
            onSelect={(c) => setSelected((s) => (c ? new Set(s).add(r.id) : new Set([...s].filter((id) => id !== r.id))))}
            onDecide={(d) => void decide(d, [r.id])}
            onEdit={() => setEditing(r)}
          />
        ))}
      </ul>

      {editing && (
        <EditApproveDialog
          review={editing}
          onClose={() => setEditing(null)}
          onApprove={async (text) => {
            await decide("approve", [editing.id], text, true);
            setEditing(null);
          }}
        />
      )}
    </div>
  );
}

function ReviewItem(props: {
  review: ReviewOut;
  open: boolean;
  busy: boolean;
  selected: boolean;
  onSelect: (checked: boolean) => void;
  onDecide: (d: Decision) => void;
  onEdit: () => void;
}) {
  const { review: r } = props;
  const headingId = useId();
  return (
    <li data-testid="review-item" className={cardStyles}>
      <article aria-labelledby={headingId} className="flex gap-3">
        {props.open && (
          <div className="pt-1">
            <Checkbox checked={props.selected} onCheckedChange={props.onSelect} label={`Select “${summaryOf(r)}”`} />
          </div>
        )}
        <div className="min-w-0 flex-1 space-y-2">
          <h2 id={headingId} className="flex flex-wrap items-center gap-2 text-sm font-semibold">
            <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${ACTION_STYLE[r.action]}`}>{actionLabel(r.action)}</span>
            {!props.open && r.decision && (
              <span className="rounded-full bg-zinc-200 px-2 py-0.5 text-xs font-medium text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">{r.decision}</span>
            )}
            <span className="sr-only">: {summaryOf(r)}</span>
          </h2>
          <ProposalText review={r} />
          <p className={`text-xs ${mutedText}`}>
            {r.memory.categories.length > 0 && <>Categories: {r.memory.categories.join(", ")} · </>}
            Proposed by <span className="font-medium">{proposerLabel(r.proposed_by)}</span> · <DateTime iso={r.created_at} />
            {r.decided_at && (
              <>
                {" "}
                · decided <DateTime iso={r.decided_at} />
              </>
            )}
          </p>
          {r.reason && <p className={`text-xs ${mutedText}`}>Reason given: {r.reason}</p>}
          {props.open && (
            <div className="flex flex-wrap gap-2 pt-1">
              <button type="button" className={buttonStyles.primary} disabled={props.busy} onClick={() => props.onDecide("approve")}>
                Approve
              </button>
              {r.action !== "delete" && (
                <button type="button" className={buttonStyles.secondary} disabled={props.busy} onClick={props.onEdit}>
                  Edit, then approve…
                </button>
              )}
              <button type="button" className={`${buttonStyles.secondary} text-red-700 dark:text-red-400`} disabled={props.busy} onClick={() => props.onDecide("reject")}>
                Reject
              </button>
            </div>
          )}
        </div>
      </article>
    </li>
  );
}

function ProposalText({ review: r }: { review: ReviewOut }) {
  if (r.action === "add") {
    return (
      <p data-testid="proposed-text" className="text-sm break-words whitespace-pre-wrap">
        {r.proposed_text}
      </p>
    );
  }
  if (r.action === "delete") {
    return (
      <div className="text-sm">
        <p className={`text-xs ${mutedText}`}>Would move this memory to the trash:</p>
        <p className="break-words whitespace-pre-wrap">{r.memory.text}</p>
      </div>
    );
  }
  return (
    <dl className="grid gap-2 text-sm sm:grid-cols-2">
      <div>
        <dt className={`text-xs ${mutedText}`}>Now</dt>
        <dd className="break-words whitespace-pre-wrap">{r.memory.text}</dd>
      </div>
      <div>
        <dt className={`text-xs ${mutedText}`}>Proposed</dt>
        <dd data-testid="proposed-text" className="break-words whitespace-pre-wrap">
          {r.proposed_text}
        </dd>
      </div>
    </dl>
  );
}
