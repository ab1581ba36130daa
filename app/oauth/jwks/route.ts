// GET /oauth/jwks — the public keys access tokens are signed with.
import { jwksGet, options } from "@/lib/oauth/routes";

export const dynamic = "force-dynamic";
export const GET = jwksGet;
export const OPTIONS = options;
