// GET /.well-known/oauth-protected-resource — the same document at the root, for clients that look there.
import { options, protectedResourceMetadataGet } from "@/lib/oauth/routes";

export const dynamic = "force-dynamic";
export const GET = protectedResourceMetadataGet;
export const OPTIONS = options;
