// POST /oauth/revoke — token revocation (RFC 7009): ends the connection.
import { options, revokePost } from "@/lib/oauth/routes";

export const dynamic = "force-dynamic";
export const POST = revokePost;
export const OPTIONS = options;
