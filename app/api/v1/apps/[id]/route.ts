// GET /api/v1/apps/{id} — one of the user's apps; PUT pauses/resumes it, sets its description or
// the trust settings it has as a Claude gateway client.
import { readJson } from "@/lib/api/route";
import { withSupaUser } from "@/lib/api/session-route";
import { appPatchBody, idParam, sessionActor } from "@/lib/api/memory-http";
import { getApp, updateApp } from "@/lib/memory";

export const GET = withSupaUser(async ({ principal, params }) => Response.json(await getApp(sessionActor(principal), idParam(params))));

export const PUT = withSupaUser(async ({ request, principal, params }) => {
  const body = await readJson(request, appPatchBody);
  return Response.json(await updateApp(sessionActor(principal), idParam(params), {
      isActive: body.is_active,
      description: body.description,
      gatewayHideSensitive: body.gateway_hide_sensitive,
      gatewayReviewWrites: body.gateway_review_writes,
    }));
});
