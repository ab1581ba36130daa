import { readFileSync, writeFileSync } from "node:fs";
import { createLocalEmbedder } from "../lib/embeddings/local";
import { CATEGORIES, CATEGORY_NAMES, classifyLocally, keywordScores } from "../lib/memory/categories";
const SEEDS: Record<string, string> = {
  personal: "identity personality life events birthday age born grew up hometown religion beliefs values goals car volunteer",
  work: "job career work office colleagues coworkers manager boss employer company projects meetings promotion salary shifts profession",
  health: "health doctor medical illness disease symptoms medication hospital sleep fitness exercise therapy dentist allergy injury pain diagnosis",
  travel: "travel trip vacation holiday flight airport hotel visit abroad tourism sightseeing journey destination commute",
  food: "food meals eating diet restaurants cooking recipes breakfast lunch dinner drinks coffee snacks cuisine",
  family: "family relatives children kids son daughter parents mother father sister brother wife husband partner grandparents baby",
  finance: "money budget savings investments bills taxes bank debt loans mortgage rent income expenses insurance credit",
  hobbies: "hobbies pastimes sports games crafts gardening playing club leisure outdoors music instrument reading collecting",
  preferences: "likes dislikes favorite prefer love hate enjoy habits always usually taste opinion",
  technology: "technology devices software programming computer laptop phone apps internet gadgets code developer",
  education: "learning school university college courses classes studying exams degree books teacher student lessons",
  relationships: "friends dating girlfriend boyfriend romance social life wedding anniversary roommates neighbors",
  entertainment: "movies films music songs tv shows series watching streaming concerts podcasts games entertainment",
  shopping: "shopping purchases buying brands stores online orders clothes shoes products deals wishlist",
  home: "house home apartment pets dog cat chores cleaning furniture garden neighbourhood renovation moving plants",
};
async function main() {
  const e = createLocalEmbedder();
  const set = JSON.parse(readFileSync("bench/data/recall-set.json", "utf8"));
  const mem = await e.embed(set.memories.map((m: { text: string }) => m.text));
  const protoSentence = await e.embed(CATEGORY_NAMES.map((c) => `${c} ${CATEGORIES[c]} ${SEEDS[c]}`));
  const protoWords: number[][] = [];
  for (const c of CATEGORY_NAMES) {
    const ws = `${c} ${CATEGORIES[c]} ${SEEDS[c]}`.toLowerCase().match(/[a-z]+/g)!;
    const vs = await e.embed(ws);
    const avg = vs[0]!.map((_, d) => vs.reduce((s, v) => s + v[d]!, 0));
    const n = Math.hypot(...avg); protoWords.push(avg.map((x) => x / n));
  }
  writeFileSync("/tmp/explore/cls.json", JSON.stringify({ cats: CATEGORY_NAMES, memories: set.memories.map((m: any, i: number) => ({ person: m.person, gold: m.categories, kw: classifyLocally(m.text, 15), ks: Object.fromEntries(keywordScores(m.text)), v: mem[i] })), protoSentence, protoWords }));
}
main();
