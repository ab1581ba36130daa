// Deterministic generator for bench/data/conversations.json (how and why: bench/data/README.md).
//   npx tsx bench/data/make-conversations.ts
// Node built-ins and bench/lib/seeded.ts only, a seeded PRNG: the same code always writes the same file.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Bag, chance, int, pick, reseed, rnd, shuffled as shuffle } from "../lib/seeded";

// ---------------------------------------------------------------- helpers
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const an = (s: string) => (/^(ER|[aeio]|un)/i.test(s) ? `an ${s}` : `a ${s}`);
/** "{a|b|c}" picks one alternative; "~" is an optional ", Name" address before the final punctuation. */
function expand(s: string, addressee?: string): string {
  let out = s.replace(/\{([^{}]*\|[^{}]*)\}/g, (_m, alts: string) => pick(alts.split("|")));
  out = out.replace(/~/g, () => (addressee && chance(0.3) ? `, ${addressee}` : ""));
  return out;
}
function fill(s: string, vars: Record<string, string>): string {
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? vars[k] : m));
}

// ---------------------------------------------------------------- dates & periods
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAY = 86400000;
const fmt = (d: Date) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * DAY);
interface Period {
  kind: "month" | "week" | "season" | "year";
  phrase: string;
  start: number;
  end: number;
}
function periodsOf(d: Date): Period[] {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const out: Period[] = [{ kind: "month", phrase: pick([`in ${MONTHS[m]} ${y}`, `during ${MONTHS[m]} ${y}`]), start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 1) }];
  const mon = addDays(d, -((d.getUTCDay() + 6) % 7));
  out.push({ kind: "week", phrase: pick([`in the week of ${fmt(mon)}`, `during the week of ${fmt(mon)}`]), start: mon.getTime(), end: addDays(mon, 7).getTime() });
  const seasons: [string, number, number][] = [["spring", 2, 5], ["summer", 5, 8], ["autumn", 8, 11]];
  for (const [name, a, b] of seasons)
    if (m >= a && m < b) out.push({ kind: "season", phrase: pick([`in the ${name} of ${y}`, `in ${name} ${y}`]), start: Date.UTC(y, a, 1), end: Date.UTC(y, b, 1) });
  out.push({ kind: "year", phrase: `in ${y}`, start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1) });
  return out;
}
const PERIOD_WEIGHT = { month: 4, week: 2, season: 2.5, year: 1.5 };
/** A period phrase containing the whole window [from, to] and none of the conflict dates, or null. */
function choosePeriod(from: Date, to: Date, conflicts: Date[]): string | null {
  const ok = periodsOf(to).filter(
    (p) => p.start <= from.getTime() && to.getTime() < p.end && !conflicts.some((c) => c.getTime() >= p.start && c.getTime() < p.end),
  );
  if (!ok.length) return null;
  let total = 0;
  for (const p of ok) total += PERIOD_WEIGHT[p.kind];
  let r = rnd() * total;
  for (const p of ok) {
    r -= PERIOD_WEIGHT[p.kind];
    if (r <= 0) return p.phrase;
  }
  return ok[ok.length - 1].phrase;
}

// ---------------------------------------------------------------- model
type Kind = "filler" | "ask" | "fact" | "distractor";
type QType = "single-hop" | "multi-hop" | "temporal" | "inference";
interface Turn {
  who: Person;
  text: string;
  kind: Kind;
  base?: string; // filler template, for the variety count
  id?: string;
}
interface Person {
  name: string;
  sub: string;
  obj: string;
  pos: string;
  flags: Set<string>;
  other: Person;
  buys: Date[];
  starts: Date[];
  wins: Date[];
}
interface Cand {
  type: QType;
  query: string;
  ans: Turn[];
}
interface Session {
  date: Date;
  blocks: Turn[][];
  load: number;
}

class Conv {
  sessions: Session[];
  cands: Cand[] = [];
  later: (() => void)[] = [];
  constructor(
    public id: string,
    public people: [Person, Person],
    dates: Date[],
    public thirdF: Bag<string>,
    public thirdM: Bag<string>,
  ) {
    this.sessions = dates.map((date) => ({ date, blocks: [], load: 0 }));
  }
  third(g: "f" | "m" | "any" = "any"): string {
    return (g === "f" || (g === "any" && chance(0.5)) ? this.thirdF : this.thirdM).take();
  }
  get S() {
    return this.sessions.length;
  }
  date(s: number) {
    return this.sessions[s].date;
  }
  /** A session in [lo, hi] (clamped) with the least content so far. */
  slot(lo: number, hi: number, avoid: number[] = []): number {
    lo = Math.max(0, Math.min(this.S - 1, lo));
    hi = Math.max(lo, Math.min(this.S - 1, hi));
    let best: number[] = [];
    let bestLoad = Infinity;
    for (let s = lo; s <= hi; s++) {
      if (avoid.includes(s) && hi > lo) continue;
      const l = this.sessions[s].load + rnd() * 2.5;
      if (l < bestLoad - 1e-9) {
        bestLoad = l;
        best = [s];
      }
    }
    return best.length ? best[0] : lo;
  }
  add(s: number, turns: Turn[]) {
    this.sessions[s].blocks.push(turns);
    this.sessions[s].load += turns.filter((t) => t.kind !== "filler").length;
  }
  q(type: QType, query: string, ans: Turn[]) {
    query = query.replace(/\bthe The /g, "The ");
    this.cands.push({ type, query, ans });
  }
  /** A temporal question about a period; skipped when no period singles the window out. */
  qPeriod(from: Date, to: Date, conflicts: Date[], make: (period: string) => string, ans: Turn[]) {
    const p = choosePeriod(from, to, conflicts);
    if (p) this.q("temporal", make(p), ans);
  }
}

const say = (who: Person, text: string, kind: Kind = "fact"): Turn => ({ who, text: text.replace(/\bthe The /g, "The "), kind });
const ask = (who: Person, text: string): Turn => say(who, text, "ask");
const dis = (who: Person, text: string): Turn => say(who, text, "distractor");
function fl(who: Person, pool: readonly string[]): Turn {
  const base = pick(pool);
  return { who, text: expand(base, who.other.name), kind: "filler", base };
}

// ---------------------------------------------------------------- filler (chit-chat carrying no fact)
// greetings come in kinds, each with replies that fit it
const OPENERS: [string[], string[]][] = [
  [["Hiii, how's your week going?", "Hello hello! How are things?", "Hi hi! Are you alive over there?", "Yo! What's new with you?", "Hey~! How's life?"],
   ["All good here, just busy as usual.", "Not bad at all! You?", "Surviving, mostly. You?", "Alive, barely. What's going on with you?", "Pretty good, just made a cup of tea.", "Can't complain! How about you?"]],
  [["Morning! Got a minute to chat?", "Hi~! Is now a good time?", "Hey, are you free for a bit?"],
   ["Hey! Yes, perfect timing.", "Always time for you~, what's up?", "Yes! I'm on the sofa doing nothing.", "For you, always. Go!"]],
  [["Hey~! Long time no talk.", "Hey you! Sorry I went quiet for a bit.", "Hey! I was just thinking about you.", "Heyyy, finally free for a chat.", "Okay, I've been meaning to message you all week.", "Hey, {happy weekend|happy Friday}! Or close enough."],
   ["Hi!! So good to hear from you.", "Ha, I was literally about to message you!", "Heyy! No worries at all, how are you?", "Hello stranger~!", "Aw, hi! I missed our chats."]],
];
const POS = [
  "That's {awesome|amazing|so great}, I'm so happy for you~!", "No way, that's amazing!", "Wow, congrats!!", "Stop it, that's fantastic.", "Ahh I love that for you.",
  "That's such good news.", "You deserve it, seriously.", "Okay that made my day.", "Yay! Finally!", "That's brilliant, well done~.", "Wow, good for you!",
  "I'm genuinely thrilled for you.", "Oh that's so exciting!",
];
const SAD = [
  "Oh no, I'm so sorry.", "Ugh, that sounds rough.", "That's awful, are you okay?", "Oh man, sending hugs.", "That's so stressful, I'm sorry~.",
  "Poor thing!", "Yikes. Hang in there.", "Oof, that's not fun at all.", "Oh no! That's the worst.",
];
const ACK = [
  "Haha, totally!", "Same here, honestly.", "Right?!", "Ha, fair enough.", "Makes sense.", "True, true.", "lol yes",
  "Honestly, same.", "Haha, classic.", "Oh, I believe it.", "Fair point~.", "Ha! Love that.", "Totally get that.",
  "Haha yes, that's so you.", "Can't argue with that.",
];
const CURIOUS = ["Wow, how did that go?", "Ooh, tell me more.", "Wait, really?", "Seriously? That's wild.", "Huh, I didn't see that coming.", "And how do you feel about it?"];
const VAGUE = ["Better than expected, honestly.", "Pretty well, all things considered.", "Still processing it, to be honest.", "Hard to say yet, ask me next week.", "Good! Mostly good.", "Ha, it's a long story."];
const ENCOURAGE = ["You've got this~.", "Keep me posted, okay?", "Let me know how it goes!", "Take care of yourself, okay?", "Fingers crossed for you!", "Rooting for you~!"];
const THANKS = ["Thanks, I definitely will.", "Thank you, that means a lot.", "Aw, thanks~!", "Thanks, I needed to hear that.", "Appreciate it!", "Will do!"];
const SMALL_PAIRS: [string, string[]][] = [
  ["How's the weather over there?", ["Grey and drizzly, as always.", "Weirdly sunny! I don't trust it.", "Freezing. I'm wearing two pairs of socks."]],
  ["Random question, but how are you really?", ["Honestly? Pretty good. Tired, but good.", "Up and down, but okay.", "Better now that we're chatting."]],
  ["How are you sleeping these days?", ["Better, thanks for asking.", "Badly, but that's nothing new.", "Like a log, for once."]],
  ["Did you get up to anything fun?", ["Not really, just a quiet one.", "Mostly laundry, living the dream.", "Nothing exciting, honestly."]],
  ["Ugh, this week has been so long.", ["I feel that. Hang in there.", "Same! Why is everything happening at once?"]],
  ["It's been raining nonstop here.", ["Ugh, same here. Everything is damp.", "Send some this way, it's so dry here."]],
  ["I just made way too much coffee.", ["Ha, is there such a thing?", "Dangerous. Pace yourself."]],
  ["I need a nap, honestly.", ["Same. A long one.", "Take one! You deserve it."]],
  ["My phone is at 3%, so forgive the typos.", ["Ha, noted.", "Go find a charger!"]],
  ["Sorry for the slow replies today!", ["No worries at all!", "Don't apologise, I'm slow too."]],
  ["My neighbour is drilling again, send help.", ["Noooo, not again.", "Ha, sending noise-cancelling vibes."]],
  ["Finally sat down for the first time today.", ["You've earned it.", "Ugh, I feel that. Long day?"]],
  ["I'm so glad it's almost the weekend.", ["Same, I'm counting the hours.", "Ha, me too. So ready."]],
];
const AFTER = ["Anyway, enough about that.", "Okay, where was I?", "Ha, anyway.", "Right, moving on before I get emotional.", "Okay, my turn to ramble now."];
const INFO = ["Oh nice!", "Ah, good to know.", "Oh cool, I didn't know that.", "Ha, love that.", "Ooh, interesting.", "Fair enough~!", "Ha, of course."];
const CLOSE = [
  "Okay, I have to run. Talk soon~!", "Gotta go, dinner's ready. Talk soon!", "Talk soon!", "Speak soon, take care~!", "Bye for now!",
  "Let's catch up again soon.", "Night! Sleep well~.", "Okay, back to work for me. Bye!", "Love you, talk later!", "Catch you later~!",
];
const CLOSE_REPLY = ["Bye! Talk soon.", "Take care~!", "Later!", "Speak soon!", "Have a good one!", "Night night!", "Yes, soon! Bye!"];

