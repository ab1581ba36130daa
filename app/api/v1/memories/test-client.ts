// Test-only helper for the memory REST route tests: a user signed in through the
// real local sign-in, calling the real route handlers with their session cookie.
import { call } from "@/lib/testing/harness";
import { signInLocally } from "@/lib/testing/harness";
import { GET as getMe } from "../me/route";

type Handler = Parameters<typeof call>[0];

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body (undefined when the response is not JSON). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

interface Init {
  body?: unknown;
  params?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface ApiUser {
  /** Internal users.id (what lib/memory calls userId). */
  id: string;
  email: string;
  cookie: string;
  get(handler: Handler, path: string, init?: Init): Promise<Reply>;
  post(handler: Handler, path: string, init?: Init): Promise<Reply>;
  put(handler: Handler, path: string, init?: Init): Promise<Reply>;
  del(handler: Handler, path: string, init?: Init): Promise<Reply>;
}

export async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  const isJson = (res.headers.get("content-type") ?? "").includes("application/json");
  return { status: res.status, headers: res.headers, text, body: isJson && text ? JSON.parse(text) : undefined };
}

export async function signIn(email: string): Promise<ApiUser> {
  const { cookie } = await signInLocally(email);
  const me = await reply(await call(getMe, { headers: { cookie } }));
  if (me.status !== 200) throw new Error(`GET /api/v1/me failed: ${me.status} ${me.text}`);
  const send = (method: string) => async (handler: Handler, path: string, init: Init = {}) =>
    reply(await call(handler, { method, path, body: init.body, params: init.params, headers: { cookie, ...init.headers } }));
  return { id: me.body.id, email, cookie, get: send("GET"), post: send("POST"), put: send("PUT"), del: send("DELETE") };
}

/** Adds memories through POST /api/v1/memories (no LLM configured: one memory per text); returns their ids. */
export async function addAll(user: ApiUser, post: Handler, texts: string[], app?: string): Promise<string[]> {
  const ids: string[] = [];
  for (const text of texts) {
    const r = await user.post(post, "/api/v1/memories", { body: { text, ...(app ? { app } : {}) } });
    if (r.status !== 201) throw new Error(`POST /api/v1/memories failed: ${r.status} ${r.text}`);
    ids.push(r.body.results[0].id);
  }
  return ids;
}
