// The fixed category taxonomy (seeded by the first migration) and the local,
// deterministic classifier used when no LLM is configured: keyword stems per
// category, matched against word prefixes. Simple on purpose — it is explainable
// and its accuracy is measured by `npm run bench:recall` on the labelled set.
//
// `classifyMemory` adds embedding prototypes to the keywords: each category's name,
// description and a few general seed words are embedded once (per embedder), and a
// memory's cosine similarity to each prototype, standardised across the categories
// (z-scores, so the scale does not depend on the embedder), is added to its keyword
// score. Keywords stay decisive when they match; the prototypes rank the rest and
// catch words no list has ("badminton", "Severance"). Deterministic, ~no cost per
// memory (15 dot products), prototypes cost one embed call per process.
// The embedder is imported lazily, so loading the taxonomy does not load it.
import "server-only";
import type { Embedder } from "../embeddings/types";
import { within, type Deadline } from "../remote/deadline";

export const CATEGORIES = {
  personal: "Identity, personality, life events",
  work: "Job, career, colleagues, projects",
  health: "Body, fitness, medical, sleep, mental health",
  travel: "Trips, places, commuting",
  food: "Meals, diet, restaurants, cooking",
  family: "Relatives, children, partner",
  finance: "Money, budget, investments, bills",
  hobbies: "Pastimes, sports, crafts, games",
  preferences: "Likes, dislikes, habits",
  technology: "Devices, software, programming",
  education: "Learning, school, courses, books",
  relationships: "Friends, dating, social life",
  entertainment: "Films, music, TV, events",
  shopping: "Purchases, brands, wish lists",
  home: "House, pets, chores, neighbourhood",
} as const;

export type CategoryName = keyof typeof CATEGORIES;
export const CATEGORY_NAMES = Object.keys(CATEGORIES) as CategoryName[];