// ---------------------------------------------------------------- content pools
const FEMALE = ["Maya", "Sofia", "Hannah", "Leila", "Chloe", "Nadia", "Grace", "Ines", "Zoe", "Amara", "Freya", "Rosa", "Keiko", "Talia", "Mei", "Alba"];
const MALE = ["Sam", "Daniel", "Omar", "Luca", "Ben", "Marcus", "Theo", "Ravi", "Jonas", "Kwame", "Felix", "Diego", "Ethan", "Malik", "Hugo", "Arlo"];
const THIRD_F = ["Priya", "Elena", "Aisha", "Wen", "Clara", "Ingrid", "Farah", "Lena", "Beatriz", "Lucia", "Dalia", "Imani", "Sana", "Elif", "Mira", "Olga", "Greta", "Maren", "Camille", "Anouk", "Celeste", "Esme"];
const THIRD_M = ["Tomás", "Jakob", "Bruno", "Mateo", "Oskar", "Yusuf", "Kenji", "Rafael", "Henrik", "Pablo", "Viktor", "Arjun", "Stefan", "Tariq", "Idris", "Joaquín", "Bashir", "Dmitri", "Anton", "Callum"];
const BABY = ["Noor", "Ellis", "Juno", "Rafa", "Ottilie", "Kai", "Isla", "Milo", "Ada", "Ezra", "Linnea", "Teo"];
const PET_NAMES = ["Waffles", "Biscuit", "Pepper", "Mochi", "Juniper", "Pickles", "Olive", "Ziggy", "Nacho", "Clementine", "Pretzel", "Hazel", "Tofu", "Banjo", "Noodle", "Maple", "Rocket", "Otis", "Poppy", "Gus"];
const DOG_BREEDS = ["corgi mix", "beagle", "greyhound", "border collie", "dachshund", "whippet", "Staffy cross", "Shiba Inu", "spaniel mix", "scruffy terrier"];
const CAT_BREEDS = ["tabby", "Maine Coon", "black shorthair", "ragdoll", "Siamese mix", "tortoiseshell", "fluffy grey longhair"];
const PET_AGE = ["about two years old", "only ten weeks old", "around five, the shelter thinks", "barely six months old", "a senior, maybe nine"];
const QUIRKS: { t: string; q: string[] }[] = [
  { t: "{sub}'s terrified of the vacuum cleaner and hides under the bed whenever I clean", q: ["What is {P}'s {sp} scared of?", "Which household appliance frightens {name}?"] },
  { t: "{sub} steals one sock from the laundry basket every single day", q: ["What does {name} keep stealing?", "What odd habit does {P}'s {sp} have with the laundry?"] },
  { t: "{sub} refuses to drink from a bowl, only from the bathroom tap", q: ["Where does {name} insist on drinking water?", "How does {P}'s {sp} like to drink?"] },
  { t: "{sub} sleeps wrapped around my head at night like a furry hat", q: ["Where does {name} sleep at night?", "What are {P}'s {sp}'s sleeping habits?"] },
  { t: "{sub}'s completely obsessed with the neighbour's chickens", q: ["What is {name} obsessed with?", "What animals fascinate {P}'s {sp}?"] },
  { t: "{sub} yells at the doorbell like it personally insulted {obj}", q: ["What sets {name} off?", "How does {P}'s {sp} react when someone rings?"] },
];
const ILLS: { ill: string; treat: string; short: string; sp?: string }[] = [
  { ill: "an ear infection", treat: "antibiotic drops twice a day", short: "the ear infection" },
  { ill: "a sock stuck in {pos} stomach", treat: "surgery to get it out", short: "swallowing a sock" },
  { ill: "a torn ligament in {pos} back leg", treat: "six weeks of crate rest", short: "the leg injury", sp: "dog" },
  { ill: "a nasty tooth abscess", treat: "two teeth pulled", short: "the tooth abscess" },
  { ill: "a bad skin allergy", treat: "a special salmon-only diet", short: "the skin allergy" },
  { ill: "a urinary infection", treat: "special food and a lot of water", short: "the urinary infection", sp: "cat" },
];
interface Job { title: string; at: string; short: string; name: string; detail: string; reason: string }
const JOBS: Job[] = [
  { title: "pastry chef", at: "a bakery called Crumb & Co", name: "Crumb & Co", short: "the bakery", detail: "still covered in flour by six every morning", reason: "the 4am starts were destroying me" },
  { title: "ER nurse", at: "St. Brendan's Hospital", name: "St. Brendan's", short: "the hospital", detail: "three night shifts in a row this week, I'm a zombie", reason: "the night shifts were wrecking my sleep" },
  { title: "data analyst", at: "Brightline Insurance", name: "Brightline Insurance", short: "Brightline", detail: "staring at car insurance claims all day", reason: "the work felt completely pointless" },
  { title: "chemistry teacher", at: "Westbrook High", name: "Westbrook High", short: "the school", detail: "grading forty lab reports tonight, pray for me", reason: "marking every single weekend burned me out" },
  { title: "paralegal", at: "a small law firm downtown", name: "the law firm", short: "the law firm", detail: "drowning in contracts, but the team is lovely", reason: "the constant overtime was too much" },
  { title: "sound engineer", at: "Blue Room Studios", name: "Blue Room Studios", short: "the studio", detail: "mixing a podcast about beekeeping, of all things", reason: "the pay never went up in four years" },
  { title: "bike mechanic", at: "Spoke & Chain", name: "Spoke & Chain", short: "the bike shop", detail: "fixed eleven flat tyres yesterday alone", reason: "my back couldn't take the lifting anymore" },
  { title: "pharmacist", at: "a pharmacy on Elm Street", name: "the Elm Street pharmacy", short: "the pharmacy", detail: "the queue has been out the door all week", reason: "my manager made every shift miserable" },
  { title: "graphic designer", at: "an agency called Northpaw", name: "Northpaw", short: "the agency", detail: "redesigning a cat food logo for the fourth time", reason: "the endless client revisions drained me" },
  { title: "junior architect", at: "Hale & Marsh Architects", name: "Hale & Marsh", short: "the practice", detail: "drawing staircases until my eyes cross", reason: "the ninety-minute commute each way was killing me" },
  { title: "customer support lead", at: "a software company called Tidewell", name: "Tidewell", short: "Tidewell", detail: "answering angry tickets about a login bug", reason: "being yelled at all day wore me down" },
  { title: "museum conservator", at: "the city history museum", name: "the history museum", short: "the museum", detail: "cleaning a very fragile Roman helmet with a tiny brush", reason: "the contract was never going to become permanent" },
];
interface Cowork { t: string[]; react: string[]; ask: string[]; plan: string[]; q: string[]; planQ: string[]; when: string }
const COWORK: Cowork[] = [
  {
    t: ["My coworker {cw} presented my slides as their own today. In front of everyone.", "Work's fine, except {cw} from my team keeps pitching my ideas as theirs in meetings."],
    react: ["Ugh, that's infuriating.", "Wow, the nerve!", "Seriously?? That's so unfair."], ask: ["Are you going to say something?", "Will you call them out on it?"],
    plan: ["I'm going to raise it with my manager on Friday, calmly. Ish.", "Yes, I've booked a one-on-one with my boss for Thursday to bring it up."],
    q: ["Which colleague keeps taking credit for {P}'s work?", "Who presented {P}'s ideas as their own?"], planQ: ["What is {P} planning to do about {cw}?", "How does {P} plan to deal with the coworker stealing credit?"],
    when: "When did {P} complain about {cw} taking credit for {pos} work?",
  },
  {
    t: ["My work bestie {cw} is leaving for a job in Berlin. I'm devastated.", "Sad news at work: {cw}, my favourite colleague, is moving to Berlin."],
    react: ["Oh no, that's so sad.", "Noooo, who will you gossip with now?"], ask: ["Are you doing a leaving party?", "Will you give them a proper send-off?"],
    plan: ["Obviously. We're throwing a surprise karaoke night on their last Friday.", "Yes! I'm organising a surprise karaoke send-off, they'll hate it and love it."],
    q: ["Which of {P}'s colleagues is moving to Berlin?", "Where is {P}'s work friend {cw} moving?"], planQ: ["How is {P} planning to say goodbye to {cw}?", "What kind of send-off is {P} organising?"],
    when: "When did {P} find out {cw} was leaving?",
  },
  {
    t: ["We got a new manager, {cw}, and they want a status report every two hours.", "{cw}, our new boss, literally timed my lunch break yesterday."],
    react: ["That sounds exhausting.", "Wow. That's a lot.", "Ugh, micromanagers are the worst."], ask: ["What are you going to do?", "Can you push back at all?"],
    plan: ["I'm keeping a log of everything and taking it to HR if it continues.", "A few of us are going to HR together next week."],
    q: ["Who is {P}'s new manager?", "Which boss is micromanaging {P}?"], planQ: ["How is {P} dealing with {cw}'s micromanaging?", "What is {P} planning to do about the new manager?"],
    when: "When did {P} first complain about {cw}?",
  },
  {
    t: ["My team lead {cw} nominated me for the quarterly staff award! I had no idea.", "{cw}, my team lead, secretly put me forward for the quarterly staff award."],
    react: ["Oh wow, that's amazing!", "You deserve it so much."], ask: ["When do you find out?", "Is there a ceremony?"],
    plan: ["They announce it at a dinner at the end of the month, I'm terrified.", "There's a dinner at the end of the month where they announce it."],
    q: ["Who nominated {P} for an award?", "What was {P} nominated for at work?"], planQ: ["How will {P} find out whether {sub} won the award?"],
    when: "When was {P} nominated for the staff award?",
  },
];
const JOBS2 = [
  "UX researcher at a travel startup called Wayfern", "park ranger at the state forest", "sales engineer at a solar panel company", "primary school teaching assistant",
  "project manager at a renovation firm", "physiotherapy assistant at a sports clinic", "copywriter at a small publishing house", "lab technician at a brewery's quality team",
  "junior developer at a fintech called Ledgerly", "events coordinator at the botanical gardens",
];
const CITIES = ["Denver", "Portland", "Austin", "Leeds", "Rotterdam", "Melbourne", "Toronto", "Glasgow", "Lyon", "Minneapolis", "Bristol", "Asheville", "Wellington", "Dublin", "Tucson", "Halifax", "Valencia", "Bergen"];
interface Trip { city: string; food: string; high: string; mishap: string }
const TRIPS: Trip[] = [
  { city: "Lisbon", food: "grilled sardines", high: "watching the sunset from a viewpoint above the old town", mishap: "our apartment had no hot water for three days" },
  { city: "Kyoto", food: "udon from a tiny place near the station", high: "walking through the bamboo forest at 6am before the crowds", mishap: "I lost my rail pass on day two" },
  { city: "Oaxaca", food: "tlayudas from the night market", high: "a cooking class where we made mole from scratch", mishap: "I got a sunburn so bad I couldn't wear a backpack" },
  { city: "Edinburgh", food: "fish and chips from a shop by the harbour", high: "climbing the big hill in the middle of town in sideways rain", mishap: "someone spilled coffee all over my only jacket" },
  { city: "Hanoi", food: "pho for breakfast", high: "a street food tour on the back of a scooter", mishap: "our flight home got cancelled" },
  { city: "Buenos Aires", food: "empanadas", high: "a tango show in a tiny basement club", mishap: "my phone got pickpocketed on the subway" },
  { city: "Vienna", food: "schnitzel the size of my head", high: "an afternoon wandering the palace gardens", mishap: "it rained every single day" },
  { city: "Marrakesh", food: "lamb tagine", high: "getting lost in the souks for hours", mishap: "I got food poisoning on the last night" },
  { city: "Reykjavik", food: "hot dogs from a stand everyone swears by", high: "swimming in a geothermal lagoon while it snowed", mishap: "the northern lights tour got cancelled twice" },
  { city: "Seoul", food: "Korean fried chicken at 1am", high: "a night hike up to an old fortress wall", mishap: "I badly underpacked for the cold" },
  { city: "Cape Town", food: "fish tacos right on the beach", high: "taking the cable car up the mountain", mishap: "the wind nearly blew our rental car door off" },
  { city: "Copenhagen", food: "cinnamon buns from a bakery near the hotel", high: "cycling everywhere like a local", mishap: "I fell off the rental bike in front of a whole café" },
  { city: "Lima", food: "ceviche", high: "paragliding off the cliffs over the ocean", mishap: "my suitcase arrived four days late" },
  { city: "Montreal", food: "bagels straight out of the wood oven", high: "a jazz street party that went on till 2am", mishap: "I left my passport in a taxi and had to chase it down" },
  { city: "Tbilisi", food: "khachapuri dripping with butter", high: "the sulphur baths in the old town", mishap: "we missed the night train by two minutes" },
  { city: "Athens", food: "souvlaki from the same stall every day", high: "seeing the ruins lit up at night", mishap: "the heatwave meant everything closed at noon" },
];
const TRIP_LEN = ["Ten days", "Just a long weekend", "Two whole weeks", "Six nights", "A week, which feels too short already", "Eight days"];
const BANDS = [
  "Velvet Static", "The Marigold Hours", "Copper Lanterns", "Salt & Signal", "Neon Orchard", "The Quiet Cartographers", "Juniper Blue", "Midnight Ferry",
  "Hollow Pines", "The Brass Foxes", "Luma Drift", "Static Bloom", "Paper Moons", "The Wild Almanac", "Sierra Vale", "Dusk Parade",
];
const GIG_DETAILS: { t: string; q: string }[] = [
  { t: "they played for almost three hours", q: "How long did the {band} show last?" },
  { t: "it poured rain the whole set and nobody cared", q: "What was the weather like when {P} saw {band}?" },
  { t: "we somehow ended up right at the front barrier", q: "Where was {P} standing at the {band} gig?" },
  { t: "I caught one of the drummer's sticks", q: "What souvenir did {P} bring home from the {band} concert?" },
  { t: "the sound cut out for ten minutes halfway through", q: "What went wrong at the {band} concert?" },
  { t: "they finished with a cover of an old Fleetwood Mac song", q: "What did {band} play as the final song?" },
  { t: "the singer crowd-surfed during the second song", q: "What did the {band} singer do during the show?" },
];
const BOOKS: { title: string; genre: string; premise: string }[] = [
  { title: "The Salt House", genre: "a mystery", premise: "A lighthouse keeper finds a diary that predicts every storm before it hits" },
  { title: "Orbit of Ash", genre: "a sci-fi novel", premise: "A crew wakes up from cryosleep and realises the ship has been steering itself home" },
  { title: "Small Hours", genre: "a literary novel", premise: "It follows three night-shift workers in one city over a single week" },
  { title: "The Cartographer's Daughter", genre: "a historical novel", premise: "A girl in 1700s Lisbon secretly redraws the maps her father sells" },
  { title: "Bright Wolves", genre: "a fantasy book", premise: "Two rival witches have to share one apprentice for a year" },
  { title: "Nothing Left to Burn", genre: "a thriller", premise: "A firefighter suspects the arsonist is someone in her own crew" },
  { title: "Quiet Machines", genre: "a non-fiction book", premise: "It's about how early computers were programmed mostly by women" },
  { title: "The Last Orchard", genre: "a family saga", premise: "Four generations fight over an apple farm in Normandy" },
  { title: "Paper Tigers", genre: "a memoir", premise: "A chess prodigy writes about quitting the game at sixteen" },
  { title: "Under the Glass Sea", genre: "a fantasy novel", premise: "A city lives under a frozen ocean and sends divers up to steal sunlight" },
  { title: "Five Wrong Turns", genre: "a comic novel", premise: "A wedding planner gets lost driving a bride to her own wedding" },
  { title: "A Map of Cold Places", genre: "a travel memoir", premise: "A woman walks the length of Norway alone after a divorce" },
  { title: "The Glass Hour", genre: "a locked-room mystery", premise: "A clockmaker is found dead inside his own sealed workshop" },
  { title: "Seedlings", genre: "a sci-fi short story collection", premise: "Every story is about a plant that learns to talk" },
];
interface Hobby { ask: string; start: string[]; startQ: string[]; prog: string[]; progQ: string[]; multi: string; when: string }
const HOBBIES: Hobby[] = [
  {
    ask: "How's the cello going?", start: ["I finally started cello lessons! My fingers are so sore.", "Guess what, I signed up for cello lessons. The first one was on Tuesday."],
    startQ: ["What instrument did {P} take up?", "What kind of lessons did {P} sign up for?"],
    prog: ["Slowly! {t}, my teacher, has me playing a simple Bach minuet.", "{t} says my bowing is finally less scratchy. We're on a Bach minuet now."],
    progQ: ["What piece is {P} practising?", "Who is {P}'s music teacher?"], multi: "What piece is {P} practising on the instrument {sub} took up?", when: "When did {P} start cello lessons?",
  },
  {
    ask: "Made anything at pottery yet?", start: ["I joined a pottery class on Wednesday nights, my hands are permanently grey now.", "Signed up for a wheel-throwing class at the community studio, it's so messy and I love it."],
    startQ: ["What craft did {P} pick up?", "What class did {P} join?"],
    prog: ["A very lopsided mug that I adore! {t}, who runs the studio, says I can try glazing next.", "Three bowls and a mug, all wonky. {t} keeps saying wonky is a style."],
    progQ: ["What has {P} made so far?", "Who runs the studio where {P} takes classes?"], multi: "What did {P} make in the class {sub} joined?", when: "When did {P} start the pottery class?",
  },
  {
    ask: "Still climbing?", start: ["I've started bouldering at the gym by my office, three times a week.", "New obsession: bouldering. I go three times a week after work and come home with no skin on my hands."],
    startQ: ["What sport did {P} get into?", "How often does {P} go bouldering?"],
    prog: ["Yes! I finally topped my first V4. {t} from the gym spotted me and screamed louder than I did.", "Every week. I sent a V4 on Monday, and {t} from the gym filmed it."],
    progQ: ["What grade did {P} manage to climb?", "Who from the gym was there for {P}'s big climb?"], multi: "What grade did {P} reach in the sport {sub} took up?", when: "When did {P} start bouldering?",
  },
  {
    ask: "How's the Japanese coming along?", start: ["I started learning Japanese, I'm on a forty-day streak on the app.", "I've been doing Japanese on an app every morning on my commute, forty days in a row so far."],
    startQ: ["What language is {P} learning?", "What is {P} studying on the app?"],
    prog: ["Slowly, but my tutor {t} says I can read basic hiragana now. I read a whole menu!", "{t}, my tutor, has me writing a little diary entry every week now."],
    progQ: ["Who is {P}'s tutor?", "What is {P} able to do in Japanese now?"], multi: "Who tutors {P} in the language {sub} started learning?", when: "When did {P} start learning Japanese?",
  },
  {
    ask: "Are you still going to salsa?", start: ["My friend {t} dragged me to a salsa class and I'm completely hooked.", "I tried a salsa class with {t} on Thursday and now I can't stop dancing in the kitchen."],
    startQ: ["What dance style is {P} learning?", "Who got {P} into salsa?"],
    prog: ["Every week! We performed at the studio showcase on Saturday and I only stepped on one foot.", "Yes, and we did our first showcase on Saturday. Nobody fell over, which is a win."],
    progQ: ["How did {P}'s first performance go?", "What did {P}'s dance class do on Saturday?"], multi: "How did the showcase go for the dance classes {P} started with {t}?", when: "When did {P} start going to salsa classes?",
  },
  {
    ask: "How's the woodworking?", start: ["I've started a woodworking course at the makerspace on weekends.", "I'm spending my Saturdays at the makerspace learning woodworking, I smell like sawdust."],
    startQ: ["What hands-on hobby did {P} start?", "Where does {P} do woodworking?"],
    prog: ["I finished my first piece, a walnut side table! {t}, the instructor, barely had to fix it.", "Done my first real piece: a little walnut side table. {t} says the joints are solid."],
    progQ: ["What did {P} build?", "Who is {P}'s woodworking instructor?"], multi: "What furniture did {P} make in the course {sub} took at the makerspace?", when: "When did {P} start woodworking?",
  },
  {
    ask: "Still painting every evening?", start: ["I picked up watercolours again, I paint every evening after dinner.", "I've been doing a watercolour a day, mostly sad-looking trees."],
    startQ: ["What art form did {P} return to?", "What does {P} paint with?"],
    prog: ["Yes, and one of my harbour paintings got picked for an exhibition at {t}'s café!", "Mostly. {t} saw my harbour painting and asked to hang it in her café."],
    progQ: ["Where is {P}'s painting being shown?", "Whose café is showing {P}'s work?"], multi: "Where is {P} exhibiting the hobby work {sub} started after dinner?", when: "When did {P} start painting watercolours again?",
  },
  {
    ask: "How are the piano lessons?", start: ["I started piano lessons at thirty-something. Better late than never.", "I bought a cheap keyboard and booked piano lessons, my neighbours are thrilled."],
    startQ: ["What instrument is {P} learning?", "What lessons did {P} book?"],
    prog: ["{t} has me learning a Chopin nocturne for the studio recital, wish me luck.", "Hard! But {t}, my teacher, thinks I can play a Chopin nocturne at the recital."],
    progQ: ["What will {P} play at the recital?", "Who is {P}'s teacher?"], multi: "What piece is {P} preparing on the instrument {sub} started learning?", when: "When did {P} start piano lessons?",
  },
  {
    ask: "How's chess club?", start: ["I joined a chess club that meets at the library on Thursdays.", "I signed up for the Thursday chess club at the library, it's all retirees and teenagers."],
    startQ: ["What club did {P} join?", "Where does {P}'s chess club meet?"],
    prog: ["I won my first tournament game! Beat a twelve-year-old called {t}, who was furious.", "Great, I finally won a rated game, against a kid named {t} who did not take it well."],
    progQ: ["Who did {P} beat in {pos} first win?", "How did {P}'s first tournament game go?"], multi: "Who did {P} beat at the club {sub} joined at the library?", when: "When did {P} join the chess club?",
  },
];
interface Health { whenFollow?: boolean; pre?: string; askFact: string; fact: string[]; factQ: string[]; askFollow: string; follow: string[]; followQ: string[]; when: string; other: string }
const HEALTH: Health[] = [
  {
    pre: "I still need to book my dentist appointment, I've been putting it off for months.", askFact: "Did you finally make it to the dentist?",
    fact: ["I did, and the news isn't great: I need a crown on my back molar.", "Yes. Apparently I need a crown on a back molar, my wallet is crying."],
    factQ: ["What dental work does {P} need?", "What did the dentist tell {P}?"], askFollow: "How's the tooth?",
    follow: ["Crown got fitted on Monday, I can finally chew on both sides again.", "All fixed! The crown went in on Monday and I celebrated with a steak."],
    followQ: ["Can {P} chew normally again?"], whenFollow: true, when: "When did {P} get the crown fitted?", other: "You're making me realise I haven't seen a dentist in two years.",
  },
  {
    askFact: "Why are you on crutches in your photo?", fact: ["Five-a-side football happened. I rolled my ankle going for a header.", "I rolled my ankle playing five-a-side football, it's the size of a grapefruit."],
    factQ: ["How did {P} hurt {pos} ankle?", "What sport was {P} playing when {sub} got injured?"], askFollow: "How's the ankle?",
    follow: ["The physio says two more weeks of no running, which is torture.", "Better, but the physio wants two more weeks before I run again."],
    followQ: ["What did the physio tell {P}?", "How much longer does {P} have to avoid running?"], when: "When did {P} sprain {pos} ankle?", other: "I twisted my ankle once on a night out, it took ages to heal.",
  },
  {
    pre: "These headaches are back again, third one this week.", askFact: "Did you ever get to the bottom of the headaches?",
    fact: ["Yes! Turns out it was my eyes. I'm getting glasses for the first time.", "Mystery solved: my eyesight. I need glasses, apparently I've needed them for years."],
    factQ: ["What was causing {P}'s headaches?", "Why does {P} need to visit an optician?"], askFollow: "Did you pick up the new glasses?",
    follow: ["Yes, tortoiseshell frames! Everything is so sharp, trees have individual leaves.", "I did, I went for round tortoiseshell frames. I can read road signs again."],
    followQ: ["What frames did {P} choose?"], when: "When did {P} find out {sub} needed glasses?", other: "My headaches always turn out to be dehydration, honestly.",
  },
  {
    askFact: "Wait, why is your arm in a cast?", fact: ["I fell off my bike on the way to work and fractured my wrist. Six weeks in a cast.", "Cycled into a pothole on my commute and broke my wrist. Six weeks of cast."],
    factQ: ["How did {P} break {pos} wrist?", "What happened to {P} on {pos} commute?"], askFollow: "Is the cast off yet?",
    follow: ["Came off yesterday! My arm looks like a sad pale noodle.", "Finally, yesterday. The arm underneath is pale and hairy and weak."],
    followQ: ["What did {P}'s arm look like when the cast came off?"], when: "When did {P} break {pos} wrist?", other: "I broke my arm as a kid falling off a trampoline, so I feel your pain.",
  },
  {
    pre: "My eyes have been streaming all week, no idea why.", askFact: "Did the allergy test show anything?",
    fact: ["The allergist confirmed it: I'm allergic to birch pollen.", "Yep, birch pollen. Of all the trees, it had to be the one outside my window."],
    factQ: ["What is {P} allergic to?", "What did {P}'s allergy test reveal?"], askFollow: "Any better with the allergy?",
    follow: ["The new antihistamine is working, I can actually go outside again.", "Much better, the new antihistamine spray is a miracle."],
    followQ: ["What is helping {P} with {pos} allergy?"], when: "When did {P} find out about {pos} allergy?", other: "My allergies only ever act up around cats.",
  },
  {
    askFact: "What did the MRI say about your knee?", fact: ["Torn meniscus, so I'm having keyhole surgery soon.", "The scan showed a torn meniscus. Keyhole surgery, apparently it's routine."],
    factQ: ["What did {P}'s knee scan show?", "What surgery does {P} need?"], askFollow: "How did the knee surgery go?",
    follow: ["It went fine! I'm hobbling around in a very fancy brace.", "Smoothly, I was home the same day with a brace and a lot of ice."],
    followQ: ["How is {P} recovering from {pos} operation?"], whenFollow: true, when: "When did {P} have knee surgery?", other: "My dad had the same knee thing years ago and he's fine now.",
  },
  {
    askFact: "Why were you off work?", fact: ["My back went out lifting a box of books. I spent two days lying on the floor.", "I lifted a box of books badly and my back just gave out, two days on the floor."],
    factQ: ["How did {P} hurt {pos} back?", "Why did {P} miss work?"], askFollow: "Is your back better?",
    follow: ["Loads better. A physio called {t} fixed me in three sessions, she's a magician.", "Yes, thanks to {t}, this physio my neighbour recommended. Three sessions and I'm upright."],
    followQ: ["Who helped {P} recover from the back injury?", "How many physio sessions did {P} need?"], when: "When did {P} hurt {pos} back?", other: "My back has been stiff lately too, it must be the sofa.",
  },
];
interface Purchase { pre: string; buy: string[]; buyQ: string[]; askIssue: string; issue: string[]; issueQ: string[]; multi: string; when: string; other: string }
const PURCHASES: Purchase[] = [
  {
    pre: "I've been scrolling car listings all week, my eyes hurt.", buy: ["We finally bought a car! A used Subaru Outback, dark green, way too many miles.", "Say hello to our new-to-us Subaru Outback. Dark green, slightly dented, perfect."],
    buyQ: ["What car did {P} buy?", "What colour is {P}'s car?"], askIssue: "How's the new car treating you?",
    issue: ["The air conditioning died on the motorway. On the hottest day, naturally.", "The AC just stopped working mid-motorway. We drove home with all the windows down."],
    issueQ: ["What went wrong with {P}'s car?"], multi: "What broke on the Subaru {P} bought?", when: "When did {P} buy the Subaru?", other: "I should really look for a car too, the bus is killing me.",
  },
  {
    pre: "I'm this close to buying a proper espresso machine.", buy: ["I caved and bought a secondhand Gaggia espresso machine. My mornings are transformed.", "Bought a used Gaggia espresso machine off a neighbour. I'm a barista now."],
    buyQ: ["What kitchen appliance did {P} buy?", "What brand is {P}'s espresso machine?"], askIssue: "How's the coffee situation?",
    issue: ["Tragic. It started leaking all over the counter, so it's at the repair shop.", "It sprang a leak and flooded the counter. Repair shop says ten days."],
    issueQ: ["What happened to {P}'s coffee machine?"], multi: "What went wrong with the Gaggia {P} bought?", when: "When did {P} buy the espresso machine?", other: "I've given up on fancy coffee, instant is fine for me.",
  },
  {
    pre: "I keep looking at e-bikes online, it's becoming a problem.", buy: ["I bought an e-bike! It's bright orange and I'm obsessed.", "I did it, I got the orange e-bike. Hills are no longer my enemy."],
    buyQ: ["What did {P} buy to get around?", "What colour is {P}'s e-bike?"], askIssue: "Still loving the bike?",
    issue: ["Someone stole the front wheel outside the supermarket. Just the wheel!", "I was, until someone nicked the front wheel outside the supermarket."],
    issueQ: ["What was stolen from {P}?"], multi: "What happened to the orange e-bike {P} bought?", when: "When did {P} buy the e-bike?", other: "I keep meaning to fix my old bike but never do.",
  },
  {
    pre: "Our sofa is falling apart, we need a new one.", buy: ["The new sofa finally arrived! A huge mustard-yellow corduroy thing.", "We bought a sofa: mustard-yellow corduroy, enormous, ridiculous, I love it."],
    buyQ: ["What furniture did {P} buy?", "What colour is {P}'s new sofa?"], askIssue: "How's the new sofa?",
    issue: ["Funny story: it doesn't fit through the living room door, so it lives in the hallway.", "Still in the hallway, because it doesn't fit through the living room door."],
    issueQ: ["Why is {P}'s sofa in the hallway?"], multi: "What was the problem with the mustard sofa {P} bought?", when: "When did {P}'s new sofa arrive?", other: "We've had the same sofa for ten years, it's basically a pancake.",
  },
  {
    pre: "I've been reading about old film cameras way too much.", buy: ["I bought a secondhand Pentax film camera from the seventies!", "Got myself a 1970s Pentax film camera at a flea market, it clunks beautifully."],
    buyQ: ["What kind of camera did {P} buy?", "How old is {P}'s film camera?"], askIssue: "Did you develop your first roll?",
    issue: ["It came back completely blank, I hadn't loaded the film properly.", "Yes, and every single frame was blank. I loaded it wrong."],
    issueQ: ["What happened to {P}'s first roll of film?"], multi: "How did the first roll from {P}'s Pentax turn out?", when: "When did {P} buy the film camera?", other: "I only take photos on my phone, I'm hopeless with cameras.",
  },
  {
    pre: "My back is begging me for a standing desk.", buy: ["My standing desk arrived. Assembling it took four hours and two arguments.", "Bought a standing desk at last, it took me four hours to build."],
    buyQ: ["What did {P} buy for {pos} home office?", "How long did {P} spend assembling {pos} desk?"], askIssue: "Are you standing at your desk right now?",
    issue: ["I have no choice, the motor died and it's stuck at standing height.", "Forever, the motor broke with it raised all the way up."],
    issueQ: ["What is wrong with {P}'s desk?"], multi: "What broke on the standing desk {P} bought?", when: "When did {P}'s standing desk arrive?", other: "I just work from the sofa, which my back hates.",
  },
];
interface Goal { askGoal: string; announce: string[]; goalQ: string[]; askRes: string; result: string[]; resQ: string[]; multi: string; when: string }
const GOALS: Goal[] = [
  {
    askGoal: "Any big goals for this year?", announce: ["I signed up for a half marathon. I've never run more than 5k, so wish me luck.", "Running a half marathon. Training plan is on the fridge, no backing out now."],
    goalQ: ["What race did {P} sign up for?", "What running goal did {P} set?"], askRes: "Wait, was the race this weekend?",
    result: ["Yes!! Finished in 2 hours 4 minutes and cried at the finish line.", "It was! 2:04 on the clock, and I could not walk the next day."],
    resQ: ["What was {P}'s finishing time?", "How long did it take {P} to complete the half marathon?"], multi: "Did {P} complete the race {sub} signed up for, and in what time?", when: "When did {P} run the half marathon?",
  },
  {
    askGoal: "What are you saving all that money for?", announce: ["A house deposit. The goal is twenty thousand by the end of next year.", "Twenty thousand for a house deposit, that's the plan."],
    goalQ: ["What is {P} saving for?", "How much money is {P} trying to save?"], askRes: "How's the saving going?",
    result: ["We hit the target! We put in an offer on a tiny terraced house.", "Done, target reached! And we've made an offer on a little terraced house."],
    resQ: ["What kind of house did {P} make an offer on?"], multi: "Did {P} reach {pos} savings goal, and what did {sub} do next?", when: "When did {P} reach {pos} savings target?",
  },
  {
    askGoal: "What's your big project at the moment?", announce: ["I'm finally learning to swim properly, adult lessons at the leisure centre.", "Adult swimming lessons! I'm thirty and I still can't do front crawl."],
    goalQ: ["What is {P} learning at the leisure centre?", "What skill is {P} working on as an adult?"], askRes: "How's the swimming?",
    result: ["I swam fifty lengths without stopping today!", "Fifty lengths, no stopping, no floats. I'm a fish now."],
    resQ: ["How many lengths did {P} swim?"], multi: "How far can {P} swim now after the lessons {sub} started?", when: "When did {P} swim fifty lengths?",
  },
  {
    askGoal: "Are you still training for something?", announce: ["Yes, I want to climb Mount Toubkal. Training starts now.", "Toubkal! The highest peak in North Africa. I'm doing stair sessions every night."],
    goalQ: ["Which mountain does {P} want to climb?", "What is {P} training for?"], askRes: "Did you make it to the top?",
    result: ["We made it to the summit at sunrise! I cried, obviously.", "Summit at sunrise, freezing, best moment of my life."],
    resQ: ["When in the day did {P} reach the summit?"], multi: "Did {P} reach the top of the mountain {sub} trained for?", when: "When did {P} summit Toubkal?",
  },
  {
    askGoal: "Any resolutions this year?", announce: ["Thirty books before the year ends. I'm tracking them in a little notebook.", "Read thirty books this year. I'm writing every title in a notebook."],
    goalQ: ["How many books does {P} want to read this year?", "What is {P}'s reading goal?"], askRes: "How's the reading challenge?",
    result: ["Book thirty, done! Way ahead of schedule.", "Finished number thirty on Sunday, the notebook is full."],
    resQ: ["Did {P} finish {pos} reading challenge?"], multi: "Did {P} hit the number of books {sub} aimed for?", when: "When did {P} finish {pos} thirtieth book?",
  },
];
interface Course { askEnroll: string; enroll: string[]; enrollQ: string[]; askDone: string; done: string[]; doneQ: string[]; multi: string; when: string }
const COURSES: Course[] = [
  {
    askEnroll: "What have you been up to in the evenings?", enroll: ["I signed up for a bookkeeping course at the community college. Tuesdays and Thursdays.", "Evening classes! Bookkeeping, at the community college."],
    enrollQ: ["What course did {P} enrol in?", "What is {P} studying at night?"], askDone: "Did you get your results?",
    done: ["Passed with 91 percent! Framing the certificate immediately.", "91 percent! I passed! I'm a certified numbers person."],
    doneQ: ["What score did {P} get?", "Did {P} pass {pos} exam?"], multi: "What mark did {P} get in the course {sub} took at the community college?", when: "When did {P} pass the bookkeeping course?",
  },
  {
    askEnroll: "Busy weekend?", enroll: ["I'm doing a first-aid certification through the Red Cross, two full weekends.", "Very. I'm doing a Red Cross first-aid course, all weekend, two weekends."],
    enrollQ: ["What certification is {P} working on?", "Which organisation runs {P}'s course?"], askDone: "Are you officially certified now?",
    done: ["Yes! I can now do CPR on a very judgmental plastic dummy.", "I am! Passed the practical on Sunday, the dummy survived."],
    doneQ: ["What can {P} do now?"], multi: "Did {P} pass the course {sub} took with the Red Cross?", when: "When did {P} get {pos} first-aid certificate?",
  },
  {
    askEnroll: "Learning anything new?", enroll: ["I started an online Python course, twenty minutes every morning before work.", "Python! An online course, I do a lesson every morning with my coffee."],
    enrollQ: ["What programming language is {P} learning?", "When does {P} study {pos} online course?"], askDone: "Did you finish the coding course?",
    done: ["I did! My final project was a little app that reminds me to water my plants.", "Finished it last week. My final project tracks when to water each plant."],
    doneQ: ["What was {P}'s final project?"], multi: "What did {P} build at the end of the online course {sub} started?", when: "When did {P} finish the Python course?",
  },
  {
    askEnroll: "What's on your calendar these days?", enroll: ["I enrolled in a British Sign Language course, level one, Monday nights.", "Monday nights I'm learning sign language now, level one BSL."],
    enrollQ: ["What language course is {P} taking?", "What does {P} do on Monday nights?"], askDone: "How did the sign language assessment go?",
    done: ["Passed level one! My teacher {t} says I'm a natural.", "I passed! {t}, my teacher, signed 'proud of you' at me and I nearly cried."],
    doneQ: ["Who is {P}'s sign language teacher?", "Did {P} pass level one?"], multi: "Did {P} pass the course {sub} takes on Monday nights?", when: "When did {P} pass BSL level one?",
  },
  {
    askEnroll: "Doing anything for yourself lately?", enroll: ["I joined a night class in photography, we're learning manual mode.", "A photography night class! Finally learning what all the camera buttons do."],
    enrollQ: ["What night class did {P} join?", "What is {P} learning at night school?"], askDone: "How did the photography class end?",
    done: ["Our final project went in a small exhibition, mine was a portrait of my neighbour's dog.", "We had a little exhibition, and mine was a portrait of the neighbour's dog."],
    doneQ: ["What was {P}'s final photo of?"], multi: "What subject did {P} pick for the final project of {pos} night class?", when: "When did {P}'s photography class finish?",
  },
];
interface Trait { id: string; prompts: string[]; lines: string[]; qs: string[]; excl: string[] }
const TRAITS: Trait[] = [
  { id: "nature", prompts: ["Any plans for the long weekend?", "Do you ever miss living near the countryside?"], lines: ["Hoping to get out of town. Nature is the only place I really recharge.", "Give me a forest and no phone signal and I'm the happiest person alive.", "Whenever I'm stressed I go and find some trees. Works every time."], qs: ["Would {P} enjoy a weekend camping trip?", "Would {P} prefer a cabin in the woods or a hotel downtown?", "Would a hiking holiday suit {P}?"], excl: [] },
  { id: "veg", prompts: ["Want to try that new burger place on Friday?", "What are you bringing to the barbecue?"], lines: ["I haven't eaten meat since college, so I'll just have the halloumi.", "You know I've been off meat for about ten years now, right? Veggie skewers for me.", "Meat's not my thing, hasn't been since I was nineteen."], qs: ["Would {P} order the steak at a restaurant?", "Is {P} likely to be vegetarian?", "Would {P} enjoy a pulled pork sandwich?"], excl: ["trips", "health0"] },
  { id: "fly", prompts: ["You should fly out and visit me!", "You should come visit, flights are so cheap right now!"], lines: ["I'd honestly rather take a twelve-hour train than get on a plane. My hands sweat thinking about takeoff.", "Planes and me don't mix. Last time I gripped the armrest so hard I bruised my hand."], qs: ["How would {P} prefer to travel a long distance?", "Would {P} be comfortable on a long-haul flight?"], excl: ["trips"] },
  { id: "crowds", prompts: ["Are you coming to the street party on Saturday?", "There's a huge festival in the park soon, want to go?"], lines: ["Big crowds wear me out. I'd rather have two friends over and cook.", "Loud packed places make me want to hide, honestly. Small dinners are more my speed."], qs: ["Would {P} enjoy a packed music festival?", "What kind of birthday celebration would {P} prefer?"], excl: ["concerts"] },
  { id: "cold", prompts: ["Fancy a winter trip to the Alps?", "Want to come skiing with us next year?"], lines: ["Anything below ten degrees and I'm miserable. I'm a summer person through and through.", "I'm wearing two jumpers indoors right now. I really can't do winter."], qs: ["Would {P} enjoy a ski holiday?", "Would {P} rather spend December somewhere warm or somewhere snowy?"], excl: ["trips"] },
  { id: "dairy", prompts: ["I'm making my famous mac and cheese for the potluck.", "Ice cream after work?"], lines: ["Dairy and I broke up years ago, my stomach just can't handle it.", "Sadly anything with milk in it wrecks me, so count me out of the ice cream."], qs: ["Would a cheesecake be a good birthday present for {P}?", "Can {P} eat a creamy carbonara without problems?"], excl: ["trips", "sweet"] },
  { id: "early", prompts: ["Sorry for the early message, were you awake?", "Did you see the match last night? It went on till midnight."], lines: ["I'm up at 5:30 every day without an alarm. The quiet before everyone wakes is my favourite time.", "I'm always asleep by ten and up before the sun. Honestly, it's the best."], qs: ["Is {P} a morning person?", "Would {P} be up for a sunrise hike?"], excl: ["owl"] },
  { id: "owl", prompts: ["Why were you online at 3am?", "Want to grab breakfast at seven tomorrow?"], lines: ["I do my best thinking after midnight. Mornings should be illegal.", "I'm a total night owl, please don't talk to me before ten."], qs: ["Would {P} enjoy a 6am yoga class?", "Is {P} an early riser?"], excl: ["early"] },
  { id: "horror", prompts: ["Any good movie recommendations?", "What did you get up to on Friday night?"], lines: ["The scarier the better. I watched three horror films back to back on Friday.", "I love being terrified, horror films are my comfort viewing."], qs: ["Would {P} enjoy a haunted house attraction?", "What kind of film would {P} pick for a movie night?"], excl: [] },
  { id: "sweet", prompts: ["I made brownies, want some?", "Dessert or starter?"], lines: ["Always dessert. I could skip dinner entirely if there was cake.", "You know me, I have the sweet tooth of a six-year-old."], qs: ["Would {P} appreciate a box of pastries as a gift?", "Would {P} rather order from the dessert menu or skip it?"], excl: ["dairy"] },
  { id: "sober", prompts: ["Drinks after work on Thursday?", "We're doing a wine night, you in?"], lines: ["I'm in, but I'll be on lemonade. I stopped drinking two years ago and feel amazing.", "I don't drink anymore, but I'll happily come for the snacks."], qs: ["Would {P} enjoy a wine tasting tour?", "Would a bottle of whisky be a good gift for {P}?"], excl: [] },
  { id: "seasick", prompts: ["We're thinking of a boat trip for my birthday!", "Want to come on the ferry out to the island?"], lines: ["Boats are a hard no for me. I get sick even on the little harbour ferry.", "I'll meet you on land! Anything that rocks makes me ill within minutes."], qs: ["Would {P} enjoy a whale-watching cruise?", "Should {P} be invited on a sailing weekend?"], excl: ["trips"] },
  { id: "spicy", prompts: ["I made a curry but I think I overdid the chilli.", "Mild, medium or hot wings?"], lines: ["Overdid it? Impossible. I put chilli oil on basically everything, even eggs.", "Hot, always. The spicier the better, I want to cry a little."], qs: ["Would {P} like a fiery Sichuan hotpot?", "Would {P} find a mild korma too bland?"], excl: [] },
  { id: "catallergy", prompts: ["My friend needs someone to watch her cats next week, interested?", "My aunt's cat just had kittens, want one?"], lines: ["I would, but cats make my eyes swell shut. Allergic since I was a kid.", "I can't even sit on a sofa a cat has been on without sneezing for an hour."], qs: ["Would {P} be comfortable house-sitting for someone with three cats?", "Is a kitten a good gift for {P}?"], excl: ["cat"] },
  { id: "frugal", prompts: ["Treat yourself! You deserve it.", "Did you see the new phones? So tempting."], lines: ["I track every coffee in a spreadsheet. Saving every penny I can right now.", "I'm very boring with money, everything goes straight into savings."], qs: ["Would {P} splurge on a designer handbag?", "Is {P} likely to buy the newest phone the day it comes out?"], excl: ["purchase"] },
  { id: "competitive", prompts: ["Board game night at mine on Saturday?", "It's just a friendly pub quiz, don't stress!"], lines: ["I'm in, but I don't do casual. If we're playing, I'm playing to win.", "There's no such thing as a friendly quiz. I take trivia extremely seriously."], qs: ["Is {P} competitive?", "How would {P} behave during a relaxed game night?"], excl: [] },
  { id: "museum", prompts: ["Beach holiday this year?", "What's your ideal rainy Sunday?"], lines: ["Give me a rainy day in a museum over a beach any time. I could read plaques for hours.", "I'm a total history nerd. I spent four hours in the local museum last weekend."], qs: ["Would {P} prefer a beach resort or a city full of museums?", "Would {P} enjoy a guided tour of a medieval castle?"], excl: [] },
  { id: "dogfear", prompts: ["My neighbour's bringing her Great Dane to the picnic!", "Want to come to the dog park with me and my cousin's puppy?"], lines: ["Honestly, big dogs terrify me. One bit me when I was seven and I still cross the street.", "I'll pass, dogs make me really nervous ever since I got bitten as a kid."], qs: ["Would {P} want to dog-sit a large dog?", "Would {P} enjoy volunteering at an animal shelter walking dogs?"], excl: ["dog"] },
];
const TRAIT_REACT = ["Ha, fair enough!", "Noted, I'll remember that.", "Okay, that's very you.", "Haha, no judgement.", "Ha, I should have known.", "Totally fair."];

