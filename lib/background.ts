// Work that finishes after the response: Next's after() keeps a serverless
// function alive until it is done (a bare promise is cut off when the response
// ends). Outside a request (scripts, tests calling the engine) it just runs.
import "server-only";
import { after } from "next/server";
import { log } from "./log";

export function inBackground(label: string, work: () => Promise<unknown>): void {
  const run = () => work().then(() => undefined, (e) => log.warn(`background ${label} failed`, { error: e }));
  try {
    after(run);
  } catch {
    // after() throws outside a request scope.
    void run();
  }
}

/** Keeps the (serverless) request alive until an already started promise settles; nothing outside a request. */
export function keepAlive(promise: Promise<unknown>): void {
  try {
    after(promise.catch(() => undefined));
  } catch {
    // after() throws outside a request scope: the promise runs on by itself.
  }
}
