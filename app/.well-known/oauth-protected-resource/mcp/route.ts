// GET /.well-known/oauth-protected-resource/mcp — what /mcp is and who issues its tokens (RFC 9728).
import { options, protectedResourceMetadataGet } from "@/lib/oauth/routes";

export const dynamic = "force-dynamic";
export const GET = protectedResourceMetadataGet;
export const OPTIONS = options;
