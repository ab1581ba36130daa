"use client";
// A failed request, in words a person can act on (and a way back in if the session ended).
import { ApiRequestError } from "../api-client";

export function messageOf(e: unknown): string {
  return e instanceof ApiRequestError ? e.message : "Something went wrong. Please try again.";
}

export function ErrorText({ error, signInNext = "/" }: { error: unknown; signInNext?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
      {messageOf(error)}
      {error instanceof ApiRequestError && error.status === 401 && (
        <>
          {" "}
          <a href={`/login?next=${encodeURIComponent(signInNext)}`} className="underline">
            Sign in
          </a>
        </>
      )}
    </p>
  );
}
