"use client";
// The busy/error state every action has: run it once, show its error, let the
// user try again.
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
    } finally {
      setBusy(false); // a no-op when the dialog it belonged to has closed
    }
  }
  return { busy, error, setError, run };
}
