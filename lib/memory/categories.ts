// The fixed category taxonomy (seeded by the first migration) and the local,
// deterministic classifier used when no LLM is configured: keyword stems per
// category, matched against word prefixes. Simple on purpose — it is explainable
// and its accuracy is measured by `npm run bench:recall` on the labelled set.

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

/** Up to `max` categories, best first; "personal" when nothing matches. */
export function classifyLocally(text: string, max = 3): CategoryName[] {
  const lower = text.toLowerCase();
  const words = lower.match(TOKEN) ?? [];
  const scores: [CategoryName, number][] = [];
  for (const name of CATEGORY_NAMES) {
    let score = 0;
    for (const stem of KEYWORDS[name]) {
      if (stem.includes(" ")) {
        if (lower.includes(stem)) score += 1.5;
      } else if (words.some((w) => w.startsWith(stem) && (stem.length >= 4 || w === stem || w === stem + "s"))) {
        score += 1;
      }
    }
    if (score > 0) scores.push([name, score]);
  }
  if (scores.length === 0) return ["personal"];
  scores.sort((a, b) => b[1] - a[1] || CATEGORY_NAMES.indexOf(a[0]) - CATEGORY_NAMES.indexOf(b[0]));
  const best = scores[0][1];
  // Keep close runners-up only: a memory is rarely about more than two things.
  return scores.filter(([, s]) => s >= best * 0.5).slice(0, max).map(([n]) => n);
}

export function isCategoryName(name: string): name is CategoryName {
  return Object.prototype.hasOwnProperty.call(CATEGORIES, name);
}
