// Local mode (no Supabase project): tokens are signed HS256 with SUPABASE_JWT_SECRET
// if set, else with a random secret generated once and kept in JEAN_DATA_DIR.
import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getConfig } from "../config";

export const LOCAL_ISSUER = "jean-memory-local";

let cached: { dir: string; secret: string } | undefined;

export function getLocalSigningSecret(): string {
  const dir = getConfig().dataDir;
  if (cached?.dir === dir) return cached.secret;
  const file = path.join(dir, "local-jwt-secret");
  fs.mkdirSync(dir, { recursive: true });
  try {
    // "wx": only the first process to get here writes it; the others read it.
    fs.writeFileSync(file, crypto.randomBytes(48).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  const secret = fs.readFileSync(file, "utf8").trim();
  cached = { dir, secret };
  return secret;
}

/** The key local sign-in signs with and getCurrentSupaUser verifies with. */
export function localSigningKey(): string {
  return getConfig().supabaseJwtSecret ?? getLocalSigningSecret();
}
