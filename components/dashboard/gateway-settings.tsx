"use client";
// An app's trust settings as a Claude gateway client: they apply when a Claude
// client connects through the gateway (supergateway) with this app's name as its
// client name. API keys and connected apps have their own, on /settings.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { appsApi } from "../api-client";
import { ErrorText } from "../ui/error-text";
import { buttonStyles, cardStyles, mutedText } from "../ui/styles";
import { useAction } from "../ui/use-action";
import { CAN_SEE_SENSITIVE, WRITES_REVIEWED } from "../settings/trust-settings";

export function GatewaySettings({ app }: { app: { id: string; name: string; gateway_hide_sensitive: boolean; gateway_review_writes: boolean } }) {
  const router = useRouter();
  const [saved, setSaved] = useState({ sees: !app.gateway_hide_sensitive, reviewed: app.gateway_review_writes });
  const [sees, setSees] = useState(saved.sees);
  const [reviewed, setReviewed] = useState(saved.reviewed);
  const [status, setStatus] = useState("");
  const { busy, error, run } = useAction();
  const dirty = sees !== saved.sees || reviewed !== saved.reviewed;

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setStatus("");
    await run(async () => {
      const out = await appsApi.update(app.id, { gateway_hide_sensitive: !sees, gateway_review_writes: reviewed });
      const next = { sees: !out.gateway_hide_sensitive, reviewed: out.gateway_review_writes };
      setSaved(next);
      setSees(next.sees);
      setReviewed(next.reviewed);
      setStatus("Saved.");
      router.refresh();
    });
  }

  return (
    <section aria-labelledby="gateway-heading" className={`${cardStyles} space-y-3`}>
      <div>
        <h2 id="gateway-heading" className="text-sm font-semibold">
          When Claude connects through the gateway as “{app.name}”
        </h2>
        <p className={`mt-1 text-sm ${mutedText}`}>
          These settings apply only when a Claude client connects through the Jean Memory gateway (supergateway) with the client name “{app.name}”. API keys and
          connected apps have their own settings under Settings.
        </p>
      </div>
      <form onSubmit={save} className="space-y-3">
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5 h-4 w-4" checked={sees} onChange={(e) => (setSees(e.target.checked), setStatus(""))} />
          <span>
            {CAN_SEE_SENSITIVE} <span className={mutedText}>(the ones chosen under Settings → Sensitive categories)</span>
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5 h-4 w-4" checked={reviewed} onChange={(e) => (setReviewed(e.target.checked), setStatus(""))} />
          <span>
            {WRITES_REVIEWED} <span className={mutedText}>(what it adds, changes or deletes waits on the Review page)</span>
          </span>
        </label>
        <ErrorText error={error} signInNext={`/apps/${app.id}`} />
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonStyles.primary} disabled={busy || !dirty}>
            {busy ? "Saving…" : "Save gateway settings"}
          </button>
          <p role="status" className={`text-sm ${mutedText}`}>
            {status}
          </p>
        </div>
      </form>
    </section>
  );
}
