// The route wrapper of the dashboard path (app/api/v1/*): a Supabase session.
// `export const GET = withSupaUser(async ({ principal }) => …)`.
import "server-only";
import { crossSiteWrite } from "../auth/csrf";
import { loggedRequest } from "../http/request-log";
import { getCurrentSupaUser } from "../auth/supa-user";
import type { UserPrincipal } from "../auth/types";
import { domainErrorResponse, handleApiError } from "./errors";
import type { HandlerArgs, RouteContext } from "./route";

export function withSupaUser(handler: (args: HandlerArgs<UserPrincipal>) => Promise<Response>) {
  return (request: Request, context?: RouteContext): Promise<Response> => loggedRequest("session", request, async () => {
    try {
      const refused = crossSiteWrite(request);
      if (refused) return domainErrorResponse(refused);
      const auth = await getCurrentSupaUser(request);
      if (!auth.ok) return domainErrorResponse(auth.error);
      return await handler({ request, principal: auth.principal, params: (await context?.params) ?? {} });
    } catch (e) {
      return handleApiError(e);
    }
  });
}
