// A dashboard page's data, or Next's 404 page when lib/memory says not_found
// (another user's id, a malformed id, a memory deleted while the page rendered).
import "server-only";
import { notFound } from "next/navigation";
import { MemoryError } from "@/lib/memory";

export async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (e) {
    if (e instanceof MemoryError && e.code === "not_found") notFound();
    throw e;
  }
}
