// GET /api/v1/apps/{id} — one of the user's apps; PUT pauses/resumes it or sets its description.
import { readJson, withSupaUser } from "@/lib/api/handler";
import { appPatchBody, idParam } from "@/lib/api/memory-http";
import { getApp, updateApp } from "@/lib/memory";

export const GET = withSupaUser(async ({ principal, params }) => Response.json(await getApp(principal.user.id, idParam(params))));

export const PUT = withSupaUser(async ({ request, principal, params }) => {
  const body = await readJson(request, appPatchBody);
  return Response.json(await updateApp(principal.user.id, idParam(params), { isActive: body.is_active, description: body.description }));
});
