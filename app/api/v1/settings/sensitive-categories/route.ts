// GET /api/v1/settings/sensitive-categories — the categories the person keeps from
// assistants whose credential hides them; PUT replaces them ({categories: [...]}).
import { readJson } from "@/lib/api/route";
import { withSupaUser } from "@/lib/api/session-route";
import { sensitiveCategoriesBody } from "@/lib/api/trust-http";
import { CATEGORIES, CATEGORY_NAMES, sensitiveCategories, setSensitiveCategories } from "@/lib/memory";

const available = CATEGORY_NAMES.map((name) => ({ name, description: CATEGORIES[name] }));

export const GET = withSupaUser(async ({ principal }) => Response.json({ categories: await sensitiveCategories(principal.user.id), available }));

export const PUT = withSupaUser(async ({ request, principal }) => {
  const { categories } = await readJson(request, sensitiveCategoriesBody, 10_000);
  return Response.json({ categories: await setSensitiveCategories(principal.user.id, categories), available });
});
