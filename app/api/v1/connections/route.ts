// GET /api/v1/connections — the signed-in user's connected apps (OAuth grants to MCP connectors).
import { withSupaUser } from "@/lib/api/session-route";
import { listConnections } from "@/lib/oauth/grants";

export const dynamic = "force-dynamic";

export const GET = withSupaUser(async ({ principal }) => Response.json({ connections: await listConnections(principal.user.id) }));
