"use client";
// One credential's row, opened: the memories it read (each once, most recently read
// first, with how often) and the ones it wrote in the period, fetched when shown.
import Link from "next/link";
import { useEffect, useState } from "react";
import { activityApi, type ActivityMemory, type CredentialKind } from "../api-client";
import { DateTime } from "../ui/date-time";
import { ErrorText } from "../ui/error-text";
import { mutedText } from "../ui/styles";

interface Loaded {
  read: ActivityMemory[];
  written: ActivityMemory[];
}

export function CredentialDetails({ credential, from, writtenCategories }: { credential: { kind: CredentialKind; id: string; name: string }; from: string; writtenCategories: Record<string, number> }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { kind, id } = credential;

  useEffect(() => {
    let live = true;
    const ref = { kind, id };
    Promise.all([activityApi.memories(ref, "read", { from }), activityApi.memories(ref, "written", { from })]).then(
      ([read, written]) => live && setLoaded({ read, written }),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [kind, id, from]);

  if (error) return <ErrorText error={error} signInNext="/activity" />;
  if (!loaded) return <p className={`text-sm ${mutedText}`} role="status">Loading what {credential.name} read and wrote…</p>;

  const written = Object.entries(writtenCategories);
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <section aria-label={`Memories ${credential.name} read`}>
        <h3 className="text-sm font-semibold">Read ({loaded.read.length})</h3>
        {loaded.read.length === 0 ? (
          <p className={`mt-1 text-sm ${mutedText}`}>Nothing in this period.</p>
        ) : (
          <ul className="mt-2 space-y-2" data-testid="memories-read-list">
            {loaded.read.map((r) => (
              <li key={r.memory.id} className="text-sm">
                <Link href={`/memories/${r.memory.id}`} className="break-words underline-offset-2 hover:underline">
                  {r.memory.memory}
                </Link>
                <span className={`block text-xs ${mutedText}`}>
                  {r.reads} {r.reads === 1 ? "read" : "reads"}
                  {r.access_types?.length ? ` (${r.access_types.join(", ")})` : ""} · last <DateTime iso={r.last_read_at ?? null} />
                  {r.memory.categories.length > 0 && <> · {r.memory.categories.join(", ")}</>}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label={`Memories ${credential.name} wrote`}>
        <h3 className="text-sm font-semibold">Wrote ({loaded.written.length})</h3>
        {written.length > 0 && <p className={`text-xs ${mutedText}`}>Categories: {written.map(([n, c]) => `${n} ${c}`).join(", ")}</p>}
        {loaded.written.length === 0 ? (
          <p className={`mt-1 text-sm ${mutedText}`}>Nothing in this period.</p>
        ) : (
          <ul className="mt-2 space-y-2" data-testid="memories-written-list">
            {loaded.written.map((w) => (
              <li key={w.memory.id} className="text-sm">
                <Link href={`/memories/${w.memory.id}`} className="break-words underline-offset-2 hover:underline">
                  {w.memory.memory}
                </Link>
                <span className={`block text-xs ${mutedText}`}>
                  {w.memory.state} · <DateTime iso={w.memory.created_at} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