// ---------------------------------------------------------------- storylines
function storyJob(c: Conv, P: Person, full: boolean, jobs: Bag<Job>, jobs2: Bag<string>, cities: Bag<string>, coworkers: Bag<Cowork>) {
  const O = P.other;
  const j = jobs.take();
  const S = c.S;
  const s0 = c.slot(0, 2);
  const intro = say(P, pick([`Still ${an(j.title)} at ${j.at}, ${j.detail}.`, `Same as ever. I'm still the ${j.title} at ${j.at}, ${j.detail}.`, `Busy! Life as ${an(j.title)} at ${j.at}: ${j.detail}.`]));
  c.add(s0, [ask(O, pick(["How's work treating you these days?", "How's the job going?", "Still surviving at work?"])), intro, fl(O, INFO)]);
  // coworker
  const cw = c.third();
  const k = coworkers.take();
  const vars = { P: P.name, sub: P.sub, pos: P.pos, cw };
  const s1 = c.slot(1, full ? 5 : S - 3, [s0]);
  const cwT = say(P, fill(pick(k.t), vars));
  const plan = say(P, pick(k.plan));
  c.add(s1, [cwT, fl(O, k.react), ask(O, pick(k.ask)), plan, fl(O, ENCOURAGE), fl(P, THANKS)]);
  c.q("single-hop", fill(pick(k.q), vars), [cwT]);
  c.q("single-hop", fill(pick(k.planQ), vars), [plan]);
  c.qPeriod(c.date(s1), c.date(s1), [], (p) => `Which colleague did ${P.name} talk about ${p}?`, [cwT]);
  if (!full) {
    c.q("single-hop", pick([`What does ${P.name} do for a living?`, `Where does ${P.name} work?`]), [intro]);
    c.q("temporal", fill(k.when, vars), [cwT]);
    return;
  }
  // quit, new job, move
  const sq = c.slot(s1 + 2, S - 6);
  const j2 = jobs2.take();
  const city = cities.take();
  let quit: Turn;
  const qb: Turn[] = [];
  if (chance(0.5)) {
    quit = say(P, pick([`I did it. I handed in my notice at ${j.at} this morning.`, `Big news: I quit ${j.short}! My last day is in two weeks.`]));
    qb.push(quit, fl(O, ["Whoa! Good for you.", "Oh my god, finally!", "Wait, seriously?! Wow."]));
  } else {
    const [qa, qt] = pick([[`Wait, are you still at ${j.at}?`, "Not for long! I resigned on Monday."], [`How are things at ${j.short}?`, "Actually, I handed in my notice yesterday!"]]);
    quit = say(P, qt);
    qb.push(ask(O, qa), quit, fl(O, ["Whoa! Good for you.", "No way! Finally!"]));
  }
  const reason = say(P, pick([`Honestly? ${cap(j.reason)}. I was running on empty.`, `${cap(j.reason)}, and I finally admitted it to myself.`]));
  qb.push(ask(O, pick(["What made you finally decide?", "What was the last straw?"])), reason, dis(P, "And I might be moving too, but more on that later."), fl(O, CURIOUS), fl(P, VAGUE));
  c.add(sq, qb);
  const sn = c.slot(sq + 1, sq + 4);
  const newT = say(P, pick([`Loving it. Being ${an(j2)} feels like a different life.`, `So far so good! I'm ${an(j2)} now, and nobody emails me after six.`]));
  P.wins.push(c.date(sn));
  c.add(sn, [ask(O, pick(["So how's the new job?", "First week at the new place done! Tell me everything."])), newT, fl(O, POS)]);
  const sm = c.slot(sq + 1, S - 1, [sn]);
  let move: Turn;
  if (chance(0.5)) {
    move = say(P, pick([`Officially a ${city} resident as of Saturday! The flat still smells like fresh paint.`, `We did it, we moved to ${city}. Boxes everywhere, but the light here is amazing.`]));
    c.add(sm, [move, fl(O, POS), ask(O, "How's the neighbourhood?"), say(P, pick(["Quiet, lots of trees, a great bakery on the corner.", "Loud, but in a fun way. There's a market every Sunday."]), "distractor")]);
  } else {
    move = say(P, pick([`It did! We're in ${city} now, two streets from the river.`, `Yep, lease signed and everything. ${city}, here I am.`]));
    c.add(sm, [ask(O, pick(["So, did the move actually happen?", "Are you all moved in?"])), move, fl(O, POS)]);
  }
  c.q("single-hop", pick([`What was ${P.name}'s job before ${P.sub} changed careers?`, `What did ${P.name} do at ${j.name}?`]), [intro]);
  c.q("single-hop", pick([`Why did ${P.name} quit ${P.pos} job at ${j.name}?`, `What made ${P.name} leave ${j.short}?`]), [reason]);
  c.q("single-hop", pick([`What is ${P.name}'s new job?`, `What does ${P.name} do now after the career change?`]), [newT]);
  c.q("single-hop", pick([`Where did ${P.name} move to?`, `Which city does ${P.name} live in now?`]), [move]);
  c.q("multi-hop", `Which city did ${P.name} move to after quitting ${j.short}?`, [quit, move]);
  c.q("multi-hop", `What job did ${P.name} take after leaving ${j.name}?`, [quit, newT]);
  c.q("temporal", pick([`When did ${P.name} quit ${P.pos} job at ${j.name}?`, `When did ${P.name} hand in ${P.pos} notice?`]), [quit]);
  c.q("temporal", `When did ${P.name} move to ${city}?`, [move]);
  c.q("temporal", `When did ${P.name} start ${P.pos} new job?`, [newT]);
  c.qPeriod(c.date(sq), c.date(sq), [c.date(sn), c.date(sm), c.date(s1)], (p) => `What career news did ${P.name} share ${p}?`, [quit]);
}

