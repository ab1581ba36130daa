import Link from "next/link";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { getPageUser } from "@/lib/auth/page-session";

// Placeholder for the dashboard (a later issue): shows who is signed in.
export default async function HomePage() {
  const principal = await getPageUser();
  if (!principal) redirect("/login");
  return (
    <main className="mx-auto max-w-3xl px-6 py-10">
      <header className="flex items-center justify-between border-b border-zinc-200 pb-4 dark:border-zinc-800">
        <h1 className="text-xl font-semibold">Jean Memory</h1>
        <div className="flex items-center gap-3">
          <Link href="/settings" className="text-sm font-medium text-zinc-700 underline-offset-4 hover:underline dark:text-zinc-300">
            Settings
          </Link>
          <span data-testid="signed-in-email" className="text-sm text-zinc-600 dark:text-zinc-400">
            {principal.user.email ?? principal.user.userId}
          </span>
          <SignOutButton />
        </div>
      </header>
      <p className="mt-8 text-zinc-600 dark:text-zinc-400">Your memories will appear here.</p>
    </main>
  );
}
