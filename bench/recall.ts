/**
 * End-to-end recall benchmark of the memory engine on bench/data/recall-set.json.
 *
 *   npm run bench:recall [-- --noise-users 50 --noise-per-user 100 --misses]
 *
 * Loads the 160 memories of 4 people into a fresh in-memory PGlite through the real
 * engine (addMemory, no LLM), runs every query through searchMemories in the
 * vector, text and hybrid modes and prints recall@1, recall@5 and MRR (overall and
 * by kind). Then adds "noise": other users whose memories are the same texts,
 * shuffled and mixed, so the HNSW index must filter by user — recall must not drop,
 * and a result belonging to another user is a failure (exit code 1). Finally scores
 * the local category classifier against the labels.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getEmbedder, toVectorLiteral } from "../lib/embeddings";
import { dashboardActor } from "../lib/memory/actor";
import { addMemory } from "../lib/memory/add";
import { classifyLocally, classifyMemory } from "../lib/memory/categories";
import { searchMemories, type SearchOptions } from "../lib/memory/search";
import { getOrCreateUser } from "../lib/users";
import { arg, benchEnvironment, bulkInsertMemories, bulkUser, freshDb, pick, prng, shuffle, table } from "./lib/common";

interface Memory { id: string; person: string; text: string; categories: string[] }
interface Query { id: string; person: string; query: string; answers: string[]; kind: "lexical" | "paraphrase" }
interface RecallSet { memories: Memory[]; queries: Query[] }
type Mode = NonNullable<SearchOptions["mode"]>;
type Metrics = { n: number; r1: number; r5: number; mrr: number };

const here = path.dirname(fileURLToPath(import.meta.url));
const MODES: Mode[] = ["vector", "text", "hybrid"];

function score(queries: Query[], ranked: Map<string, string[]>): Record<string, Metrics> {
  const acc: Record<string, Metrics> = {};
  for (const q of queries) {
    const r = ranked.get(q.id) ?? [];
    const pos = r.findIndex((id) => q.answers.includes(id));
    for (const key of ["all", q.kind]) {
      const m = (acc[key] ??= { n: 0, r1: 0, r5: 0, mrr: 0 });
      m.n++;
      if (pos === 0) m.r1++;
      if (pos >= 0 && pos < 5) m.r5++;
      if (pos >= 0) m.mrr += 1 / (pos + 1);
    }
  }
  for (const m of Object.values(acc)) {
    m.r1 /= m.n;
    m.r5 /= m.n;
    m.mrr /= m.n;
  }
  return acc;
}

/** Noise texts built from the recall set: verbatim copies (other people's) and half/half mixes. */
function noiseTexts(set: RecallSet, rand: () => number, n: number): string[] {
  const texts = set.memories.map((m) => m.text);
  const out: string[] = [];
  while (out.length < n) {
    if (rand() < 0.5) {
      out.push(pick(rand, texts));
    } else {
      const a = pick(rand, texts).split(/\s+/);
      const b = pick(rand, texts).split(/\s+/);
      out.push([...a.slice(0, Math.ceil(a.length / 2)), ...b.slice(Math.floor(b.length / 2))].join(" "));
    }
  }
  return shuffle(rand, out);
}

