// GET /api/v1/memories/categories — the category taxonomy with the user's memory count in each.
import { withSupaUser } from "@/lib/api/session-route";
import { sessionActor } from "@/lib/api/memory-http";
import { listCategories } from "@/lib/memory";

export const GET = withSupaUser(async ({ principal }) => Response.json({ items: await listCategories(sessionActor(principal)) }));
