"use client";
// Supabase sign-in: email + password, or a magic link. The session lands in
// @supabase/ssr cookies, which the server reads on every request.
import { createBrowserClient } from "@supabase/ssr";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";

export function SupabaseSignIn({ url, anonKey, next }: { url: string; anonKey: string; next: string }) {
  const supabase = useMemo(() => createBrowserClient(url, anonKey), [url, anonKey]);
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [message, setMessage] = useState<{ kind: "error" | "info"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function withPassword(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    const { error } = await supabase.auth.signInWithPassword({ email, password });
    setBusy(false);
    if (error) return setMessage({ kind: "error", text: error.message });
    router.replace(next);
    router.refresh();
  }

  async function withMagicLink() {
    if (!email) return setMessage({ kind: "error", text: "Enter your email first." });
    setBusy(true);
    setMessage(null);
    const redirect = `${window.location.origin}/auth/confirm?next=${encodeURIComponent(next)}`;
    const { error } = await supabase.auth.signInWithOtp({ email, options: { emailRedirectTo: redirect } });
    setBusy(false);
    setMessage(error ? { kind: "error", text: error.message } : { kind: "info", text: "Check your email for a sign-in link." });
  }

  return (
    <form onSubmit={withPassword} className="space-y-4">
      <label className="block text-sm font-medium">
        Email
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email"
          className="mt-1 w-full rounded-md border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900" />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password"
          className="mt-1 w-full rounded-md border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900" />
      </label>
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "text-sm text-red-600" : "text-sm text-emerald-700"}>
          {message.text}
        </p>
      )}
      <button type="submit" disabled={busy || !password} className="w-full rounded-md bg-zinc-900 px-3 py-2 font-medium text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900">
        Sign in
      </button>
      <button type="button" onClick={withMagicLink} disabled={busy} className="w-full rounded-md border border-zinc-300 px-3 py-2 font-medium disabled:opacity-50 dark:border-zinc-700">
        Email me a magic link
      </button>
    </form>
  );
}