function storyPet(c: Conv, P: Person, pets: Bag<string>) {
  const O = P.other;
  const S = c.S;
  const isDog = chance(0.6);
  const sp = isDog ? "dog" : "cat";
  P.flags.add(sp);
  const name = pets.take();
  const fem = chance(0.5);
  const ps = fem ? "she" : "he", po = fem ? "her" : "him", pp = fem ? "her" : "his";
  const breed = pick(isDog ? DOG_BREEDS : CAT_BREEDS);
  const sa = c.slot(0, Math.floor(S * 0.3));
  const adoptB: Turn[] = [];
  let adopt: Turn, breedT: Turn;
  if (chance(0.5)) {
    adopt = say(P, pick([`Big news: I adopted a ${sp} from the shelter this weekend! ${cap(ps)}'s called ${name}.`, `So I did a thing... I brought home a ${sp} on Saturday. ${cap(pp)} name is ${name}.`, `Meet the newest member of the household: ${name}, the ${sp} I adopted on Sunday.`]));
    breedT = say(P, `A ${breed}, ${pick(PET_AGE)}.`);
    adoptB.push(adopt, fl(O, ["Stop it, that's adorable!", "No way!! Send pictures immediately.", "Oh my heart. Congratulations!"]), ask(O, pick([`What kind of ${sp}?`, "What breed??"])), breedT);
  } else {
    const [pa, pt] = pick([
      [`Wait, is that a ${sp} I hear in the background?`, `Yes! I adopted ${po} last week. That's ${name}, my new ${sp}.`],
      [`Wait, is that a ${sp} I hear in the background?`, `Ha, you heard that? That's ${name}! I adopted a ${sp} from the shelter.`],
      ["Who is that in your new profile picture?!", `That's ${name}! I adopted ${po} from the shelter last week, my first ${sp}.`],
    ]);
    adopt = say(P, pt);
    breedT = say(P, pick([`${cap(ps)}'s a ${breed}, ${pick(PET_AGE)}.`, `Total ${breed}, ${pick(PET_AGE)}, and already the boss of me.`]));
    adoptB.push(ask(O, pa), adopt, fl(O, POS), ask(O, "What breed?"), breedT);
  }
  const quirk = pick(QUIRKS);
  const vars = { sub: ps, obj: po, pos: pp, P: P.name, sp, name };
  const quirkT = say(P, pick([`Really well! Though ${fill(quirk.t, vars)}.`, `${cap(fill(quirk.t, vars))}, but otherwise perfect.`]));
  adoptB.push(ask(O, `How's ${name} settling in?`), quirkT, fl(O, INFO));
  c.add(sa, adoptB);
  const ill = pick(ILLS.filter((i) => !i.sp || i.sp === sp));
  const illS = fill(ill.ill, vars);
  const sb = c.slot(sa + 3, sa + 7);
  const sick = say(P, pick([`Honestly, not great. The vet found ${illS}, so ${ps} needs ${ill.treat}.`, `Rough week. We ended up at the emergency vet: ${illS}. Now ${ps} needs ${ill.treat}.`]));
  c.add(sb, [ask(O, pick([`How's ${name} doing?`, `Give ${name} a cuddle from me! How's ${ps} been?`])), sick, fl(O, SAD), fl(P, THANKS)]);
  const sc = c.slot(sb + 1, sb + 3);
  const rec = say(P, pick([`All better! The vet signed ${po} off on Friday and ${ps} celebrated by ${isDog ? "rolling in mud" : "knocking everything off my desk"}.`, `Back to full chaos, thankfully. You'd never know ${ps} was ill.`]));
  c.add(sc, [ask(O, pick([`Is ${name} feeling better?`, `How's the patient?`])), rec, fl(O, POS)]);
  // distractor mentions of the pet in other sessions
  for (const s of shuffle([...Array(S).keys()].filter((s) => s > sa && ![sb, sc].includes(s))).slice(0, 2))
    c.add(s, [pick([dis(P, `Sorry, ${name} just knocked my tea over. Where was I?`), dis(O, `Give ${name} a scratch behind the ears from me!`), dis(P, `${name} says hi, by the way.`)])]);
  c.q("single-hop", pick([`What breed is ${P.name}'s ${sp}?`, `What kind of ${sp} did ${P.name} adopt?`]), [breedT]);
  c.q("single-hop", pick([`What is the name of ${P.name}'s ${sp}?`, `What did ${P.name} call the ${sp} ${P.sub} adopted?`]), [adopt]);
  c.q("single-hop", fill(pick(quirk.q), vars), [quirkT]);
  c.q("single-hop", pick([`What health problem did ${name} have?`, `Why did ${P.name} have to take ${name} to the vet?`]), [sick]);
  c.q("single-hop", `Did ${P.name}'s ${sp} recover from ${fill(ill.short, vars)}?`, [rec]);
  c.q("multi-hop", `What health problem did ${P.name}'s ${breed} have?`, [breedT, sick]);
  c.q("temporal", pick([`When did ${P.name} adopt ${name}?`, `When did ${P.name} get ${P.pos} ${sp}?`]), [adopt]);
  c.q("temporal", `When did ${name} get sick?`, [sick]);
  c.q("inference", `Would ${P.name} need a pet sitter if ${P.sub} went away for a week?`, [adopt]);
  const adoptions = [c.date(sa)];
  c.later.push(() => c.qPeriod(c.date(sa), c.date(sa), adoptions.slice(1), (p) => pick([`Which animal did ${P.name} adopt ${p}?`, `What new family member did ${P.name} bring home ${p}?`]), [adopt]));
  c.qPeriod(c.date(sb), c.date(sb), [c.date(sc)], (p) => `What was wrong with ${P.name}'s ${sp} ${p}?`, [sick]);
  if (chance(0.4)) {
    const sd = c.slot(sc + 1, S - 1);
    const n2 = pets.take();
    const sp2 = sp === "dog" ? "cat" : "dog";
    const b2 = pick(sp2 === "dog" ? DOG_BREEDS : CAT_BREEDS);
    const second = say(P, pick([`${name} has a little sibling now: a ${b2} ${sp2} called ${n2}!`, `Don't laugh, but I adopted another one. ${n2}, a ${b2} ${sp2}.`]));
    P.flags.add(sp2);
    adoptions.push(c.date(sd));
    c.add(sd, [second, fl(O, ["Oh no, you're becoming a zoo. I love it.", "Stop, that's too cute!"]), ask(O, `How is ${name} taking it?`), say(P, pick(["Deeply offended for two days, now they nap together.", "Sulking, but they'll be best friends soon."]), "distractor")]);
    c.q("multi-hop", `How many pets does ${P.name} have by the end?`, [adopt, second]);
    c.q("temporal", `When did ${P.name} get ${P.pos} second pet?`, [second]);
    c.q("single-hop", `What is the name of ${P.name}'s ${sp2}?`, [second]);
  }
}

