"use client";
// A credential's two trust settings as the settings tables show them: whether it
// sees the sensitive categories, whether its writes wait for review. Changed at
// once (optimistic; put back if the server refuses).
import { useState } from "react";
import type { TrustPolicy } from "../api-client";
import { Checkbox } from "../ui/checkbox";
import { messageOf } from "../ui/error-text";
import { mutedText } from "../ui/styles";
import { useToast } from "../ui/toast";

export const TRUST_COLUMNS = [{ label: "Trust" }];

export const CAN_SEE_SENSITIVE = "Can see sensitive categories";
export const WRITES_REVIEWED = "Its writes wait for my review";

/** The table cell of one credential's two settings. `save` answers the server's view of the policy. */
export function TrustCells({ name, policy, editable, save }: { name: string; policy: TrustPolicy; editable: boolean; save: (patch: Partial<TrustPolicy>) => Promise<TrustPolicy> }) {
  const toast = useToast();
  // What this row shows: the last answer, or the change being saved.
  const [shown, setShown] = useState<TrustPolicy | null>(null);
  // New settings from the parent (a reload of the list) are the truth.
  const given = `${policy.hide_sensitive}:${policy.review_writes}`;
  const [seen, setSeen] = useState(given);
  if (seen !== given) {
    setSeen(given);
    setShown(null);
  }
  const current = shown ?? policy;

  async function change(patch: Partial<TrustPolicy>, said: string) {
    const before = current;
    setShown({ ...current, ...patch });
    try {
      setShown(await save(patch));
      toast({ message: said });
    } catch (e) {
      setShown(before);
      toast({ message: messageOf(e), tone: "error" });
    }
  }

  if (!editable) {
    return (
      <td className={`px-3 py-2 text-xs whitespace-nowrap ${mutedText}`}>
        <span className="block">sees sensitive: {current.hide_sensitive ? "no" : "yes"}</span>
        <span className="block">writes reviewed: {current.review_writes ? "yes" : "no"}</span>
      </td>
    );
  }
  return (
    <td className="space-y-1 px-3 py-2 text-xs whitespace-nowrap">
      <label className="flex items-center gap-1.5">
        <Checkbox
          checked={!current.hide_sensitive}
          label={`${name}: ${CAN_SEE_SENSITIVE.toLowerCase()}`}
          onCheckedChange={(see) => void change({ hide_sensitive: !see }, see ? `${name} can now see your sensitive categories.` : `${name} no longer sees your sensitive categories.`)}
        />
        <span aria-hidden>sees sensitive</span>
      </label>
      <label className="flex items-center gap-1.5">
        <Checkbox
          checked={current.review_writes}
          label={`${name}: ${WRITES_REVIEWED.toLowerCase()}`}
          onCheckedChange={(review) => void change({ review_writes: review }, review ? `${name}'s writes now wait for your review.` : `${name} now writes without your review.`)}
        />
        <span aria-hidden>writes reviewed</span>
      </label>
    </td>
  );
}
