// Local sign-in (no Supabase project): a plain form, so it works without JavaScript.
// `csrf` is the login form's token (lib/auth/login-csrf.ts), the value of its cookie.
export function LocalSignIn({ next, error, csrf }: { next: string; error?: string; csrf: string }) {
  return (
    <form method="post" action="/auth/local/sign-in" className="space-y-4">
      <input type="hidden" name="next" value={next} />
      <input type="hidden" name="csrf" value={csrf} />
      <label className="block text-sm font-medium">
        Email
        <input name="email" type="email" required autoComplete="email" placeholder="you@example.com"
          className="mt-1 w-full rounded-md border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900" />
      </label>
      {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
      <button type="submit" className="w-full rounded-md bg-zinc-900 px-3 py-2 font-medium text-white dark:bg-zinc-100 dark:text-zinc-900">
        Sign in
      </button>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Local mode: no Supabase project is configured, so this server signs you in by email alone. Set
        NEXT_PUBLIC_SUPABASE_URL to use Supabase Auth.
      </p>
    </form>
  );
}
