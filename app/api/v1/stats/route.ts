// GET /api/v1/stats — the signed-in user's memory totals by state, app, category and day.
import { withSupaUser } from "@/lib/api/session-route";
import { sessionActor } from "@/lib/api/memory-http";
import { memoryStats } from "@/lib/memory";

export const GET = withSupaUser(async ({ principal }) => Response.json(await memoryStats(sessionActor(principal))));
