import { readFileSync } from "node:fs";
import { classifyLocally } from "../lib/memory/categories";
const set = JSON.parse(readFileSync("bench/data/recall-set.json", "utf8"));
for (const m of set.memories) { const p = classifyLocally(m.text); const ok = m.categories.includes(p[0]); console.log(`${ok ? " " : "X"} [${m.categories.join(",")}] -> [${p.join(",")}] ${m.text}`); }
