"use client";
// A page that failed to render: say so plainly and offer to try again.
import { buttonStyles } from "@/components/ui/styles";

export default function DashboardError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-xl space-y-4 py-10 text-center">
      <h1 className="text-xl font-semibold">This page could not be loaded</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">The server had a problem or could not be reached. Your memories are safe.</p>
      <button type="button" className={buttonStyles.primary} onClick={reset}>
        Try again
      </button>
    </div>
  );
}