// Stems match any word starting with them ("allerg" → allergy, allergic).
const KEYWORDS: Record<CategoryName, string[]> = {
  personal: ["born", "birthday", "name", "age", "myself", "personality", "introvert", "extrovert", "identity", "grew", "hometown", "religio", "faith", "belief", "goal", "dream"],
  work: ["work", "job", "career", "colleague", "cowork", "boss", "manager", "office", "meeting", "project", "deadline", "client", "promot", "salary", "employ", "hire", "interview", "team", "startup", "company", "standup", "quarter", "presentation", "freelanc", "contract", "shift", "nurse", "engineer", "teacher", "lawyer", "consult"],
  health: ["health", "doctor", "allerg", "medic", "pill", "diabet", "asthma", "sleep", "insomnia", "gym", "workout", "exercis", "run", "jog", "yoga", "injur", "knee", "back pain", "therap", "anxiety", "depress", "migraine", "headache", "blood", "vitamin", "dentist", "physio", "surgery", "weight", "calori", "vegan", "lactose", "gluten", "symptom", "diagnos", "prescri", "meditat", "stress", "pregnan", "vaccin", "cholesterol", "marathon"],
  travel: ["travel", "trip", "flight", "fly", "airport", "hotel", "vacation", "holiday", "visit", "abroad", "passport", "visa", "itinerar", "tour", "beach", "island", "commut", "train", "road trip", "backpack", "airbnb", "luggage", "japan", "tokyo", "paris", "italy", "lisbon", "mexico", "iceland", "europe", "asia", "country", "city", "cruise"],
  food: ["food", "eat", "meal", "breakfast", "lunch", "dinner", "cook", "recipe", "restaurant", "cuisine", "pizza", "sushi", "coffee", "tea", "vegetarian", "vegan", "spicy", "dessert", "bake", "baking", "chocolate", "cheese", "wine", "beer", "taco", "ramen", "pasta", "curry", "snack", "diet", "bread", "fruit", "salad", "kitchen", "brunch", "cafe", "espresso", "latte", "chili", "peanut"],
  family: ["family", "mom", "mother", "dad", "father", "parent", "sister", "brother", "sibling", "son", "daughter", "child", "kid", "baby", "wife", "husband", "partner", "spouse", "grandm", "grandf", "grandpa", "grandma", "aunt", "uncle", "cousin", "niece", "nephew", "in-law", "twins", "toddler"],
  finance: ["money", "budget", "saving", "invest", "stock", "retire", "pension", "mortgage", "loan", "debt", "rent", "bill", "tax", "bank", "credit", "salary", "income", "expens", "fund", "crypto", "bitcoin", "insurance", "401k", "ira", "paycheck", "afford", "price", "cost", "spend"],
  hobbies: ["hobby", "hobbies", "guitar", "piano", "paint", "draw", "knit", "garden", "photograph", "hike", "hiking", "climb", "chess", "game", "gaming", "read", "novel", "fish", "camp", "surf", "ski", "cycl", "bike", "swim", "pottery", "woodwork", "sew", "craft", "collect", "board game", "play", "tennis", "soccer", "football", "basketball", "golf", "dance", "sing", "choir", "puzzle", "lego", "bird", "marathon", "martial"],
  preferences: ["prefer", "favorite", "favourite", "like", "love", "hate", "dislike", "enjoy", "can't stand", "rather", "always", "never", "usually", "habit", "allergic", "avoid", "fan of", "into"],
  technology: ["tech", "computer", "laptop", "phone", "iphone", "android", "software", "code", "coding", "program", "python", "javascript", "typescript", "rust", "linux", "mac", "windows", "app", "server", "database", "cloud", "ai", "machine learning", "github", "keyboard", "monitor", "gadget", "smart", "wifi", "router", "api", "developer", "kubernetes", "docker", "vim", "emacs", "editor"],
  education: ["school", "college", "university", "degree", "course", "class", "study", "studied", "learn", "exam", "teacher", "professor", "phd", "master", "bachelor", "lesson", "tutor", "homework", "graduat", "certif", "language", "spanish", "french", "german", "japanese", "book", "lecture", "student", "thesis", "bootcamp"],
  relationships: ["friend", "girlfriend", "boyfriend", "dating", "date", "relationship", "neighbor", "neighbour", "roommate", "social", "party", "wedding", "anniversar", "married", "engag", "breakup", "divorc", "mentor", "buddy", "crush"],
  entertainment: ["movie", "film", "cinema", "music", "song", "band", "album", "concert", "festival", "show", "series", "tv", "netflix", "podcast", "theater", "theatre", "comedy", "anime", "spotify", "playlist", "documentar", "actor", "director", "jazz", "rock", "hip hop", "opera", "gig", "video game", "streaming"],
  shopping: ["buy", "bought", "purchas", "shop", "order", "amazon", "store", "brand", "wishlist", "wish list", "gift", "sale", "discount", "subscription", "deliver", "return", "size", "shoe", "cloth", "jacket", "dress", "sneaker"],
  home: ["home", "house", "apartment", "flat", "room", "garden", "yard", "pet", "dog", "cat", "puppy", "kitten", "chore", "clean", "laundry", "furniture", "sofa", "couch", "renovat", "move", "moved", "neighborhood", "neighbourhood", "landlord", "plant", "balcony", "garage", "lease"],
};

