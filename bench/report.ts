// The results page: reads what the benchmarks wrote in bench/results/*.json and
// writes bench/results/latest.json, the SVG plots and BENCHMARKS.md.
// `npm run bench` calls it after the runs; `npm run bench:report` redraws alone.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { barChart, logLogChart } from "./lib/svg";

const root = path.join(import.meta.dirname, "..");
const dir = path.join(import.meta.dirname, "results");
type M = { n: number; r1: number; r5: number; r10: number; mrr: number };
type Recall = { date: string; embedder: string; tuning: unknown; results: Record<string, Record<string, Record<string, M> & { ms?: number }>>; targets: [string, boolean][] };
type Memory = { date: string; results: { memories: number; tableRows: number; add: { p50: number; p95: number; opsPerSec: number }; search: { p50: number; p95: number; opsPerSec: number }; vectorP95: number; textP95: number; peakRssMb: number }[]; targets: string[] };
type Peer = { date: string; labelled: { memories: number; questions: number }; results: { system: string; n: number; addsPerSecond: number; p50: number; p95: number; r5: number; perSet: Record<string, number> }[] };

const read = <T>(name: string): T | undefined => {
  const f = path.join(dir, `${name}.json`);
  return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, "utf8")) as T) : undefined;
};
const f3 = (x: number) => x.toFixed(3);
const f1 = (x: number) => x.toFixed(1);
const mdTable = (head: string[], rows: (string | number)[][]) => [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i === 0 ? "---" : "--:")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

