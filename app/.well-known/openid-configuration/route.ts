// GET /.well-known/openid-configuration — the same metadata, where OpenID clients look.
import { openIdConfigurationGet, options } from "@/lib/oauth/routes";

export const dynamic = "force-dynamic";
export const GET = openIdConfigurationGet;
export const OPTIONS = options;
