// GET /oauth/authorize — the authorization endpoint: checks the request, then the consent page.
import { authorizeGet } from "@/lib/oauth/routes";

export const dynamic = "force-dynamic";
export const GET = authorizeGet;
