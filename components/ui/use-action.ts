"use client";
// The busy/error state every dialog action has: run it once, show its error, let
// the user try again. On success the dialog is closed by its parent, so busy stays.
import { useState } from "react";

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function run(action: () => Promise<unknown>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}
