// GET /api/v1/apps — the apps that write memories for the signed-in user.
import { withSupaUser } from "@/lib/api/session-route";
import { sessionActor } from "@/lib/api/memory-http";
import { listApps } from "@/lib/memory";

export const GET = withSupaUser(async ({ principal }) => Response.json({ items: await listApps(sessionActor(principal)) }));