function storyTrips(c: Conv, P: Person, trips: Bag<Trip>) {
  const O = P.other;
  const S = c.S;
  const n = 2 + (chance(0.35) ? 1 : 0);
  const made: { t: Trip; askT: Turn; foodT: Turn; sr: number; sp: number }[] = [];
  const seg = Math.floor(S / n);
  for (let k = 0; k < n; k++) {
    const t = trips.take();
    const sp = c.slot(k * seg, k * seg + 2);
    const sr = c.slot(sp + 2, Math.min(S - 1, (k + 1) * seg + 1), [sp]);
    const planT = say(P, pick([`We finally booked ${t.city}! Flights, hotel, everything.`, `Guess who's going to ${t.city}? Booked it last night.`, `${t.city} is happening! We booked it over lunch.`]));
    const lenT = say(P, `${pick(TRIP_LEN)}. I already have a spreadsheet, don't judge.`);
    P.buys.push(c.date(sp));
    c.add(sp, [planT, fl(O, ["Jealous! Amazing.", "Ahh, you're going to love it!", "No way, that's the dream."]), ask(O, pick(["How long are you going for?", "Ooh, for how long?"])), lenT, fl(O, INFO)]);
    const askT = ask(O, pick([`Welcome back! How was ${t.city}?`, `You're back from ${t.city}! Tell me everything.`, `Okay, I need the full ${t.city} report.`]));
    const foodT = say(P, pick([`Amazing! We ate ${t.food} every single night.`, `So good. I basically survived on ${t.food}.`, `Unreal. I think I had ${t.food} at least once a day.`]));
    const highT = say(P, pick([`The best part was ${t.high}.`, `Highlight for me was ${t.high}.`, `Nothing beats ${t.high}, though. I still think about it.`]));
    const misT = say(P, pick([`Only downside: ${t.mishap}.`, `Not everything went smoothly, ${t.mishap}.`, `The one disaster was that ${t.mishap}.`]));
    c.add(sr, [askT, foodT, fl(O, ["Okay I'm officially jealous.", "Stop, I'm so hungry now.", "That sounds incredible."]), highT, fl(O, ["That sounds magical.", "Wow. Goals.", "Okay, adding that to my list."]), misT, fl(O, SAD), fl(P, ["Ha, it's a good story now at least.", "Worth it though, all of it."])]);
    // mentions of the city in between or after, with no answer in them
    const sx = c.slot(sp + 1, sr - 1, [sp, sr]);
    if (sx !== sp && sx !== sr) c.add(sx, [dis(P, pick([`Only a few weeks until ${t.city}, I've started packing way too early.`, `Can't stop watching ${t.city} videos, I'm so ready.`]))]);
    c.q("single-hop", pick([`What did ${P.name} eat on ${P.pos} trip to ${t.city}?`, `What food did ${P.name} keep having in ${t.city}?`]), [foodT]);
    c.q("single-hop", pick([`What was the highlight of ${P.name}'s trip to ${t.city}?`, `What did ${P.name} enjoy most about ${t.city}?`]), [highT]);
    c.q("single-hop", pick([`What went wrong during ${P.name}'s ${t.city} trip?`, `Did anything go badly on ${P.name}'s visit to ${t.city}?`]), [misT]);
    c.q("single-hop", `How long was ${P.name}'s ${t.city} trip going to be?`, [lenT]);
    c.q("temporal", pick([`When did ${P.name} get back from ${t.city}?`, `When did ${P.name} go to ${t.city}?`]), [askT]);
    c.q("temporal", `When did ${P.name} book the trip to ${t.city}?`, [planT]);
    made.push({ t, askT, foodT, sr, sp });
    void highT;
  }
  for (const m of made) {
    const conflicts = made.filter((x) => x !== m).map((x) => c.date(x.sr)).concat(made.map((x) => c.date(x.sp)));
    const from = addDays(c.date(m.sr), -6);
    c.qPeriod(from, c.date(m.sr), conflicts, (p) => `What did ${P.name} eat on ${P.pos} trip ${p}?`, [m.foodT]);
    c.qPeriod(from, c.date(m.sr), conflicts, (p) => pick([`Where did ${P.name} travel ${p}?`, `Which city did ${P.name} visit ${p}?`]), [m.askT]);
  }
  const [a, b] = made;
  c.q("multi-hop", `Which trip did ${P.name} take first, ${b.t.city} or ${a.t.city}?`, [a.askT, b.askT]);
  c.q("multi-hop", `Which cities has ${P.name} travelled to?`, made.map((m) => m.askT));
}

