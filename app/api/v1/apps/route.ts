// GET /api/v1/apps — the apps that write memories for the signed-in user.
import { withSupaUser } from "@/lib/api/handler";
import { listApps } from "@/lib/memory";

export const GET = withSupaUser(async ({ principal }) => Response.json({ items: await listApps(principal.user.id) }));