const TOKEN = /[a-z0-9']+/g;

/** Keyword score per category (categories with no match are absent). */
export function keywordScores(text: string): Map<CategoryName, number> {
  const lower = text.toLowerCase();
  const words = lower.match(TOKEN) ?? [];
  const scores = new Map<CategoryName, number>();
  for (const name of CATEGORY_NAMES) {
    let score = 0;
    for (const stem of KEYWORDS[name]) {
      if (stem.includes(" ")) {
        if (lower.includes(stem)) score += 1.5;
      } else if (words.some((w) => w.startsWith(stem) && (stem.length >= 4 || w === stem || w === stem + "s"))) {
        score += 1;
      }
    }
    if (score > 0) scores.set(name, score);
  }
  return scores;
}

/** Up to `max` categories, best first; "personal" when nothing matches. */
export function classifyLocally(text: string, max = 3): CategoryName[] {
  const scores = [...keywordScores(text)];
  if (scores.length === 0) return ["personal"];
  scores.sort((a, b) => b[1] - a[1] || CATEGORY_NAMES.indexOf(a[0]) - CATEGORY_NAMES.indexOf(b[0]));
  const best = scores[0][1];
  // Keep close runners-up only: a memory is rarely about more than two things.
  return scores.filter(([, s]) => s >= best * 0.5).slice(0, max).map(([n]) => n);
}

export function isCategoryName(name: string): name is CategoryName {
  return Object.prototype.hasOwnProperty.call(CATEGORIES, name);
}

// ---------------------------------------------------------------- embedding prototypes

// General words for each category (never words taken from the benchmark's memories).
const PROTOTYPE_SEEDS: Record<CategoryName, string> = {
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

/** Weight of one standard deviation of prototype similarity, in keyword matches. */
const PROTOTYPE_WEIGHT = 0.5;
/** Runners-up within this much (in keyword matches) of the best are kept. */
const KEEP_MARGIN = 0.75;

const prototypeCache = new Map<string, Promise<number[][]>>();
let embeddingsModule: Promise<typeof import("../embeddings")> | undefined;

/** Unit prototype vectors in CATEGORY_NAMES order, one embed call per embedder and process. */
export function categoryPrototypes(embedder: Embedder): Promise<number[][]> {
  let p = prototypeCache.get(embedder.id);
  if (!p) {
    p = embedder.embed(CATEGORY_NAMES.map((c) => `${c} ${CATEGORIES[c]} ${PROTOTYPE_SEEDS[c]}`));
    p.catch(() => prototypeCache.delete(embedder.id)); // a remote embedder may come back
    prototypeCache.set(embedder.id, p);
  }
  return p;
}

/** Keywords plus prototype similarity of `vector` (the memory's embedding by the same embedder). */
export function classifyWithPrototypes(text: string, vector: number[], prototypes: number[][], max = 3): CategoryName[] {
  if (prototypes.length !== CATEGORY_NAMES.length || prototypes.some((p) => p.length !== vector.length)) return classifyLocally(text, max);
  const sims = prototypes.map((p) => p.reduce((s, x, i) => s + x * vector[i], 0));
  const mean = sims.reduce((a, b) => a + b, 0) / sims.length;
  const sd = Math.sqrt(sims.reduce((a, b) => a + (b - mean) ** 2, 0) / sims.length) || 1;
  const kw = keywordScores(text);
  const scored = CATEGORY_NAMES.map((name, i): [CategoryName, number] => [name, (kw.get(name) ?? 0) + (PROTOTYPE_WEIGHT * (sims[i] - mean)) / sd]);
  scored.sort((a, b) => b[1] - a[1] || CATEGORY_NAMES.indexOf(a[0]) - CATEGORY_NAMES.indexOf(b[0]));
  const best = scored[0][1];
  // A category named outright by a keyword ("allergic" → health) stays, even when the
  // prototypes lean elsewhere.
  const topKeyword = Math.max(0, ...kw.values());
  return scored
    .filter(([name, s]) => s >= best - KEEP_MARGIN || (topKeyword > 0 && (kw.get(name) ?? 0) >= topKeyword))
    .slice(0, max)
    .map(([n]) => n);
}

/**
 * The local classifier with embedding prototypes: pass the memory's vector when you
 * have it (undefined: it is embedded here; null: its embedding already failed, so
 * keywords alone — embedding again would only wait on the same embedder again).
 * Falls back to keywords alone if the embedder fails or the request's deadline passes.
 */
export async function classifyMemory(text: string, vector?: number[] | null, deadline?: Deadline): Promise<CategoryName[]> {
  if (vector === null) return classifyLocally(text);
  const { getEmbedder } = await (embeddingsModule ??= import("../embeddings"));
  const embedder = getEmbedder();
  try {
    const [prototypes, v] = await Promise.all([
      within(categoryPrototypes(embedder), deadline, "category prototypes"),
      vector ? Promise.resolve([vector]) : embedder.embed([text], { deadline }),
    ]);
    return classifyWithPrototypes(text, v[0], prototypes);
  } catch (e) {
    const { log } = await import("../log");
    log.warn("category prototypes unavailable; classifying by keywords only", { error: e });
    return classifyLocally(text);
  }
}
