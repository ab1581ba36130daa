// GET /.well-known/oauth-authorization-server — our OAuth server's metadata (RFC 8414).
import { authorizationServerMetadataGet, options } from "@/lib/oauth/routes";

export const dynamic = "force-dynamic";
export const GET = authorizationServerMetadataGet;
export const OPTIONS = options;
