// POST /oauth/register — dynamic client registration (RFC 7591).
import { options, registerPost } from "@/lib/oauth/routes";

export const dynamic = "force-dynamic";
export const POST = registerPost;
export const OPTIONS = options;
