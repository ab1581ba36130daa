// The scheduler's credential (Vercel Cron and the like): `Authorization: Bearer
// <CRON_SECRET>`. Its own helper, used by app/api/cron/* only; no other path's
// credential is accepted there, and this secret is accepted nowhere else.
import "server-only";
import crypto from "node:crypto";
import { getConfig } from "../config";
import { authFailure, type AuthResult } from "./types";

export interface CronPrincipal {
  kind: "cron";
}

function sameSecret(given: string, expected: string): boolean {
  // Hash both so the comparison is constant-time whatever the lengths.
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

export function authenticateCron(request: Request): AuthResult<CronPrincipal> {
  const secret = getConfig().cronSecret;
  if (!secret) return authFailure("cron_not_configured", "Scheduled jobs are off: set CRON_SECRET to enable them");
  const given = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!given) return authFailure("unauthenticated", "Missing Authorization: Bearer <CRON_SECRET>");
  if (!sameSecret(given, secret)) return authFailure("invalid_token", "Invalid cron secret");
  return { ok: true, principal: { kind: "cron" } };
}
