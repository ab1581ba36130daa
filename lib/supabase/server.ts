// A Supabase client per request (never shared), for route handlers and the proxy.
import { createServerClient } from "@supabase/ssr";
import { cookies } from "next/headers";
import { getConfig } from "../config";

export async function createSupabaseServerClient() {
  const supabase = getConfig().supabase;
  if (!supabase) throw new Error("Supabase is not configured");
  const store = await cookies();
  return createServerClient(supabase.url, supabase.anonKey, {
    cookies: {
      getAll: () => store.getAll(),
      setAll: (list) => {
        for (const { name, value, options } of list) store.set(name, value, options);
      },
    },
  });
}