function storyConcerts(c: Conv, P: Person, bands: Bag<string>) {
  const O = P.other;
  const S = c.S;
  const made: { band: string; turns: Turn[]; s: number; pre: number }[] = [];
  const n = 2 + (chance(0.3) ? 1 : 0);
  const seg = Math.floor(S / n);
  const details = new Bag(GIG_DETAILS);
  for (let k = 0; k < n; k++) {
    const band = bands.take();
    const det = details.take();
    const s = c.slot(k * seg + 2, (k + 1) * seg);
    const pre = c.slot(k * seg, s - 2, [s]);
    if (pre !== s) P.buys.push(c.date(pre));
    if (pre !== s) c.add(pre, [dis(P, pick([`I got tickets to see ${band}! Ages away, but still.`, `Guess who just scored ${band} tickets.`])), fl(O, POS)]);
    let bandT: Turn[], detT: Turn;
    if (chance(0.55)) {
      const a = ask(O, pick([`How was ${band} last night?`, `Sooo? How was the ${band} gig?`]));
      detT = say(P, pick([`Unreal. ${cap(det.t)}.`, `So good! ${cap(det.t)}, honestly.`]));
      bandT = [a];
      c.add(s, [a, detT, fl(O, ["Ahh I'm so jealous.", "That sounds like the best night.", "Okay, next time I'm coming."])]);
    } else {
      detT = say(P, pick([`Still buzzing from ${band} last night, ${det.t}!`, `Saw ${band} last night and ${det.t}. Still a great night.`]));
      bandT = [detT];
      c.add(s, [detT, fl(O, ["Ahh I'm so jealous.", "Wait, that's amazing!", "Okay, next time I'm coming."])]);
    }
    c.q("single-hop", fill(det.q, { band, P: P.name }), [detT]);
    c.q("temporal", `When did ${P.name} see ${band} live?`, bandT);
    made.push({ band, turns: bandT, s, pre });
  }
  for (const m of made) {
    const conflicts = made.filter((x) => x !== m).map((x) => c.date(x.s)).concat(made.map((x) => c.date(x.pre)));
    c.qPeriod(addDays(c.date(m.s), -1), c.date(m.s), conflicts, (p) => pick([`Which band did ${P.name} see live ${p}?`, `Which concert did ${P.name} go to ${p}?`]), m.turns);
  }
  c.q("multi-hop", pick([`Which bands has ${P.name} seen live?`, `Which concerts did ${P.name} go to?`]), made.flatMap((m) => m.turns));
}

function storyBooks(c: Conv, P: Person, books: Bag<(typeof BOOKS)[number]>) {
  const O = P.other;
  const S = c.S;
  const n = 2 + (chance(0.5) ? 1 : 0);
  const seg = Math.floor(S / n);
  const made: { t: Turn; s: number }[] = [];
  for (let k = 0; k < n; k++) {
    const b = books.take();
    const s = c.slot(k * seg, (k + 1) * seg - 1);
    const titleT = chance(0.5)
      ? say(P, pick([`${cap(b.genre)} called ${b.title}. I stayed up way too late with it.`, `I'm halfway through ${b.title}, ${b.genre}, and it's ruining my sleep.`]))
      : say(P, pick([`${b.title}! It's ${b.genre} and I can't put it down.`, `Finally reading ${b.title}. ${cap(b.genre)}, and so good.`]));
    const prem = say(P, `${b.premise}. Sounds weird, but it works.`);
    c.add(s, [ask(O, pick(["Reading anything good lately?", "What's on your nightstand right now?", "Any book recommendations?"])), titleT, ask(O, pick(["Ooh, what's it about?", "What's the story?"])), prem, fl(O, ["Okay, adding it to my list.", "That sounds right up my street.", "Ooh, lend it to me when you're done?"])]);
    c.q("single-hop", pick([`What is the book ${b.title} about?`, `What is the plot of ${b.title}, the book ${P.name} was reading?`]), [prem]);
    c.q("temporal", `When was ${P.name} reading ${b.title}?`, [titleT]);
    made.push({ t: titleT, s });
  }
  for (const m of made) {
    const conflicts = made.filter((x) => x !== m).map((x) => c.date(x.s));
    c.qPeriod(c.date(m.s), c.date(m.s), conflicts, (p) => pick([`What book was ${P.name} reading ${p}?`, `Which book had ${P.name} hooked ${p}?`]), [m.t]);
  }
  c.q("multi-hop", `Which books has ${P.name} talked about reading?`, made.map((m) => m.t));
  const d = c.slot(0, S - 1, made.map((m) => m.s));
  c.add(d, [dis(O, pick(["I really need to read more, I've been stuck on the same book for months.", "My book club picked something awful again, ugh."])), fl(P, ACK)]);
}

function storyHobby(c: Conv, P: Person, hobbies: Bag<Hobby>) {
  const O = P.other;
  const h = hobbies.take();
  const t = c.third(h.ask.includes("painting") ? "f" : "any");
  const vars = { P: P.name, sub: P.sub, pos: P.pos, t };
  const s1 = c.slot(1, Math.floor(c.S / 2));
  const start = say(P, fill(pick(h.start), vars));
  c.add(s1, [ask(O, pick(["So what's new with you?", "Anything new going on?", "What have you been up to?"])), start, fl(O, POS)]);
  const s2 = c.slot(s1 + 3, c.S - 1);
  const prog = say(P, fill(pick(h.prog), vars));
  c.add(s2, [ask(O, h.ask), prog, fl(O, ["Haha, that's brilliant.", "I love that so much.", "Look at you go!"])]);
  const startQs = h.startQ.filter((q) => !q.includes("{t}") || start.text.includes(t));
  c.q("single-hop", fill(pick(startQs), vars), [start]);
  const progQs = h.progQ.filter((q) => !/teacher|tutor|instructor|there for|runs|Whose/.test(q) || prog.text.includes(t));
  c.q("single-hop", fill(pick(progQs), vars), [prog]);
  if (!h.multi.includes("{t}") || start.text.includes(t)) c.q("multi-hop", fill(h.multi, vars), [start, prog]);
  c.q("temporal", fill(h.when, vars), [start]);
  P.starts.push(c.date(s1));
  P.wins.push(c.date(s2));
  c.later.push(() => c.qPeriod(c.date(s1), c.date(s1), P.starts.filter((d) => d !== c.date(s1)), (p) => `What new hobby did ${P.name} take up ${p}?`, [start]));
  if (prog.text.includes(t)) c.q("single-hop", `Who is ${t}?`, [prog]);
}