async function main() {
  benchEnvironment();
  const set: RecallSet = JSON.parse(readFileSync(path.join(here, "data/recall-set.json"), "utf8"));
  const noiseUsers = Number(arg("--noise-users") ?? 50);
  const noisePerUser = Number(arg("--noise-per-user") ?? 100);
  const db = await freshDb();
  console.log(`recall set: ${set.memories.length} memories of ${new Set(set.memories.map((m) => m.person)).size} people, ${set.queries.length} queries; embedder ${getEmbedder().id}`);

  // ---- load through the real engine
  const userOf = new Map<string, string>(); // person -> users.id
  for (const person of new Set(set.memories.map((m) => m.person))) userOf.set(person, (await getOrCreateUser(`bench-recall-${person}`)).id);
  const dbIdOf = new Map<string, string>(); // set id -> memories.id
  const setIdsOf = new Map<string, string[]>(); // memories.id -> set ids (several if merged)
  const merged: string[] = [];
  const t0 = performance.now();
  for (const m of set.memories) {
    const { results } = await addMemory(dashboardActor(userOf.get(m.person)!, "bench"), m.text, { infer: false });
    const r = results[0]!;
    if (r.event !== "ADD") merged.push(`${m.id} -> ${setIdsOf.get(r.id)?.join(",") ?? r.id} (${r.event})`);
    dbIdOf.set(m.id, r.id);
    setIdsOf.set(r.id, [...(setIdsOf.get(r.id) ?? []), m.id]);
  }
  console.log(`loaded via addMemory in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` + (merged.length ? `deduplicated (event != ADD): ${merged.join("; ")}` : "every memory was ADDed (no dedupe merges)"));
  const ownerOf = new Map<string, string>([...dbIdOf].map(([sid, id]) => [id, userOf.get(set.memories.find((m) => m.id === sid)!.person)!]));
  const countOf = new Map<string, number>();
  for (const [id, user] of ownerOf) countOf.set(user, (countOf.get(user) ?? 0) + (setIdsOf.get(id) ? 1 : 0));

  const violations: string[] = [];
  // ranked lists in set ids (a merged memory answers for every set id it stands for)
  async function run(mode: Mode): Promise<Map<string, string[]>> {
    const ranked = new Map<string, string[]>();
    for (const q of set.queries) {
      const userId = userOf.get(q.person)!;
      const hits = await searchMemories(dashboardActor(userId), q.query, { limit: 10, mode });
      for (const h of hits) {
        if (ownerOf.get(h.id) !== userId) violations.push(`${mode} ${q.id}: hit ${h.id} is not ${q.person}'s`);
      }
      // The vector leg must always fill the page from the user's own memories.
      const expected = Math.min(10, countOf.get(userId) ?? 0);
      if (mode !== "text" && hits.length < expected) violations.push(`${mode} ${q.id}: ${hits.length} hits, expected ${expected}`);
      ranked.set(q.id, hits.flatMap((h) => setIdsOf.get(h.id) ?? [h.id]));
    }
    return ranked;
  }

  const rows: (string | number)[][] = [];
  const results: Record<string, Record<Mode, Record<string, Metrics>>> = {};
  const timing: Record<string, Record<Mode, number>> = {};
  const missLog: string[] = [];
  async function measure(label: string) {
    results[label] = {} as Record<Mode, Record<string, Metrics>>;
    timing[label] = {} as Record<Mode, number>;
    for (const mode of MODES) {
      const t = performance.now();
      const ranked = await run(mode);
      timing[label][mode] = (performance.now() - t) / set.queries.length;
      const res = score(set.queries, ranked);
      results[label][mode] = res;
      for (const kind of ["all", "lexical", "paraphrase"]) {
        const m = res[kind]!;
        rows.push([label, mode, `${kind} (${m.n})`, m.r1.toFixed(3), m.r5.toFixed(3), m.mrr.toFixed(3), kind === "all" ? timing[label][mode].toFixed(1) : ""]);
      }
      if (process.argv.includes("--misses") && mode === "hybrid" && label === "clean") {
        const text = new Map(set.memories.map((m) => [m.id, m.text]));
        for (const q of set.queries) {
          const r = ranked.get(q.id) ?? [];
          const pos = r.findIndex((id) => q.answers.includes(id));
          if (pos !== 0) missLog.push(`[${q.kind} ${pos < 0 ? "miss" : "#" + (pos + 1)}] ${q.query}\n   want: ${text.get(q.answers[0]!)}\n   got:  ${text.get(r[0] ?? "")}`);
        }
      }
    }
  }

  await measure("clean");

  // ---- noise: other users sharing the table (and the HNSW index)
  const rand = prng(20240601);
  const t1 = performance.now();
  for (let u = 0; u < noiseUsers; u++) {
    const owner = await bulkUser(db, `bench-noise-${u}`);
    const ids = await bulkInsertMemories(db, owner, noiseTexts(set, rand, noisePerUser));
    for (const id of ids) ownerOf.set(id, owner.userId);
  }
  const [{ n }] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "memories"`);
  console.log(`noise: ${noiseUsers} users x ${noisePerUser} memories (copies and mixes of the set's texts) in ${((performance.now() - t1) / 1000).toFixed(1)} s; ${n} memories in the table`);
  await measure(`noise`);

  // The recall-set users are small (40 memories), so search.ts scans their rows
  // exactly; check the HNSW path too: the same statement search.ts uses for large
  // users, with the user filter applied during the iterative index scan.
  {
    const embedder = getEmbedder();
    const ranked = new Map<string, string[]>();
    const t = performance.now();
    for (const q of set.queries) {
      const userId = userOf.get(q.person)!;
      const [v] = await embedder.embed([q.query]);
      const hits = await db.sql.withConnection((c) =>
        c.transaction(async (tx) => {
          await tx.query(`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '100', true), set_config('enable_sort', 'off', true)`);
          return tx.query<{ id: string; user_id: string }>(
            `SELECT m."id", m."user_id" FROM "memories" m
             WHERE m."user_id" = $1::uuid AND m."state"::text = ANY($2::text[]) AND m."embedding_model" LIKE 'local:%' AND m."embedding_model" = '${embedder.id}'
             ORDER BY (m."embedding"::vector(${embedder.dim})) <=> $3::vector(${embedder.dim}) LIMIT 10`,
            [userId, ["active"], toVectorLiteral(v!)],
          );
        }),
      );
      for (const h of hits) if (h.user_id !== userId || ownerOf.get(h.id) !== userId) violations.push(`hnsw ${q.id}: hit ${h.id} is not ${q.person}'s`);
      if (hits.length < Math.min(10, countOf.get(userId) ?? 0)) violations.push(`hnsw ${q.id}: ${hits.length} hits`);
      ranked.set(q.id, hits.flatMap((h) => setIdsOf.get(h.id) ?? [h.id]));
    }
    const ms = (performance.now() - t) / set.queries.length;
    const res = score(set.queries, ranked);
    for (const kind of ["all", "lexical", "paraphrase"]) {
      const m = res[kind]!;
      rows.push(["noise", "hnsw*", `${kind} (${m.n})`, m.r1.toFixed(3), m.r5.toFixed(3), m.mrr.toFixed(3), kind === "all" ? ms.toFixed(1) : ""]);
    }
    const vr = results.clean!.vector.all!;
    if (res.all!.r5 < vr.r5 - 0.02) violations.push(`hnsw: recall@5 ${res.all!.r5.toFixed(3)} well below the exact vector leg's ${vr.r5.toFixed(3)}`);
  }

  console.log("\n" + table(["corpus", "mode", "queries", "R@1", "R@5", "MRR", "ms/query"], rows));
  console.log("hnsw* = the vector leg's HNSW statement forced for these small users (search.ts scans users under 2,000 memories exactly), limit 10");
  for (const mode of MODES) {
    const a = results.clean![mode].all!;
    const b = results.noise![mode].all!;
    if (b.r5 < a.r5 || b.r1 < a.r1) violations.push(`${mode}: recall dropped with noise (R@5 ${a.r5.toFixed(3)} -> ${b.r5.toFixed(3)}, R@1 ${a.r1.toFixed(3)} -> ${b.r1.toFixed(3)})`);
  }

  // ---- category classifiers: keywords only (classifyLocally) and keywords + embedding prototypes (classifyMemory)
  const N = set.memories.length;
  const vectors = await getEmbedder().embed(set.memories.map((m) => m.text));
  const classifiers: [string, (text: string, i: number) => string[] | Promise<string[]>][] = [
    ["keywords (classifyLocally)", (text) => classifyLocally(text)],
    ["keywords + prototypes (classifyMemory)", (text, i) => classifyMemory(text, vectors[i])],
  ];
  const clsRows: (string | number)[][] = [];
  const perCatTables: string[] = [];
  for (const [name, classify] of classifiers) {
    let tp = 0, predicted = 0, gold = 0, top1 = 0, exact = 0;
    const perCat = new Map<string, { tp: number; fp: number; fn: number }>();
    const cat = (c: string) => perCat.get(c) ?? (perCat.set(c, { tp: 0, fp: 0, fn: 0 }), perCat.get(c)!);
    await classify(set.memories[0]!.text, 0); // warm-up (prototypes)
    const t2 = performance.now();
    const preds: string[][] = [];
    for (let i = 0; i < N; i++) preds.push(await classify(set.memories[i]!.text, i));
    const us = ((performance.now() - t2) / N) * 1000;
    set.memories.forEach((m, i) => {
      const pred = preds[i]!;
      const hit = pred.filter((c) => m.categories.includes(c));
      tp += hit.length;
      predicted += pred.length;
      gold += m.categories.length;
      if (m.categories.includes(pred[0]!)) top1++;
      if (hit.length === pred.length && hit.length === m.categories.length) exact++;
      for (const c of pred) {
        if (m.categories.includes(c)) cat(c).tp++;
        else cat(c).fp++;
      }
      for (const c of m.categories) if (!pred.includes(c)) cat(c).fn++;
    });
    clsRows.push([name, (tp / predicted).toFixed(3), (tp / gold).toFixed(3), ((2 * tp) / (predicted + gold)).toFixed(3), (top1 / N).toFixed(3), (exact / N).toFixed(3), (predicted / N).toFixed(2), us.toFixed(0)]);
    perCatTables.push(name + "\n" + table(["category", "tp", "fp", "fn", "P", "R"], [...perCat].sort().map(([c, s]) => [c, s.tp, s.fp, s.fn, (s.tp / Math.max(1, s.tp + s.fp)).toFixed(2), (s.tp / Math.max(1, s.tp + s.fn)).toFixed(2)])));
  }
  console.log(`\ncategory classifiers on ${N} labelled memories (${(set.memories.reduce((s, m) => s + m.categories.length, 0) / N).toFixed(2)} gold labels per memory; micro-averaged):`);
  console.log(table(["classifier", "precision", "recall", "F1", "top-1", "exact set", "labels/memory", "us/memory"], clsRows));
  if (process.argv.includes("--per-category")) console.log(perCatTables.join("\n"));
  if (missLog.length) console.log("\nhybrid misses (clean):\n" + missLog.join("\n"));

  const target = results.clean!.hybrid.all!.r5;
  console.log(`\nhybrid recall@5 ${target.toFixed(3)} (target >= 0.85): ${target >= 0.85 ? "OK" : "MISSED"}`);
  await db.close();
  if (violations.length) {
    console.error(`FAILED: ${violations.length} violation(s):\n  ` + violations.slice(0, 50).join("\n  "));
    process.exit(1);
  }
  console.log("user isolation: OK (no hit from another user; every vector/hybrid page full)");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
