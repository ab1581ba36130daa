// The OAuth consent form: a plain HTML form (works without JavaScript) posting to
// /oauth/authorize/decision. Client names are chosen by the client, so they are
// shown as plain text next to what we know for sure: the host it redirects to.
import type { AuthorizationRequest } from "@/lib/oauth/authorize";

function redirectHost(uri: string): string {
  try {
    const url = new URL(uri);
    return url.host || `${url.protocol}//`;
  } catch {
    return uri;
  }
}

export function ConsentError({ description }: { description: string }) {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6">
      <h1 className="mb-2 text-2xl font-semibold">This app cannot connect</h1>
      <p role="alert" className="text-sm text-red-700 dark:text-red-300">{description}</p>
      <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">Nothing was shared. Start connecting again from the app, or ask its maker to fix its configuration.</p>
    </main>
  );
}

export function ConsentForm({ request, params, consentToken, signedInAs }: { request: AuthorizationRequest; params: [string, string][]; consentToken: string; signedInAs: string }) {
  const { client, redirectUri, scopes } = request;
  const host = redirectHost(redirectUri);
  const identity =
    client.kind === "cimd"
      ? `Identified by ${redirectHost(client.id)}, which publishes its details.`
      : "This app registered itself; Jean Memory cannot confirm its name.";
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6">
      <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">Jean Memory · signed in as {signedInAs}</p>
      <h1 className="mb-4 text-2xl font-semibold">
        Connect <span data-testid="client-name">{client.name}</span> to your memory?
      </h1>
      <dl className="mb-6 space-y-2 text-sm">
        <div>
          <dt className="font-medium">After you answer, you go back to</dt>
          <dd data-testid="redirect-host" className="font-mono">{host}</dd>
        </div>
        <div>
          <dt className="font-medium">Who is asking</dt>
          <dd className="text-zinc-600 dark:text-zinc-400">{identity}</dd>
        </div>
      </dl>
      <form method="post" action="/oauth/authorize/decision" className="space-y-4">
        {params.map(([k, v], i) => (
          <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
        ))}
        <input type="hidden" name="consent_token" value={consentToken} />
        <fieldset className="space-y-2 rounded-md border border-zinc-300 p-4 dark:border-zinc-700">
          <legend className="px-1 text-sm font-medium">It will be able to</legend>
          <p className="text-sm">Search and read your memories</p>
          {scopes.includes("memories:write") && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="allow_write" defaultChecked className="h-4 w-4" />
              Add and change memories
            </label>
          )}
        </fieldset>
        <p data-testid="trust-defaults" className="text-sm text-zinc-600 dark:text-zinc-400">
          By default it will not see memories in your sensitive categories, and what it adds or changes waits for your review; you can change both under Settings.
        </p>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">You can see and revoke this connection any time under Settings → Connected apps.</p>
        <div className="flex gap-3">
          <button type="submit" name="decision" value="approve" className="flex-1 rounded-md bg-zinc-900 px-3 py-2 font-medium text-white dark:bg-zinc-100 dark:text-zinc-900">
            Allow
          </button>
          <button type="submit" name="decision" value="deny" className="flex-1 rounded-md border border-zinc-300 px-3 py-2 font-medium dark:border-zinc-700">
            Deny
          </button>
        </div>
      </form>
    </main>
  );
}