function storyHealth(c: Conv, P: Person, health: Bag<Health>) {
  const O = P.other;
  const h = health.take();
  if (h === HEALTH[0]) P.flags.add("health0");
  const t = c.third("f");
  const vars = { P: P.name, sub: P.sub, pos: P.pos, t };
  const S = c.S;
  const sf = c.slot(3, S - 4);
  let sp = -1;
  if (h.pre) {
    sp = c.slot(sf - 4, sf - 2, [sf]);
    c.add(sp, [dis(P, h.pre), fl(O, SAD)]);
  }
  const fact = say(P, pick(h.fact));
  c.add(sf, [ask(O, h.askFact), fact, fl(O, SAD), dis(O, h.other), fl(P, ACK)]);
  const su = c.slot(sf + 1, sf + 4);
  const follow = say(P, fill(pick(h.follow), vars));
  c.add(su, [ask(O, h.askFollow), follow, fl(O, POS)]);
  c.q("single-hop", fill(pick(h.factQ), vars), [fact]);
  const fqs = h.followQ.filter((q) => !/Who helped/.test(q) || follow.text.includes(t));
  c.q("single-hop", fill(pick(fqs), vars), [follow]);
  c.q("temporal", fill(h.when, vars), h.whenFollow ? [follow] : [fact]);
  const conflicts = [c.date(su)].concat(sp >= 0 ? [c.date(sp)] : []);
  c.qPeriod(c.date(sf), c.date(sf), conflicts, (p) => `What health problem did ${P.name} tell ${O.name} about ${p}?`, [fact]);
}

function storyPurchase(c: Conv, P: Person, purchases: Bag<Purchase>) {
  const O = P.other;
  const u = purchases.take();
  const vars = { P: P.name, sub: P.sub, pos: P.pos };
  const S = c.S;
  const sb = c.slot(2, S - 5);
  const sp = c.slot(sb - 3, sb - 1, [sb]);
  if (sp !== sb) c.add(sp, [dis(P, u.pre), fl(O, ["Ha, just do it!", "Treat yourself.", "Dangerous territory."]), dis(O, u.other)]);
  const buy = say(P, pick(u.buy));
  c.add(sb, [buy, fl(O, POS)]);
  const si = c.slot(sb + 2, sb + 6);
  const issue = say(P, pick(u.issue));
  c.add(si, [ask(O, u.askIssue), issue, fl(O, SAD), fl(P, ["Ha, typical.", "That's my luck, honestly."])]);
  c.q("single-hop", fill(pick(u.buyQ), vars), [buy]);
  c.q("single-hop", fill(pick(u.issueQ), vars), [issue]);
  c.q("multi-hop", fill(u.multi, vars), [buy, issue]);
  c.q("temporal", fill(u.when, vars), [buy]);
  c.later.push(() => c.qPeriod(c.date(sb), c.date(sb), [c.date(sp), c.date(si), ...P.buys], (p) => pick([`What big purchase did ${P.name} make ${p}?`, `What did ${P.name} splash out on ${p}?`]), [buy]));
}

function storyFamily(c: Conv, P: Person, cities: Bag<string>, babies: Bag<string>) {
  const O = P.other;
  const S = c.S;
  const sis = chance(0.5);
  const rel = sis ? "sister" : "brother";
  const n = c.third(sis ? "f" : "m");
  const city = cities.take();
  const rs = sis ? "she" : "he";
  const jobs = ["teaches maths", "is a vet", "runs a little café", "works for the council", "is a firefighter", "does something in finance"];
  const si = c.slot(0, 4);
  const intro = chance(0.5)
    ? say(P, `One ${rel}, ${n}. ${cap(rs)} ${pick(jobs)} in ${city}.`.replace(/ (She|He) is /, " $1's "))
    : say(P, `Just my ${rel} ${n}, who ${pick(jobs)} in ${city}. We talk every Sunday.`);
  c.add(si, [ask(O, pick(["Do you have any siblings? I don't think I ever asked.", "Is it just you, or do you have brothers and sisters?"])), intro, fl(O, INFO)]);
  c.q("single-hop", pick([`What is the name of ${P.name}'s ${rel}?`, `Who is ${P.name}'s sibling?`]), [intro]);
  c.q("single-hop", pick([`What does ${P.name}'s ${rel} do for work?`, `Where does ${n} live?`]), [intro]);
  if (chance(0.55)) {
    const girl = chance(0.5);
    const baby = babies.take();
    const se = c.slot(si + 4, S - 2);
    const b = say(P, sis
      ? pick([`${n} had the baby! A little ${girl ? "girl" : "boy"} called ${baby}.`, `${cap(rs)} had the baby on Tuesday! A ${girl ? "girl" : "boy"}, ${baby}, tiny and very loud.`])
      : pick([`${n} and his wife had the baby! A ${girl ? "girl" : "boy"} called ${baby}.`, `I'm officially an ${P.sub === "she" ? "aunt" : "uncle"}! ${n}'s baby ${girl ? "girl" : "boy"}, ${baby}, arrived on Tuesday.`]));
    const bb: Turn[] = [];
    if (b.text.startsWith(n) || b.text.includes(`${n}'s`) || b.text.includes(`${n} and`)) bb.push(b, fl(O, POS));
    else bb.push(ask(O, `Any news from your ${rel}?`), b, fl(O, POS));
    c.add(se, bb);
    const kid = girl ? "niece" : "nephew";
    c.q("single-hop", pick([`What is ${P.name}'s ${kid} called?`, `What did ${P.name}'s ${rel} name the baby?`]), [b]);
    c.q("multi-hop", `In which city was ${P.name}'s ${kid} born?`, [intro, b]);
    c.q("temporal", `When was ${P.name}'s ${kid} born?`, [b]);
    c.qPeriod(c.date(se), c.date(se), [c.date(si)], (p) => `What family news did ${P.name} share ${p}?`, [b]);
  } else {
    const venue = pick(["an old lighthouse on the coast", "a vineyard outside town", "a barn on their friend's farm", "the botanical gardens", "a tiny chapel in the mountains"]);
    const se = c.slot(si + 2, S - 6);
    const eng = say(P, pick([`${n} just got engaged! The wedding is going to be at ${venue}.`, `Huge news: ${n} is getting married! At ${venue}, of all places.`]));
    c.add(se, [eng, fl(O, POS)]);
    const sw = c.slot(se + 3, S - 1);
    const w = say(P, pick(["Beautiful. I gave a speech and only cried twice.", "Perfect, apart from the rain. I gave a speech and nobody booed."]));
    c.add(sw, [ask(O, pick([`How was ${n}'s wedding?`, "How was the wedding?!"])), w, fl(O, ["Aww, I bet the speech was great.", "Only twice? Impressive."])]);
    c.q("single-hop", pick([`Where is ${P.name}'s ${rel} getting married?`, `What is the venue for ${n}'s wedding?`]), [eng]);
    c.q("single-hop", `What did ${P.name} do at ${P.pos} ${rel}'s wedding?`, [w]);
    c.q("temporal", `When did ${P.name}'s ${rel} get engaged?`, [eng]);
    c.q("multi-hop", `In which city does the ${rel} who got married at ${venue} live?`, [intro, eng]);
    c.qPeriod(c.date(sw), c.date(sw), [c.date(se), c.date(si)], (p) => `Which family event did ${P.name} attend ${p}?`, [w]);
  }
}

function storyGoal(c: Conv, P: Person, goals: Bag<Goal>) {
  const O = P.other;
  const g = goals.take();
  const vars = { P: P.name, sub: P.sub, pos: P.pos };
  const sa = c.slot(0, 4);
  const ann = say(P, pick(g.announce));
  c.add(sa, [ask(O, g.askGoal), ann, fl(O, ENCOURAGE), fl(P, THANKS)]);
  const sr = c.slot(sa + 6, c.S - 1);
  const res = say(P, pick(g.result));
  c.add(sr, [ask(O, g.askRes), res, fl(O, POS)]);
  const mid = c.slot(sa + 2, sr - 2, [sa, sr]);
  if (mid !== sa && mid !== sr) c.add(mid, [ask(O, "How's the big goal going?"), say(P, pick(["Slowly but surely, ask me again in a month.", "Some weeks better than others, honestly."]), "distractor")]);
  c.q("single-hop", fill(pick(g.goalQ), vars), [ann]);
  c.q("single-hop", fill(pick(g.resQ), vars), [res]);
  c.q("multi-hop", fill(g.multi, vars), [ann, res]);
  c.q("temporal", fill(g.when, vars), [res]);
  P.starts.push(c.date(sa));
  P.wins.push(c.date(sr));
  c.later.push(() => c.qPeriod(c.date(sr), c.date(sr), P.wins.filter((d) => d !== c.date(sr)), (p) => pick([`What milestone did ${P.name} celebrate ${p}?`, `What did ${P.name} achieve ${p}?`]), [res]));
}

function storyCourse(c: Conv, P: Person, courses: Bag<Course>) {
  const O = P.other;
  const k = courses.take();
  const t = c.third();
  const vars = { P: P.name, sub: P.sub, pos: P.pos, t };
  const se = c.slot(1, Math.floor(c.S / 2));
  const en = say(P, pick(k.enroll));
  c.add(se, [ask(O, k.askEnroll), en, fl(O, ["Oh nice, that's so useful.", "Look at you, learning things!", "Ooh, good for you."])]);
  const sd = c.slot(se + 3, c.S - 1);
  const done = say(P, fill(pick(k.done), vars));
  c.add(sd, [ask(O, k.askDone), done, fl(O, POS), fl(P, THANKS)]);
  c.q("single-hop", fill(pick(k.enrollQ), vars), [en]);
  const dq = k.doneQ.filter((q) => !q.includes("teacher") || done.text.includes(t));
  c.q("single-hop", fill(pick(dq), vars), [done]);
  c.q("multi-hop", fill(k.multi, vars), [en, done]);
  c.q("temporal", fill(k.when, vars), [done]);
  P.starts.push(c.date(se));
  P.wins.push(c.date(sd));
  c.later.push(() => c.qPeriod(c.date(se), c.date(se), P.starts.filter((d) => d !== c.date(se)), (p) => `What did ${P.name} sign up for ${p}?`, [en]));
}

function storyTraits(c: Conv, P: Person, taken: Set<string>) {
  const O = P.other;
  const n = int(3, 4);
  const ok = shuffle(TRAITS).filter((t) => !t.excl.some((e) => P.flags.has(e)) && !taken.has(t.id));
  const chosen: Trait[] = [];
  for (const t of ok) {
    if (chosen.length >= n) break;
    if (chosen.some((x) => t.excl.includes(x.id) || x.excl.includes(t.id))) continue;
    chosen.push(t);
  }
  for (const t of chosen) {
    P.flags.add(t.id);
    taken.add(t.id);
    const lines = shuffle(t.lines);
    const prompts = shuffle(t.prompts);
    const ans: Turn[] = [];
    const times = chance(0.4) ? 2 : 1;
    const s1 = c.slot(0, c.S - 1);
    for (let k = 0; k < times; k++) {
      const s = k === 0 ? s1 : c.slot(0, c.S - 1, [s1]);
      const line = say(P, lines[k]);
      ans.push(line);
      c.add(s, [ask(O, prompts[k % prompts.length]), line, fl(O, TRAIT_REACT)]);
    }
    for (const q of shuffle(t.qs).slice(0, 2)) c.q("inference", fill(q, { P: P.name, O: O.name }), ans);
  }
}

// ---------------------------------------------------------------- assembling sessions
function assemble(c: Conv) {
  const out: Turn[][] = [];
  for (const ses of c.sessions) {
    const [A, B] = chance(0.5) ? c.people : [c.people[1], c.people[0]];
    const blocks = shuffle(ses.blocks);
    // gaps[0] follows the greeting, gaps[i] follows block i-1; the closing comes last
    const [opens, replies] = pick(OPENERS);
    const gaps: Turn[][] = [[fl(A, opens), fl(B, replies)], ...blocks.map(() => [] as Turn[])];
    // who listened to block i-1 (reacts in gap i)
    const listener = (gi: number) => {
      const facts = blocks[gi - 1].filter((t) => t.kind !== "filler");
      return (facts.length ? facts[facts.length - 1] : blocks[gi - 1][0]).who.other;
    };
    const closer = chance(0.5) ? A : B;
    const closing = [fl(closer, CLOSE)];
    if (chance(0.75)) closing.push(fl(closer.other, CLOSE_REPLY));
    const count = () => blocks.reduce((n, b) => n + b.length, 0) + gaps.reduce((n, g) => n + g.length, 0) + closing.length;
    const content = blocks.reduce((n, b) => n + b.filter((t) => t.kind !== "filler").length, 0);
    const f = 0.56 + rnd() * 0.08;
    const target = Math.min(30, Math.max(12, Math.round(content / (1 - f)), int(12, 15)));
    let guard = 0;
    while (count() < target && guard++ < 200) {
      const gi = int(0, gaps.length - 1);
      const g = gaps[gi];
      const room = count() + 2 <= 30;
      const r = rnd();
      if (gi === 0 || g.length || r < 0.3) {
        if (!room) continue;
        const who = chance(0.5) ? A : B;
        const [qq, as] = pick(SMALL_PAIRS);
        g.push({ who, text: qq, kind: "filler", base: qq }, fl(who.other, as));
      } else {
        const who = listener(gi);
        const news = blocks[gi - 1].some((t) => t.kind === "fact");
        if (r < 0.55 && room && news) g.push(fl(who, CURIOUS), fl(who.other, VAGUE));
        else if (r < 0.7) g.push(fl(who.other, AFTER));
        else g.push(fl(who, ACK));
      }
    }
    const turns: Turn[] = [...gaps[0]];
    blocks.forEach((b, i) => turns.push(...b, ...gaps[i + 1]));
    turns.push(...closing);
    out.push(turns);
  }
  return out;
}

// ---------------------------------------------------------------- selection
const STOP = new Set(
  "a an the and or but of to in on at for with from by is are was were be been being do does did done has have had having i me my we our you your he him his she her it its they them their this that these those what which who whom whose when where why how would could should will can may might not no yes than then so if about into over after before up down out off again just all any both each few more most other some such only own same too very s t don now ever still there here as get got go going went".split(" "),
);
const words = (s: string) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP.has(w)).map((w) => w.replace(/(ies|es|s)$/, ""));
function overlaps(q: string, ans: string[], names: string[]): boolean {
  const nm = new Set(names.map((n) => n.toLowerCase()));
  const qw = new Set(words(q).filter((w) => !nm.has(w)));
  return ans.some((a) => words(a.replace(/^\[[^\]]*\] [^:]+: /, "")).some((w) => qw.has(w)));
}

