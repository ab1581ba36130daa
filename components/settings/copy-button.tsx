"use client";
// Copies text to the clipboard, saying so to screen readers; where the clipboard is
// unavailable (plain http, permissions) it selects the text and says how to copy it.
import { useState } from "react";

export function CopyButton({ text, label = "Copy", targetId }: { text: string; label?: string; targetId?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "manual">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      const el = targetId ? document.getElementById(targetId) : null;
      if (el) {
        const range = document.createRange();
        range.selectNodeContents(el);
        const selection = window.getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
      }
      setState("manual");
    }
    setTimeout(() => setState("idle"), 2500);
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={copy}
        className="rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-zinc-500 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
      >
        {label}
      </button>
      <span aria-live="polite" className="text-xs text-zinc-600 dark:text-zinc-400">
        {state === "copied" ? "Copied" : state === "manual" ? "Selected: press Ctrl+C (⌘C) to copy" : ""}
      </span>
    </span>
  );
}
