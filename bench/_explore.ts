import { readFileSync, writeFileSync } from "node:fs";
import { getEmbedder, toVectorLiteral } from "../lib/embeddings";
import { addMemory } from "../lib/memory/add";
import { toOrTsQuery } from "../lib/memory/search";
import { getOrCreateUser } from "../lib/users";
import { benchEnvironment, freshDb } from "./lib/common";
interface Memory { id: string; person: string; text: string; categories: string[] }
interface Query { id: string; person: string; query: string; answers: string[]; kind: string }
async function main() {
  benchEnvironment();
  const set: { memories: Memory[]; queries: Query[] } = JSON.parse(readFileSync("bench/data/recall-set.json", "utf8"));
  const db = await freshDb();
  const userOf = new Map<string, string>();
  for (const p of new Set(set.memories.map((m) => m.person))) userOf.set(p, (await getOrCreateUser("x-" + p)).id);
  const sid = new Map<string, string>();
  for (const m of set.memories) { const { results } = await addMemory(userOf.get(m.person)!, "bench", m.text, { infer: false }); sid.set(results[0]!.id, m.id); }
  const emb = getEmbedder();
  const out: unknown[] = [];
  for (const q of set.queries) {
    const u = userOf.get(q.person)!;
    const [v] = await emb.embed([q.query]);
    const vec = await db.sql.query<{ id: string; d: number }>(`SELECT id, (embedding::vector(100) <=> $2::vector(100))::float8 d FROM memories WHERE user_id=$1::uuid ORDER BY d LIMIT 40`, [u, toVectorLiteral(v!)]);
    const tsq = toOrTsQuery(q.query) ?? "";
    const txt = await db.sql.query<{ id: string; r: number; nterms: number; matched: number }>(
      `SELECT id, ts_rank_cd(content_tsv, q)::float8 r, numnode(q) nterms,
        (SELECT count(*) FROM unnest(tsvector_to_array(to_tsvector('english', $3))) w WHERE content_tsv @@ to_tsquery('english', quote_literal(w)))::int matched
       FROM memories, to_tsquery('english', $2) q WHERE user_id=$1::uuid AND content_tsv @@ q ORDER BY r DESC, created_at DESC LIMIT 40`, [u, tsq, q.query]);
    const [{ qn }] = await db.sql.query<{ qn: number }>(`SELECT array_length(tsvector_to_array(to_tsvector('english', $1)),1) qn`, [q.query]);
    out.push({ q: q.id, kind: q.kind, answers: q.answers, qn, vec: vec.map((r) => [sid.get(r.id), 1 - r.d]), txt: txt.map((r) => [sid.get(r.id), r.r, r.matched]) });
  }
  writeFileSync("/tmp/explore/lists.json", JSON.stringify(out));
  await db.close();
}
main();
