// POST /oauth/authorize/decision — the consent form's approve / deny.
import { decisionPost } from "@/lib/oauth/routes";

export const dynamic = "force-dynamic";
export const POST = decisionPost;
