// POST /oauth/token — codes and refresh tokens for access tokens.
import { options, tokenPost } from "@/lib/oauth/routes";

export const dynamic = "force-dynamic";
export const POST = tokenPost;
export const OPTIONS = options;