export function writeReport(run: { runs?: Record<string, { code: number; seconds: number }>; totalSeconds?: number; machine?: string } = {}): void {
  const recall = read<Recall>("recall");
  const memory = read<Memory>("memory");
  const peer = read<Peer>("peer");
  const md: string[] = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (every benchmark, then this page; `bench/README.md` explains each one). " +
      "All numbers were measured on this machine, on the embedded database (PGlite) with the local embedder, no LLM." +
      (run.machine ? ` Machine: ${run.machine}.` : "") +
      (run.totalSeconds ? ` The whole run took ${(run.totalSeconds / 60).toFixed(1)} min.` : ""),
    "",
  ];
  if (run.runs) md.push(mdTable(["benchmark", "exit", "seconds", "output"], Object.entries(run.runs).map(([n, r]) => [`bench:${n}`, r.code, r.seconds.toFixed(0), `[bench/results/${n}.txt](bench/results/${n}.txt)`])), "");

  if (recall) {
    const sets = Object.keys(recall.results);
    const retrievers = Object.keys(recall.results[sets[0]!]!);
    fs.writeFileSync(path.join(dir, "recall.svg"), barChart("R@5 per evaluation set", sets, retrievers.map((r) => ({ name: r, values: sets.map((s) => recall.results[s]![r]!.all!.r5) }))));
    md.push("## Retrieval quality (`bench:recall`)", "", `Measured ${recall.date.slice(0, 10)}; embedder \`${recall.embedder}\`; fusion \`${JSON.stringify(recall.tuning)}\`. 50 other users share the table.`, "", "![R@5 per set](bench/results/recall.svg)", "");
    for (const set of sets) {
      const res = recall.results[set]!;
      const types = Object.keys(res.hybrid!).filter((k) => k !== "ms").sort((a, b) => (a === "all" ? -1 : b === "all" ? 1 : a.localeCompare(b)));
      md.push(`### ${set}`, "", mdTable(["retriever", ...types.map((t) => `${t} (${(res.hybrid![t] as M).n}) R@5`), "R@1", "R@10", "MRR", "ms/query"], Object.entries(res).map(([r, m]) => [r, ...types.map((t) => f3((m[t] as M)?.r5 ?? 0)), f3(m.all!.r1), f3(m.all!.r10), f3(m.all!.mrr), m.ms ? f1(m.ms) : ""])), "");
      if (types.length > 2) {
        fs.writeFileSync(path.join(dir, `recall-${set}.svg`), barChart(`R@5 by question type: ${set}`, types, Object.keys(res).map((r) => ({ name: r, values: types.map((t) => (res[r]![t] as M)?.r5 ?? 0) }))));
        md.push(`![R@5 by type, ${set}](bench/results/recall-${set}.svg)`, "");
      }
    }
    md.push("Targets:", "", ...recall.targets.map(([t, ok]) => `- ${ok ? "met" : "**missed**"}: ${t}`), "");
  }

  if (memory || peer) {
    const series: { name: string; points: [number, number][] }[] = [];
    if (memory) series.push({ name: "ours, in process: search p95", points: memory.results.map((r) => [r.memories, r.search.p95]) }, { name: "ours, in process: add p95", points: memory.results.map((r) => [r.memories, r.add.p95]) });
    for (const system of new Set(peer?.results.map((r) => r.system) ?? [])) {
      series.push({ name: `${system.split(" ")[0]} over MCP: search p95`, points: peer!.results.filter((r) => r.system === system && r.n > 0).map((r) => [r.n, r.p95]) });
    }
    fs.writeFileSync(path.join(dir, "latency.svg"), logLogChart("Latency against the number of memories", "memories of the user (filler)", "ms (p95)", series));
    md.push("## Latency against N", "", "![latency](bench/results/latency.svg)", "");
  }
  if (memory) {
    md.push(
      "### In process (`bench:memory`)",
      "",
      mdTable(["user's memories", "table rows", "add p50", "add p95", "adds/s", "search p50", "search p95", "searches/s", "vector p95", "BM25 p95", "peak RSS MB"], memory.results.map((r) => [r.memories.toLocaleString("en"), r.tableRows.toLocaleString("en"), f1(r.add.p50), f1(r.add.p95), r.add.opsPerSec.toFixed(0), f1(r.search.p50), f1(r.search.p95), r.search.opsPerSec.toFixed(0), f1(r.vectorP95), f1(r.textP95), r.peakRssMb.toFixed(0)])),
      "",
      ...memory.targets.map((t) => `- ${t}`),
      "",
    );
  }
  if (peer) {
    const sets = Object.keys(peer.results[0]?.perSet ?? {});
    fs.writeFileSync(path.join(dir, "peer.svg"), barChart("R@5 against the reference MCP memory server, by filler N", peer.results.filter((r) => r.system.startsWith("Jean")).map((r) => `N=${r.n.toLocaleString("en")}`), [...new Set(peer.results.map((r) => r.system))].map((system) => ({ name: system.split(" ")[0]!, values: peer.results.filter((r) => r.system === system).map((r) => r.r5) }))));
    md.push(
      "## Side by side with a peer (`bench:peer`)",
      "",
      `The reference MCP memory server (\`@modelcontextprotocol/server-memory\`, stdio, SDK client) and ours (\`next start\`, Claude path, SDK client), same workload: N filler memories, then ${peer.labelled.memories} labelled memories added one call at a time, then ${peer.labelled.questions} questions. Measured ${peer.date.slice(0, 10)}.`,
      "",
      "![peer](bench/results/peer.svg)",
      "",
      mdTable(["system", "N filler", "search p50 ms", "search p95 ms", "R@5", ...sets.map((s) => `R@5 ${s}`), "adds/s"], peer.results.map((r) => [r.system, r.n.toLocaleString("en"), f1(r.p50), f1(r.p95), f3(r.r5), ...sets.map((s) => f3(r.perSet[s] ?? 0)), r.addsPerSecond.toFixed(0)])),
      "",
    );
  }
  md.push(
    "## Other systems' published numbers",
    "",
    "None are quoted here: no other system's numbers on these sets exist, and numbers measured on other data are not comparable. Only what was measured on this machine appears above.",
    "",
  );
  fs.writeFileSync(path.join(dir, "latest.json"), JSON.stringify({ written: new Date().toISOString(), runs: run.runs, recall, memory, peer }, null, 1));
  fs.writeFileSync(path.join(root, "BENCHMARKS.md"), md.join("\n"));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) writeReport();
