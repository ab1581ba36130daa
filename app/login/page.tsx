import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { LocalSignIn } from "@/components/auth/local-sign-in";
import { SupabaseSignIn } from "@/components/auth/supabase-sign-in";
import { safeNextPath } from "@/lib/auth/cookies";
import { getPageUser } from "@/lib/auth/page-session";
import { LOGIN_CSRF_COOKIE } from "@/lib/auth/login-csrf";
import { getConfig } from "@/lib/config";

const ERRORS: Record<string, string> = {
  invalid_email: "Enter a valid email address.",
  form_expired: "The sign-in form expired. Please try again.",
  too_many_attempts: "Too many sign-in attempts. Wait a minute and try again.",
  link_invalid: "That sign-in link is invalid or has expired.",
  supabase_not_configured: "Supabase Auth is not configured on this server.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if (await getPageUser()) redirect(next);
  const config = getConfig();
  const error = typeof params.error === "string" ? (ERRORS[params.error] ?? "Sign-in failed.") : undefined;
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6">
      <h1 className="mb-1 text-2xl font-semibold">Jean Memory</h1>
      <p className="mb-8 text-sm text-zinc-600 dark:text-zinc-400">Sign in to your memory.</p>
      {config.supabase ? (
        <>
          {error && <p role="alert" className="mb-4 text-sm text-red-600">{error}</p>}
          <SupabaseSignIn url={config.supabase.url} anonKey={config.supabase.anonKey} next={next} />
        </>
      ) : (
        <LocalSignIn next={next} error={error} csrf={(await cookies()).get(LOGIN_CSRF_COOKIE)?.value ?? ""} />
      )}
    </main>
  );
}
