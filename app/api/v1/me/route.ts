// GET /api/v1/me — the signed-in user.
import { withSupaUser } from "@/lib/api/session-route";

export const GET = withSupaUser(async ({ principal }) =>
  Response.json({
    id: principal.user.id,
    user_id: principal.user.userId,
    email: principal.user.email,
    name: principal.user.name,
    created_at: principal.user.createdAt.toISOString(),
  }),
);
