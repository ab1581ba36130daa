"use client";
// Export (a JSON Lines download) and import (upload with a progress bar; a refused
// file lists the API's line-numbered errors, and nothing is imported).
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { ApiRequestError, importMemories, memoriesApi, type ImportResult } from "../api-client";
import { ErrorText } from "../ui/error-text";
import { buttonStyles, mutedText } from "../ui/styles";

export function ImportExport() {
  const router = useRouter();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function upload(e: React.FormEvent) {
    e.preventDefault();
    if (!file) return;
    setError(null);
    setResult(null);
    setProgress(0);
    try {
      setResult(await importMemories(file, setProgress));
      router.refresh();
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  }

  const lineErrors = error instanceof ApiRequestError ? (error.details ?? []) : [];
  return (
    <section aria-labelledby="transfer-heading" className="space-y-4">
      <h2 id="transfer-heading" className="text-lg font-semibold">
        Import and export
      </h2>
      <p className={`text-sm ${mutedText}`}>
        Export every memory (the trash included) as JSON Lines, one memory per line. Importing the same file again changes nothing; a file with a bad line is
        refused as a whole.
      </p>
      <a href={memoriesApi.exportUrl} download className={buttonStyles.secondary}>
        Export memories
      </a>
      <form onSubmit={upload} className="space-y-3">
        <label htmlFor={fileId} className="block text-sm font-medium">
          Import a file (.jsonl, up to 10 MB)
        </label>
        <input
          id={fileId}
          type="file"
          accept=".jsonl,.ndjson,.txt,application/x-ndjson,text/plain"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          className="block text-sm file:mr-3 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-3 file:py-1.5 file:text-sm dark:file:border-zinc-700 dark:file:bg-zinc-900"
        />
        <button type="submit" className={buttonStyles.primary} disabled={!file || progress !== null}>
          {progress !== null ? "Importing…" : "Import"}
        </button>
        {progress !== null && (
          <progress value={progress} max={1} aria-label="Import progress" className="block h-2 w-full max-w-sm">
            {Math.round(progress * 100)}%
          </progress>
        )}
      </form>
      {result && (
        <p role="status" className="text-sm">
          Imported {result.imported} {result.imported === 1 ? "memory" : "memories"}
          {result.skipped ? `; ${result.skipped} already present` : ""}.
        </p>
      )}
      <ErrorText error={error} signInNext="/settings" />
      {lineErrors.length > 0 && (
        <ul aria-label="Problems in the file" className="max-h-48 list-disc space-y-1 overflow-y-auto pl-5 text-sm text-red-700 dark:text-red-400">
          {lineErrors.map((d, i) => (
            <li key={i}>
              {d.field}: {d.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