// ---------------------------------------------------------------- build
interface OutMemory { id: string; text: string }
interface OutQuery { id: string; user: string; query: string; answers: string[]; type: QType }
const STARTS: [number, number][] = [[2021, 0], [2021, 5], [2021, 9], [2022, 2], [2022, 7], [2022, 10], [2023, 1], [2023, 6], [2023, 11], [2024, 3], [2024, 8], [2025, 0]];
const STORIES = ["pet", "trips", "concerts", "books", "hobby", "health", "purchase", "family", "goal", "course"] as const;

function build(ci: number) {
  reseed(0x5eed + ci * 7919);
  const id = `c${String(ci + 1).padStart(2, "0")}`;
  // dates
  let dates: Date[] = [];
  for (;;) {
    const [y, m] = STARTS[ci];
    let d = new Date(Date.UTC(y, m, int(4, 26)));
    const n = int(16, 20);
    dates = [d];
    for (let i = 1; i < n; i++) dates.push((d = addDays(d, int(6, 30))));
    const span = (dates[n - 1].getTime() - dates[0].getTime()) / DAY;
    if (span >= 190 && span <= 420 && dates[n - 1].getUTCFullYear() <= 2025) break;
  }
  const fem = [chance(0.5), chance(0.5)];
  const nf = new Bag(FEMALE), nm = new Bag(MALE);
  const mk = (f: boolean): Person => ({ name: (f ? nf : nm).take(), sub: f ? "she" : "he", obj: f ? "her" : "him", pos: f ? "her" : "his", flags: new Set(), buys: [], starts: [], wins: [], other: null as unknown as Person });
  const A = mk(fem[0]), B = mk(fem[1]);
  A.other = B;
  B.other = A;
  const c = new Conv(id, [A, B], dates, new Bag(THIRD_F), new Bag(THIRD_M));
  const cities = new Bag(CITIES);
  const pools = {
    jobs: new Bag(JOBS), jobs2: new Bag(JOBS2), cowork: new Bag(COWORK), pets: new Bag(PET_NAMES), trips: new Bag(TRIPS), bands: new Bag(BANDS), books: new Bag(BOOKS),
    hobbies: new Bag(HOBBIES), health: new Bag(HEALTH), purchases: new Bag(PURCHASES), goals: new Bag(GOALS), courses: new Bag(COURSES), babies: new Bag(BABY),
  };
  // who gets which storyline: each story once, split 5/5, then 1-2 stories repeated for the other person
  const order = shuffle(STORIES);
  const mine: [string[], string[]] = [order.slice(0, 5), order.slice(5)];
  for (const extra of shuffle(["health", "family", "books", "pet", "hobby", "purchase"]).slice(0, int(1, 2))) {
    const who = mine[0].includes(extra) ? 1 : 0;
    if (!mine[who].includes(extra)) mine[who].push(extra);
  }
  const fullJob = chance(0.5) ? 0 : 1;
  c.people.forEach((P, i) => {
    storyJob(c, P, i === fullJob || chance(0.3), pools.jobs, pools.jobs2, cities, pools.cowork);
    for (const st of mine[i]) P.flags.add(st);
  });
  c.people.forEach((P, i) => {
    for (const st of mine[i]) {
      if (st === "pet") storyPet(c, P, pools.pets);
      if (st === "trips") storyTrips(c, P, pools.trips);
      if (st === "concerts") storyConcerts(c, P, pools.bands);
      if (st === "books") storyBooks(c, P, pools.books);
      if (st === "hobby") storyHobby(c, P, pools.hobbies);
      if (st === "health") storyHealth(c, P, pools.health);
      if (st === "purchase") storyPurchase(c, P, pools.purchases);
      if (st === "family") storyFamily(c, P, cities, pools.babies);
      if (st === "goal") storyGoal(c, P, pools.goals);
      if (st === "course") storyCourse(c, P, pools.courses);
    }
  });
  for (const f of c.later) f();
  const taken = new Set<string>();
  for (const P of c.people) storyTraits(c, P, taken);

  // lay out turns, give ids
  const sessions = assemble(c);
  const memories: OutMemory[] = [];
  const fillerBases = new Set<string>();
  let filler = 0;
  sessions.forEach((turns, si) => {
    turns.forEach((t, ti) => {
      t.id = `${id}-s${String(si + 1).padStart(2, "0")}-t${String(ti + 1).padStart(2, "0")}`;
      memories.push({ id: t.id, text: `[${fmt(c.date(si))}] ${t.who.name}: ${t.text}` });
      if (t.kind === "filler") {
        filler++;
        if (t.base) fillerBases.add(t.base);
      }
    });
  });
  // choose queries: ~40/20/25/15, single-hop half paraphrase / half lexical
  const N = int(56, 60);
  const quota: Record<QType, number> = { "single-hop": Math.round(N * 0.4), "multi-hop": Math.round(N * 0.2), temporal: Math.round(N * 0.25), inference: 0 };
  quota.inference = N - quota["single-hop"] - quota["multi-hop"] - quota.temporal;
  const seen = new Set<string>();
  const cands = c.cands.filter((q) => (seen.has(q.query) ? false : (seen.add(q.query), true)));
  const names = [A.name, B.name];
  const chosen: Cand[] = [];
  const short: string[] = [];
  for (const type of ["multi-hop", "temporal", "inference", "single-hop"] as QType[]) {
    let pool = shuffle(cands.filter((q) => q.type === type));
    if (type === "temporal") {
      const per = pool.filter((q) => !q.query.startsWith("When "));
      const when = pool.filter((q) => q.query.startsWith("When "));
      const half = Math.ceil(quota[type] / 2);
      const p = per.slice(0, half);
      const w = when.slice(0, quota[type] - p.length);
      pool = [...p, ...w, ...per.slice(half), ...when.slice(quota[type] - p.length)];
    }
    if (type === "single-hop") {
      const para = pool.filter((q) => !overlaps(q.query, q.ans.map((t) => t.text), names));
      const lex = pool.filter((q) => overlaps(q.query, q.ans.map((t) => t.text), names));
      const half = Math.ceil(quota[type] / 2);
      const p = para.slice(0, half);
      const l = lex.slice(0, quota[type] - p.length);
      pool = [...p, ...l, ...para.slice(half), ...lex.slice(quota[type] - p.length)];
    }
    if (pool.length < quota[type]) short.push(`${type} ${pool.length}/${quota[type]}`);
    chosen.push(...pool.slice(0, quota[type]));
  }
  // keep queries in story order for readability
  chosen.sort((a, b) => c.cands.indexOf(a) - c.cands.indexOf(b));
  const queries: OutQuery[] = chosen.map((q, i) => ({
    id: `${id}-q${String(i + 1).padStart(3, "0")}`,
    user: id,
    query: q.query,
    answers: [...new Set(q.ans.map((t) => t.id!))],
    type: q.type,
  }));
  return { id, c, memories, queries, filler, fillerBases, short, sessions, names, cands: c.cands.length };
}

// ---------------------------------------------------------------- main
const NCONV = 12;
const built = Array.from({ length: NCONV }, (_, i) => build(i));
const data = {
  name: "conversations",
  description:
    "Synthetic long two-person chat logs (one memory per turn, '[d Month yyyy] Speaker: text'), generated by bench/data/make-conversations.ts from slot-filled per-person life stories. Most turns are chit-chat; facts often sit in replies that omit the question's keywords, next to lexical distractors. Query types: single-hop, multi-hop, temporal, inference. See bench/data/README.md.",
  users: built.map((b) => ({ id: b.id, memories: b.memories })),
  queries: built.flatMap((b) => b.queries),
};

// ---------------------------------------------------------------- validate & report
const errors: string[] = [];
const err = (s: string) => errors.push(s);
const TYPES: QType[] = ["single-hop", "multi-hop", "temporal", "inference"];
const allIds = new Map<string, string>();
const textRe = /^\[(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})\] ([A-Z][a-z]+): \S/;
let totalTurns = 0, totalFiller = 0, totalSessions = 0;
const fillerBases = new Set<string>();
const fillerTexts = new Set<string>();
if (built.length < 10) err(`only ${built.length} conversations`);
const years = new Set<number>();
for (const b of built) {
  const S = b.sessions.length;
  totalSessions += S;
  if (S < 15) err(`${b.id}: ${S} sessions`);
  b.sessions.forEach((ts, i) => {
    if (ts.length < 12 || ts.length > 30) err(`${b.id} s${i + 1}: ${ts.length} turns`);
  });
  const first = b.c.date(0), last = b.c.date(S - 1);
  years.add(first.getUTCFullYear());
  const months = (last.getTime() - first.getTime()) / DAY / 30.44;
  if (months < 6 || months > 14) err(`${b.id}: spans ${months.toFixed(1)} months`);
  for (let i = 1; i < S; i++) if (b.c.date(i) <= b.c.date(i - 1)) err(`${b.id}: dates not increasing`);
  for (const m of b.memories) {
    if (allIds.has(m.id)) err(`duplicate memory id ${m.id}`);
    allIds.set(m.id, b.id);
    const mm = textRe.exec(m.text);
    if (!mm) err(`bad text format ${m.id}: ${m.text}`);
    else if (!b.names.includes(mm[4])) err(`bad speaker ${m.id}`);
    const nw = m.text.split(/\s+/).length;
    if (nw < 5 || nw > 40) err(`${m.id}: ${nw} words`);
    if (/\{|\}|~|undefined|null/.test(m.text)) err(`template residue ${m.id}: ${m.text}`);
  }
  b.sessions.flat().forEach((t) => t.kind === "filler" && fillerTexts.add(t.text));
  for (const x of b.fillerBases) fillerBases.add(x);
  totalTurns += b.memories.length;
  totalFiller += b.filler;
  if (b.queries.length < 50) err(`${b.id}: ${b.queries.length} queries`);
  if (b.short.length) err(`${b.id}: not enough candidates: ${b.short.join(", ")}`);
  const qs = new Set<string>();
  for (const q of b.queries) {
    if (qs.has(q.query.toLowerCase())) err(`${b.id}: duplicate query ${q.query}`);
    qs.add(q.query.toLowerCase());
    if (!TYPES.includes(q.type)) err(`${q.id}: type ${q.type}`);
    if (!q.answers.length) err(`${q.id}: no answers`);
    for (const a of q.answers) if (allIds.get(a) !== q.user) err(`${q.id}: answer ${a} missing or of another user`);
    if (q.type === "multi-hop" && new Set(q.answers.map((a) => a.split("-")[1])).size < 2) err(`${q.id}: multi-hop within one session`);
    if (/\{|\}|undefined/.test(q.query)) err(`${q.id}: template residue ${q.query}`);
  }
}
if (years.size < 4) err(`start years not varied: ${[...years]}`);
const nq = data.queries.length;
if (nq < 550) err(`only ${nq} queries`);
const byType = Object.fromEntries(TYPES.map((t) => [t, data.queries.filter((q) => q.type === t).length]));
const target: Record<QType, number> = { "single-hop": 0.4, "multi-hop": 0.2, temporal: 0.25, inference: 0.15 };
for (const t of TYPES) if (Math.abs(byType[t] / nq - target[t]) > 0.04) err(`type ${t} share ${(byType[t] / nq).toFixed(3)}`);
const fr = totalFiller / totalTurns;
if (fr < 0.55 || fr > 0.65) err(`filler share ${fr.toFixed(3)}`);
if (fillerBases.size < 60) err(`only ${fillerBases.size} filler lines`);
const single = data.queries.filter((q) => q.type === "single-hop");
const memText = new Map(data.users.flatMap((u) => u.memories.map((m) => [m.id, m.text] as const)));
const nameOf = new Map(built.map((b) => [b.id, b.names]));
const paraphrased = single.filter((q) => !overlaps(q.query, q.answers.map((a) => memText.get(a)!), nameOf.get(q.user)!)).length;

const out = path.join(import.meta.dirname, "conversations.json");
const json =
  "{\n" +
  ` "name": ${JSON.stringify(data.name)},\n "description": ${JSON.stringify(data.description)},\n "users": [\n` +
  data.users.map((u) => `  {"id": ${JSON.stringify(u.id)}, "memories": [\n` + u.memories.map((m) => `   ${JSON.stringify(m)}`).join(",\n") + "\n  ]}").join(",\n") +
  "\n ],\n \"queries\": [\n" +
  data.queries.map((q) => `  ${JSON.stringify(q)}`).join(",\n") +
  "\n ]\n}\n";
writeFileSync(out, json);
JSON.parse(json);

console.log(`conversations ${built.length}, sessions ${totalSessions}, turns ${totalTurns} (filler ${(100 * fr).toFixed(1)}%, ${fillerBases.size} filler lines, ${fillerTexts.size} distinct filler texts)`);
console.log(`queries ${nq}: ` + TYPES.map((t) => `${t} ${byType[t]} (${((100 * byType[t]) / nq).toFixed(1)}%)`).join(", "));
console.log(`single-hop sharing no content word with any answer: ${paraphrased}/${single.length}`);
console.log(`per conversation: ` + built.map((b) => `${b.id} ${b.sessions.length}s/${b.memories.length}t/${b.queries.length}q (of ${b.cands})`).join(", "));
console.log(`wrote ${out} (${(json.length / 1e6).toFixed(2)} MB)`);
if (errors.length) {
  console.error(`INVALID (${errors.length}):\n  ` + errors.slice(0, 40).join("\n  "));
  process.exit(1);
}
console.log("all invariants hold");
