// Deterministic generator for bench/data/lookups.json (how and why: bench/data/README.md, "## lookups.json").
//   npx tsx bench/data/make-lookups.ts
// Node built-ins and bench/lib/seeded.ts only, a seeded PRNG (mulberry32, one seed per user): the same code always writes the same file.
// Lookups are personal notes that hold a key (a code, number, name, place or exact phrase), each
// next to siblings that share its words but not its key; queries name the key or describe the record.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Bag, chance, int, pick, reseed, rnd, shuffled as shuffle } from "../lib/seeded";

// ---------------------------------------------------------------- helpers
const some = <T>(a: readonly T[], lo: number, hi: number): T[] => shuffle(a).slice(0, Math.min(a.length, int(lo, hi)));
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const digits = (n: number) => Array.from({ length: n }, () => String(int(0, 9))).join("");
const LETTERS = "ABCDEFGHJKLMNPRSTVWXYZ";
const letters = (n: number) => Array.from({ length: n }, () => pick(LETTERS.split(""))).join("");
/** Distinct rearrangements of a string's characters: the near-miss keys ("4471" / "4417" / "7441"). */
function permutations(s: string, n: number): string[] {
  const out = new Set<string>([s]);
  for (let tries = 0; out.size < n && tries < 200; tries++) {
    const c = s.split("");
    const i = int(0, c.length - 1);
    const j = int(0, c.length - 1);
    [c[i], c[j]] = [c[j], c[i]];
    out.add(c.join(""));
  }
  return [...out];
}
/** The same key with one or two characters changed (for codes mixing letters and digits). */
function mutate(s: string, n: number): string[] {
  const out = new Set<string>([s]);
  for (let tries = 0; out.size < n && tries < 200; tries++) {
    const c = s.split("");
    const idx = c.map((ch, i) => (/[0-9A-Z]/.test(ch) ? i : -1)).filter((i) => i >= 0);
    for (let k = 0; k < int(1, 2); k++) {
      const i = pick(idx);
      c[i] = /\d/.test(c[i]) ? String(int(0, 9)) : pick(LETTERS.split(""));
    }
    out.add(c.join(""));
  }
  return [...out];
}

// ---------------------------------------------------------------- matching
// A needle matches as a whole token run: "4471" does not match inside "4471-B", "14471" or "0-4471".
const escape = (s: string) => s.replace(/[.*+?^${}()[\]\\/]/g, "\\$&");
const reCache = new Map<string, RegExp>();
function has(text: string, needle: string): boolean {
  // "a|b": either alternative.
  let re = reCache.get(needle);
  if (!re) {
    const alts = needle.split("|").map(escape).join("|");
    re = new RegExp(`(?<![\\p{L}\\p{N}]|[\\p{L}\\p{N}]-)(?:${alts})(?![\\p{L}\\p{N}]|-[\\p{L}\\p{N}])`, "iu");
    reCache.set(needle, re);
  }
  return re.test(text);
}
const hasAll = (text: string, needles: string[]) => needles.every((n) => has(text, n));

// ---------------------------------------------------------------- model
const TYPES = ["code", "number", "name", "place", "phrase", "reverse"] as const;
type QType = (typeof TYPES)[number];
/** A query candidate. Answers = every memory of the user containing all needles (for reverse: every record). */
interface Cand {
  type: QType;
  query: string;
  needles: string[];
}
interface Rec {
  text: string;
  family: string;
  cands: Cand[];
}
const c = (type: QType, query: string, ...needles: string[]): Cand => ({ type, query, needles });

// ---------------------------------------------------------------- pools (all invented for this set)
const RARE_SURNAMES = [
  "Okonkwo", "Featherstonehaugh", "Szczepański", "Thistlewood", "Achterberg", "Oyelaran", "Haverkamp", "Ljungberg", "Papadakis", "Brannigan",
  "Czerwiński", "Marchetti", "Nakagawa", "Delacroix-Boyd", "Quennell", "Abernathy", "Vondráček", "Ishikawa", "Mbeki-Lowe", "Faircloth",
  "Gwynedd-Price", "Kowalczyk", "Van Rensburg", "Oduya", "Strachan", "Lindqvist", "Petrosyan", "Ravensworth", "Mulcahy", "Dunleavy",
  "Osterhagen", "Kaczmarek", "Vasquez-Ruiz", "Teodorescu", "Blackadder", "Onwuachi", "Halloran", "Zielinski", "Crabtree", "Ferreira-Lund",
  "Wainwright", "Iwu", "Sokolova", "MacAskill", "Rautenbach", "Pemberton-Hale", "Ngata", "Quigley", "Esterházy", "Bardsley",
  "Oyawale", "Trevelyan", "Moncrieff", "Hrabal", "Ashdown", "Nowicki", "Ballantyne", "Okafor", "Leclercq", "Gilchrist",
];
const COMMON_FIRST = ["Tomasz", "Anna", "David", "Sarah", "Priya", "Mark", "James", "Sophie", "Ali", "Emma", "Daniel", "Laura", "Ben", "Chloe", "Raj", "Kate"];
const RARE_FEMALE = ["Ottilie", "Wren", "Saoirse", "Anouk", "Clementine", "Marisol", "Isolde", "Perpetua", "Winifred", "Seraphina"];
const RARE_MALE = ["Ignatius", "Bartholomew", "Leopold", "Evander", "Thaddeus", "Ambrose", "Lysander", "Casimir"];
const PET_NAMES = ["Pumpernickel", "Marzipan", "Bartleby", "Quince", "Mochi", "Ziggy", "Tiramisu", "Gnocchi", "Pickles", "Waldorf", "Fennel", "Bramble", "Kumquat", "Noodle", "Rhubarb", "Pistachio", "Truffle", "Widget"];
const PARTNERS = ["Jonas", "Mira", "Felix", "Hana", "Oskar", "Lena", "Ruben", "Ines", "Theo", "Nadia", "Milo", "Greta"];
const SISTERS = ["Hanna", "Ruth", "Maja", "Elif", "Noor", "Carys", "Ilse", "Freya", "Dagny", "Petra"];
const AUNTS = ["Ilse", "Dorota", "Margit", "Beatrix", "Roisin", "Vesna", "Agathe", "Sunniva"];
const STREETS = ["Larch Street", "Mill Lane", "Cromwell Road", "Albion Terrace", "Harcourt Street", "Fennel Row", "Juniper Close", "St Anne's Road", "Wexford Avenue", "Tanner's Yard", "Marlowe Crescent", "Bellfield Avenue", "Quarry Hill", "Ropewalk", "Kingfisher Way", "Ashgrove Place", "Cotton Street", "Pilgrim Lane"];
const POSTCODE_AREA: Record<string, string> = { Leeds: "LS", York: "YO", Bristol: "BS", Bath: "BA", Norwich: "NR", Exeter: "EX", Cardiff: "CF", Glasgow: "G", Sheffield: "S", Durham: "DH", Lancaster: "LA", Brighton: "BN", Chester: "CH", Hull: "HU" };
const CITIES = Object.keys(POSTCODE_AREA);
const DESTS = ["Lisbon", "Kraków", "Oslo", "Porto", "Reykjavik", "Athens", "Naples", "Bilbao", "Riga", "Split", "Tallinn", "Palermo", "Ljubljana", "Bergen", "Valencia", "Gdańsk"];
const AIRLINES = ["BA", "LH", "TP", "KL", "FR", "U2", "LO", "IB", "SK", "AY", "EI", "OS"];
const RETREATS = [
  ["cabin", "Zermatt", "ten minutes' walk above the Furi gondola"],
  ["chalet", "Wengen", "the green shutters behind the bakery"],
  ["cottage", "Portree", "at the top of Bosville Terrace"],
  ["cabin", "Hallstatt", "up the path past the salt mine car park"],
  ["hut", "Lofoten", "on the far side of the bay at Hamnøy"],
  ["cottage", "Mousehole", "the blue door on Duck Street"],
  ["bothy", "Glen Affric", "two miles past the Dog Falls car park"],
  ["chalet", "Chamonix", "just below Les Praz, the one with the red roof"],
] as const;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th"}`;
const time = () => `${int(5, 21)}:${pick(["05", "10", "15", "20", "25", "35", "40", "45", "50", "55"])}`;

interface Ctx {
  surnames: Bag<string>;
  rareF: Bag<string>;
  rareM: Bag<string>;
  pets: Bag<string>;
  streets: Bag<string>;
  cities: Bag<string>;
  dests: Bag<string>;
  partner: string;
  sister: string;
  aunt: string;
  currency: "euros" | "pounds";
  usedNumbers: string[]; // keys reused on purpose in unrelated filler ("the 117 bus")
}
const money = (u: Ctx, n: number) => (u.currency === "euros" ? `${n} euros` : chance(0.5) ? `£${n}` : `${n} pounds`);

// ---------------------------------------------------------------- record families
// Each family writes 3–7 siblings built from the same sentence frame: same words, different keys.

function wifi(u: Ctx): Rec[] {
  const quals = some(
    [
      ["at home", "home"], ["at the office", "office"], ["at the cabin", "cabin"], ["at my parents' house", "parents"], ["at the beach house", "beach house"],
      ["at the studio", "studio"], ["at the co-working space", "co-working"], [`at Aunt ${u.aunt}'s flat`, `Aunt ${u.aunt}`],
    ],
    4, 6,
  );
  const ADJ = ["blue", "amber", "quiet", "rusty", "silver", "mossy", "lucky", "velvet", "crimson", "sleepy", "brave", "dusty"];
  const ANI = ["otter", "heron", "badger", "lynx", "walrus", "marmot", "puffin", "gecko", "ferret", "bison", "stoat", "newt"];
  const a = pick(ADJ), b = pick(ANI), n = String(int(10, 99));
  const pws = new Set<string>();
  const variants = () => [`${a}-${pick(ANI)}-${n}`, `${pick(ADJ)}-${b}-${n}`, `${a}-${b}-${int(10, 99)}`, `${b}-${a}-${n}`, `${pick(ADJ)}-${pick(ANI)}-${int(10, 99)}`];
  pws.add(`${a}-${b}-${n}`);
  while (pws.size < quals.length) pws.add(pick(variants()));
  const pw = [...pws];
  const frame = int(0, 2);
  return quals.map(([q, k], i) => {
    const p = pw[i];
    const text = [
      `The wifi password ${q} is ${p}.`,
      `Wifi password ${q}: ${p}`,
      `The wifi ${q} is "${cap(k.split(" ")[0])}Net", password ${p}.`,
    ][chance(0.75) ? frame : int(0, 2)];
    return {
      family: "wifi",
      text,
      cands: [
        c("phrase", pick([p, `${p} password`, `password ${p}`]), p),
        c("reverse", pick([`what's the wifi password ${q}?`, `wifi password ${q}`, `${k} wifi password`]), "password", k),
      ],
    };
  });
}

function doorCodes(u: Ctx): Rec[] {
  const quals = some(
    [
      ["the front gate of our building", "front gate"], ["Mum's building", "Mum's building"], ["the garage", "garage"], ["the storage unit", "storage unit"],
      ["the office side door", "side door"], ["the bike shed", "bike shed"], [`${u.sister}'s building`, `${u.sister}'s building`], ["the allotments", "allotments"],
    ],
    4, 6,
  );
  let base = digits(4);
  while (new Set(base).size < 3) base = digits(4);
  const codes = permutations(base, quals.length);
  if (codes.length >= 3) codes[2] = `${codes[0]}-B`; // "4471" next to "4471-B"
  while (codes.length < quals.length) codes.push(digits(4));
  const frame = int(0, 2);
  return quals.map(([q, k], i) => {
    const code = codes[i];
    const text = [
      `The code for ${q} is ${code}.`,
      `Gate code for ${q}: ${code}.`,
      `Keypad code at ${q} is ${code}, then the key symbol.`,
    ][chance(0.7) ? frame : int(0, 2)];
    const isPlain = /^\d+$/.test(code);
    return {
      family: "codes",
      text,
      cands: [
        isPlain ? c("number", pick([`code ${code}`, `${code}`, `which door is ${code}`]), code, "code") : c("code", pick([code, `what opens with ${code}`]), code),
        c("reverse", pick([`which code opens ${q}?`, `what's the door code for ${q}?`, `${k} code`]), k, "code"),
      ],
    };
  });
}

function doctors(u: Ctx): Rec[] {
  const specs = some(["dentist", "GP", "physio", "dermatologist", "optician", "osteopath", "therapist", "allergist"], 4, 6);
  const floors = ["ground floor", "first floor", "second floor", "third floor", "fourth floor", "Suite 3", "Suite 12", "basement level"];
  const street = u.streets.take();
  const [cityA, cityB] = [u.cities.take(), u.cities.take()];
  let nA = int(12, 98);
  while (nA % 10 === 0 || Math.floor(nA / 10) === nA % 10) nA = int(12, 98);
  const nB = Number(String(nA).split("").reverse().join(""));
  const out: Rec[] = [];
  specs.forEach((spec, i) => {
    const S = u.surnames.take();
    // The first two share a street name in two cities, with swapped house numbers (41 Larch Street, Leeds / 14 Larch Street, York).
    const st = i < 2 ? street : u.streets.take();
    const city = i === 0 ? cityA : i === 1 ? cityB : pick([cityA, cityB]);
    const n = i === 0 ? nA : i === 1 ? nB : int(2, 160);
    const fl = pick(floors);
    const text = pick([
      `My ${spec}, Dr. ${S}, is at ${n} ${st}, ${city}, ${fl}.`,
      `Dr. ${S}'s clinic (my ${spec}) is at ${n} ${st} in ${city}, ${fl}.`,
      `${cap(spec === "GP" ? "GP" : spec)}: Dr. ${S}, ${n} ${st}, ${city}, ${fl}.`,
    ]);
    out.push({
      family: "doctors",
      text,
      cands: [
        c("name", pick([S, `Dr ${S}`, `${S} clinic`, `${S} address`]), S),
        i < 2 ? c("place", pick([`${n} ${st}`, `${n} ${st} ${city}`]), `${n} ${st}`) : c("place", pick([`${st} ${city}`, `${st} in ${city}`, `${n} ${st}`]), st, city),
        c("reverse", pick([`where is my ${spec}'s clinic?`, `who is my ${spec}?`, `address of my ${spec}`, `which floor is my ${spec} on?`]), spec, "Dr."),
      ],
    });
    if (chance(0.35)) {
      const t = time();
      out.push({ family: "appointments", text: `Appointment with Dr. ${S} moved to ${pick(WEEKDAYS)} at ${t}.`, cands: [] });
    }
  });
  return out;
}

function lockers(u: Ctx): Rec[] {
  const quals = some([["at the gym", "gym"], ["at the pool", "pool"], ["at work", "work"], ["at the climbing wall", "climbing wall"], ["at the station left-luggage", "left-luggage"]], 3, 4);
  let base = digits(3);
  while (new Set(base).size < 3 || base[0] === "0") base = digits(3);
  const nums = permutations(base, quals.length).filter((x) => x[0] !== "0");
  while (nums.length < quals.length) nums.push(String(int(100, 999)));
  u.usedNumbers.push(nums[0]);
  const frame = int(0, 2);
  return quals.map(([q, k], i) => {
    const n = nums[i];
    const text = [`My locker ${q} is number ${n}.`, `Locker ${q}: ${n}.`, `I've got locker ${n} ${q}.`][chance(0.7) ? frame : int(0, 2)];
    return {
      family: "lockers",
      text,
      cands: [
        c("number", pick([`locker ${n}`, `locker number ${n}`, `where is locker ${n}`]), "locker", n),
        c("reverse", pick([`what's my locker number ${q}?`, `${k} locker`, `which locker do I have ${q}?`]), "locker", k),
      ],
    };
  });
}

function flights(u: Ctx): Rec[] {
  const airline = pick(AIRLINES);
  const k = int(3, 5);
  let base = digits(4);
  while (new Set(base).size < 4) base = digits(4);
  const nums = permutations(base, k);
  while (nums.length < k) nums.push(digits(4));
  const dests = Array.from({ length: k - 1 }, () => u.dests.take());
  const out: Rec[] = [];
  for (let i = 0; i < k; i++) {
    const code = `${i === k - 1 && chance(0.5) ? pick(AIRLINES) : airline}${nums[i]}`;
    const t = time();
    const day = int(1, 28);
    if (i < k - 1) {
      const d = dests[i];
      const text = pick([
        `Flight ${code} to ${d} leaves at ${t} on the ${ordinal(day)}.`,
        `Booked ${code} to ${d}, departing ${t} on ${day} ${pick(MONTHS)}.`,
        `Flight to ${d} is ${code}, ${t} departure on the ${ordinal(day)}.`,
      ]);
      out.push({
        family: "flights",
        text,
        cands: [
          c("code", pick([code, `what is ${code}`, `flight ${code}`, `${code} departure`]), code),
          c("reverse", pick([`when does my flight to ${d} leave?`, `which flight am I taking to ${d}?`, `flight number to ${d}`]), `to ${d}`),
          c("number", `flight at ${t}`, t),
        ],
      });
    } else {
      // The return leg shares the destination with an outbound flight.
      const d = dests[0];
      out.push({
        family: "flights",
        text: `Return flight ${code} from ${d} lands at ${t} on the ${ordinal(day)}.`,
        cands: [
          c("code", pick([code, `what is ${code}`, `flight ${code}`]), code),
          c("reverse", pick([`when does the return flight from ${d} land?`, `flight number for the return from ${d}`]), `from ${d}`),
        ],
      });
    }
  }
  return out;
}

function debts(u: Ctx): Rec[] {
  // Two first names, each shared by two or three people told apart by surname or a "from X".
  const firsts = shuffle(COMMON_FIRST).slice(0, 2);
  const tags = shuffle(["from accounting", "from climbing", "from the choir", "next door", "from my old flat", "from book club"]);
  const amounts = shuffle([15, 20, 25, 30, 35, 40, 45, 50, 60, 75, 80, 120]);
  const small = shuffle(["lunch", "the pub quiz entry", "the taxi home", "pizza on Friday", "the cinema tickets"]);
  const big = shuffle(["the concert tickets", "the taxi from the airport", "the festival tickets", "the birthday present for Kai", "the train to Manchester", "half of the Airbnb"]);
  const n = int(4, 6);
  const out: Rec[] = [];
  for (let i = 0; i < n; i++) {
    const first = firsts[i % 2];
    const surname = chance(0.55) ? u.surnames.take() : undefined;
    const who = surname ? `${first} ${surname}` : `${first} ${tags.pop()}`;
    const amt = money(u, amounts[i]);
    const dir = pick(["owes", "owe", "lent"] as const);
    const reason = amounts[i] <= 30 ? small.pop()! : big.pop()!;
    const text =
      dir === "owes" ? `${who} owes me ${amt} for ${reason}.` : dir === "owe" ? `I owe ${who} ${amt} for ${reason}.` : `Lent ${who} ${amt} for ${reason}, still waiting to get it back.`;
    const num =
      dir === "owes" ? c("number", `who owes me ${amt}?`, amt, "owes me") : dir === "owe" ? c("number", `who do I owe ${amt}?`, amt, "I owe") : c("number", `who did I lend ${amt} to?`, amt, "Lent");
    const rev =
      dir === "owes" ? c("reverse", `how much does ${who} owe me?`, who, "owes me") : dir === "owe" ? c("reverse", `how much do I owe ${who}?`, who, "I owe") : c("reverse", `how much did I lend ${who}?`, who, "Lent");
    const cands = [num, rev];
    if (surname) cands.push(c("name", pick([surname, `${surname} money`, dir === "owes" ? `${surname} owes` : `money for ${surname}`]), surname));
    out.push({ family: "debts", text, cands });
  }
  return out;
}

function plates(u: Ctx): Rec[] {
  const vehicles = some([["the rental car", "rental car"], ["my car", "my car"], [`${u.partner}'s car`, `${u.partner}'s car`], ["Dad's van", "Dad's van"], ["the moving van", "moving van"], ["the campervan", "campervan"]], 3, 5);
  const base = `${letters(2)}${digits(2)}${letters(3)}`;
  const ps = mutate(base, vehicles.length);
  while (ps.length < vehicles.length) ps.push(`${letters(2)}${digits(2)}${letters(3)}`);
  const style = pick(["dash", "space"]);
  const fmtPlate = (p: string) => (style === "dash" ? `${p.slice(0, 2)}-${p.slice(2, 4)}-${p.slice(4)}` : `${p.slice(0, 4)} ${p.slice(4)}`);
  return vehicles.map(([q, k], i) => {
    const p = fmtPlate(ps[i]);
    const text = pick([`Plate number of ${q}: ${p}.`, `${cap(q)} is registered as ${p}.`, `Registration for ${q}: ${p}.`]);
    return {
      family: "plates",
      text,
      cands: [
        c("code", pick([p, `whose plate is ${p}`, `${p} registration`]), p),
        c("reverse", pick([`what's the plate number of ${q}?`, `registration of ${q}`, `${k} plate`]), k, "plate|registered|registration"),
      ],
    };
  });
}

function contacts(u: Ctx): Rec[] {
  const roles = some(["landlord", "plumber", "electrician", "babysitter", "vet", "dog walker", "piano teacher", "building manager", "cleaner", "accountant"], 4, 6);
  const prefix = pick(["0161 496 0", "0113 496 0", "020 7946 0", "0117 496 0", "07700 900"]);
  let base = digits(3);
  while (new Set(base).size < 3) base = digits(3);
  const tails = permutations(base, roles.length);
  while (tails.length < roles.length) tails.push(digits(3));
  const out: Rec[] = [];
  roles.forEach((role, i) => {
    const S = u.surnames.take();
    const name = pick([`Mrs. ${S}`, `Mr. ${S}`, `${pick(COMMON_FIRST)} ${S}`, `Ms. ${S}`]);
    const phone = `${prefix}${tails[i]}`;
    const text = pick([`Our ${role} is ${name}, phone ${phone}.`, `${cap(role)}: ${name}, ${phone}.`, `${name} is the ${role}, call ${phone}.`]);
    out.push({
      family: "contacts",
      text,
      cands: [
        c("name", pick([S, `${S} phone`, `${S} number`, `call ${S}`]), S),
        c("number", pick([phone, `who has the number ${phone}`, `whose number is ${phone}`]), phone),
        c("reverse", pick([`what's the ${role}'s phone number?`, `who is our ${role}?`, `number for the ${role}`]), role),
      ],
    });
  });
  return out;
}

const FRAG_STOP = new Set(["a", "an", "the", "of", "and", "it", "it's", "you", "you're", "your", "like", "not", "until", "while", "what", "can't", "to", "over", "than", "each", "just", "all", "are", "we", "is", "before", "every", "into", "them", "think", "in", "on", "at", "or", "for", "with", "as", "you'd", "never", "found", "enjoy"]);
/** A 3–5 word run of the quote that neither starts nor ends on a function word. */
function fragment(q: string): string {
  const w = q.split(" ");
  const opts: string[] = [];
  for (let i = 0; i < w.length; i++)
    for (const len of [3, 4, 5]) {
      if (i + len > w.length) continue;
      const run = w.slice(i, i + len);
      const first = run[0].replace(/,/g, "").toLowerCase(), last = run[run.length - 1].replace(/,/g, "").toLowerCase();
      if (FRAG_STOP.has(first) || FRAG_STOP.has(last) || (last.length < 5 && i + len < w.length) || run[run.length - 1].endsWith(",")) continue;
      opts.push(run.join(" ").replace(/,$/, ""));
    }
  return opts.length ? pick(opts) : w.slice(0, 3).join(" ").replace(/,$/, "");
}
const rareWord = (q: string) => {
  const r = q.replace(/,/g, "").split(" ").filter((w) => w.length >= 6 && !w.includes("'") && !FRAG_STOP.has(w.toLowerCase()));
  return r.length ? pick(r) : q.replace(/,/g, "").split(" ").slice(-1)[0];
};

function recipes(u: Ctx): Rec[] {
  // Dishes share words on purpose: several apple dishes and cakes, Grandma behind two of them.
  const SWEET: [string, string][] = [
    ["apple cake", "three apples, a cup of sugar, and patience"], ["apple cake", "grate the apples straight into the batter, skins and all"],
    ["apple crumble", "twice as much crumble as you think, and cold butter"], ["apple crumble", "a handful of oats and a spoon of cinnamon in the topping"],
    ["plum cake", "halve the plums and push them in skin side down"], ["plum cake", "a splash of the cheap brandy, never the good one"],
    ["apple strudel", "stretch the dough until you can read a newspaper through it"], ["lemon drizzle", "grate the lemon over the bowl, not the board"],
    ["rice pudding", "a bay leaf and a bad mood, stir every ten minutes"], ["oat biscuits", "golden syrup warmed in the tin, never measured"],
  ];
  const SAVOURY: [string, string][] = [
    ["onion soup", "burn the onions a little, on purpose"], ["beef stew", "brown the meat in three batches or it sulks"],
    ["pierogi", "pinch the edges like you're closing a letter"], ["fish pie", "salt the water like the sea at Whitby"],
    ["goulash", "more paprika than seems polite"], ["lentil dal", "the tadka goes in last and loud"],
  ];
  const WHO = ["Mum", `Aunt ${u.aunt}`, "Grandpa", "Dad"];
  const sweet = shuffle(SWEET);
  const picked: [string, string][] = [];
  for (const x of sweet) if (picked.length < 3 && !picked.some((p) => p[0] === x[0])) picked.push(x);
  picked.push(...shuffle(SAVOURY).slice(0, int(1, 2)));
  const whos = ["Grandma", "Grandma", ...shuffle(WHO)];
  return picked.map(([dish, q], i) => {
    const who = whos[i];
    const text = pick([`${who}'s ${dish} recipe: '${q}'.`, `${who}'s secret for the ${dish}: '${q}'.`]);
    const w = rareWord(q);
    const frag = fragment(q);
    return {
      family: "recipes",
      text,
      cands: [
        chance(0.5) ? c("phrase", `${w.toLowerCase()} ${dish}`, w, dish) : c("phrase", `"${frag}"`, frag),
        c("reverse", pick([`what's ${who}'s secret for the ${dish}?`, `${who}'s ${dish} recipe`, `how does ${who} make the ${dish}?`]), who, dish),
      ],
    };
  });
}

function sayings(u: Ctx): Rec[] {
  const ADVICE: [string, string][] = [
    ["money", "never lend what you can't afford to lose"], ["money", "count the change before you leave the counter"],
    ["DIY", "measure twice, swear once"], ["DIY", "buy the screws before you need them"],
    ["travel", "the tide doesn't wait for the ferry"], ["travel", "pack half the clothes and twice the money"],
    ["hiking", "buy the good boots, not the good coat"], ["hiking", "leave every campsite tidier than you found it"],
    ["work", "ask the quiet one first"], ["work", "the second draft is the honest one"],
    ["marriage", "never go to bed on an argument, go to bed on a sandwich"], ["marriage", "small kindnesses, every single day"],
  ];
  const ENGRAVINGS = ["we are all just walking each other home", "north is wherever you are", "slow and steady wins nothing, enjoy the view", "more today than yesterday"];
  const whos = shuffle(["Dad", "Grandpa", "my old boss", "Coach " + u.surnames.take(), "Grandma"]);
  // Two pieces of advice may share a topic (from different people): the reverse query names both.
  const adv = shuffle(ADVICE).slice(0, int(2, 3));
  const out: Rec[] = adv.map(([topic, q], i) => {
    const words = q.replace(/,/g, "").split(" ");
    const two = words.filter((w) => w.length >= 5 && !w.includes("'") && !FRAG_STOP.has(w.toLowerCase())).slice(0, 2);
    const frag = fragment(q);
    const phrase = chance(0.5) || two.length < 2 ? c("phrase", `"${frag}"`, frag) : c("phrase", `${two.join(" ")} advice`, ...two, "advice");
    return {
      family: "sayings",
      text: `${cap(whos[i])}'s advice about ${topic}: '${q}'.`,
      cands: [phrase, c("reverse", pick([`what was ${whos[i]}'s advice about ${topic}?`, `${whos[i]}'s ${topic} advice`]), whos[i], `about ${topic}`)],
    };
  });
  const eq = pick(ENGRAVINGS);
  const thing = pick(["my watch", "the wedding ring", "Grandpa's compass", "the bench in the park"]);
  const frag = fragment(eq);
  out.push({
    family: "sayings",
    text: `The engraving on ${thing} says '${eq}'.`,
    cands: [c("phrase", `"${frag}"`, frag), c("reverse", `what does the engraving on ${thing} say?`, "engraving", thing)],
  });
  return out;
}

function combos(u: Ctx): Rec[] {
  const items = some([["my bike lock", "bike lock"], ["the suitcase lock", "suitcase"], ["the padlock on the shed", "shed"], ["the hotel safe", "hotel safe"], ["the gym padlock", "gym padlock"]], 3, 4);
  let base = digits(4);
  while (new Set(base).size < 4) base = digits(4);
  // One or two digits changed, never a mere reordering: the service's near-duplicate check compares digit sets.
  const cs = mutate(base, items.length * 3)
    .filter((x, i, a) => a.findIndex((y) => [...y].sort().join("") === [...x].sort().join("")) === i)
    .slice(0, items.length)
    .map((x) => x.split("").join("-"));
  const frame = int(0, 1);
  return items.map(([q, k], i) => {
    const code = cs[i];
    const text = [`${cap(q)} combination is ${code}.`, `Combination for ${q}: ${code}.`][chance(0.7) ? frame : int(0, 1)];
    return {
      family: "combos",
      text,
      cands: [c("code", pick([code, `${code} combination`, `what opens with ${code}`]), code), c("reverse", pick([`what's the combination for ${q}?`, `${k} combination`]), k, "combination")],
    };
  });
}

function documents(u: Ctx): Rec[] {
  const base = `${letters(1)}${digits(1)}${letters(1)}${digits(4)}`;
  const pp = mutate(base, 3);
  const [y1, y2] = [int(2027, 2034), int(2027, 2034)];
  const [m1, m2] = [pick(MONTHS), pick(MONTHS)];
  const out: Rec[] = [
    {
      family: "documents",
      text: pick([`My passport number is ${pp[0]}, it expires in ${m1} ${y1}.`, `Passport: ${pp[0]}, valid until ${m1} ${y1}.`]),
      cands: [c("code", pick([pp[0], `what is ${pp[0]}`]), pp[0]), c("reverse", pick(["what's my passport number?", "when does my passport expire?"]), "My passport|Passport:")],
    },
    {
      family: "documents",
      text: `${u.partner}'s passport number is ${pp[1]}, expiring ${m2} ${y2}.`,
      cands: [c("code", pp[1], pp[1]), c("reverse", pick([`what's ${u.partner}'s passport number?`, `when does ${u.partner}'s passport expire?`]), `${u.partner}'s passport`)],
    },
  ];
  if (pp[2]) out.push({ family: "documents", text: `Old passport (expired) was ${pp[2]}.`, cands: [c("code", pp[2], pp[2]), c("reverse", "what was my old passport number?", "Old passport")] });
  const nhs = `${digits(3)} ${digits(3)} ${digits(4)}`;
  const nhs2 = `${nhs.slice(0, 8)}${digits(4)}`;
  out.push({ family: "documents", text: `My NHS number is ${nhs}.`, cands: [c("number", pick([nhs, `NHS ${nhs}`]), nhs), c("reverse", "what's my NHS number?", "My NHS")] });
  if (chance(0.6)) out.push({ family: "documents", text: `${u.partner}'s NHS number is ${nhs2}.`, cands: [c("number", nhs2, nhs2), c("reverse", `what's ${u.partner}'s NHS number?`, `${u.partner}'s NHS`)] });
  const lic = `${letters(5)}${digits(6)}${letters(2)}${digits(1)}${letters(2)}`;
  out.push({ family: "documents", text: `Driving licence number ${lic}.`, cands: [c("code", lic, lic), c("reverse", "what's my driving licence number?", "licence")] });
  const ni = `${letters(2)} ${digits(2)} ${digits(2)} ${digits(2)} ${pick(["A", "B", "C", "D"])}`;
  out.push({ family: "documents", text: `National Insurance number: ${ni}.`, cands: [c("code", ni, ni), c("reverse", "what's my national insurance number?", "National Insurance")] });
  if (y1 !== y2 || m1 !== m2) out[0].cands.push(c("number", `passport expiring ${m1} ${y1}`, `${m1} ${y1}`, "passport"));
  return out;
}

function places(u: Ctx): Rec[] {
  const out: Rec[] = [];
  const r = shuffle(RETREATS).slice(0, 2);
  // Two retreats of the same kind would make "where is the cabin?" ambiguous: keep the kinds distinct.
  if (r[0][0] === r[1][0]) r.pop();
  for (const [kind, town, how] of r) {
    out.push({
      family: "places",
      text: pick([`The ${kind} is in ${town}, ${how}.`, `Our ${kind} is in ${town}: ${how}.`]),
      cands: [c("place", pick([`the ${kind} in ${town}`, town, `${town} ${kind}`]), town), c("reverse", pick([`where is the ${kind}?`, `how do I find the ${kind}?`]), `${kind} is in`)],
    });
  }
  const street = u.streets.take();
  const [ca, cb] = [u.cities.take(), u.cities.take()];
  const friend = `${pick(COMMON_FIRST)} ${u.surnames.take()}`;
  const [na, nb] = [int(3, 60), int(61, 140)];
  out.push({
    family: "places",
    text: `My sister ${u.sister} lives at ${na} ${street}, ${ca}.`,
    cands: [c("place", pick([`${na} ${street}`, `${street} ${ca}`]), street, ca), c("reverse", pick([`where does ${u.sister} live?`, `my sister's address`]), `${u.sister} lives at|sister`)],
  });
  out.push({
    family: "places",
    text: `${friend} moved to ${nb} ${street}, ${cb}.`,
    cands: [c("place", pick([`${nb} ${street}`, `${street} in ${cb}`]), street, cb), c("name", friend.split(" ")[1], friend.split(" ")[1])],
  });
  const pcity = pick(CITIES);
  const pc = `${POSTCODE_AREA[pcity]}${int(1, 19)} ${int(1, 9)}${letters(2)}`;
  const street2 = u.streets.take();
  out.push({
    family: "places",
    text: `Mum and Dad's address: ${int(2, 90)} ${street2}, ${pcity}, ${pc}.`,
    cands: [c("code", pc, pc), c("place", street2, street2), c("reverse", pick(["what's Mum and Dad's postcode?", "my parents' address"]), "Mum and Dad's address")],
  });
  const unit = String(int(10, 299));
  const co = pick(["Big Yellow", "Safestore", "Access Self Storage", "Shurgard"]);
  const street3 = u.streets.take();
  out.push({
    family: "places",
    text: `Storage unit ${unit} is at ${co} on ${street3}.`,
    cands: [c("number", `storage unit ${unit}`, "unit", unit), c("place", `${co} ${street3}`, street3), c("reverse", "which storage unit is mine?", "Storage unit")],
  });
  const venue = pick(["The Old Tannery", "Hartwell Barn", "Quayside Loft", "St Brigid's Hall", "The Copper Kettle", "Ravenscar House"]);
  const vtown = pick(["Whitby", "Hebden Bridge", "Keswick", "Tenby", "Ludlow", "Rye", "Malton"]);
  out.push({
    family: "places",
    text: pick([`The wedding reception is at ${venue} in ${vtown}.`, `${cap(u.sister)}'s wedding reception will be at ${venue}, ${vtown}.`]),
    cands: [c("place", pick([venue, `${venue} ${vtown}`]), venue), c("reverse", "where is the wedding reception?", "wedding reception")],
  });
  return out;
}

function pets(u: Ctx): Rec[] {
  const species = some(["cat", "dog", "rabbit", "tortoise"], 2, 3);
  const prefix = `9810${digits(5)}`;
  const out: Rec[] = [];
  for (const sp of species) {
    const P = u.pets.take();
    const chip = `${prefix}${digits(6)}`;
    out.push({
      family: "pets",
      text: pick([`${P} the ${sp}'s microchip number is ${chip}.`, `Microchip for ${P} (our ${sp}): ${chip}.`]),
      cands: [c("number", pick([chip, `microchip ${chip}`]), chip), c("reverse", pick([`what's the ${sp}'s microchip number?`, `${sp} microchip`]), sp, "microchip"), c("name", P, P)],
    });
    if (chance(0.5)) {
      const g = int(30, 180);
      out.push({ family: "pets", text: `${P} eats ${pick(["Acana", "Lily's Kitchen", "Royal Canin", "Burns"])}, ${g} grams twice a day.`, cands: [c("number", `${g} grams`, `${g} grams`)] });
    }
  }
  return out;
}

function products(u: Ctx): Rec[] {
  const out: Rec[] = [];
  const shoes = some([["running shoes", "44.5", ["Hoka", "Saucony", "Altra"]], ["hiking boots", "44", ["Scarpa", "Meindl", "Lowa"]], ["work shoes", "10", ["Loake", "Grenson"]], ["climbing shoes", "41.5", ["La Sportiva", "Ocun", "Tenaya"]]] as const, 2, 3);
  shoes.forEach(([what, size, brands]) => {
    const b = pick(brands);
    out.push({
      family: "products",
      text: `My ${what} are ${b}, size ${size}.`,
      cands: [c("name", pick([b, `${b} size`]), b), c("reverse", pick([`what size are my ${what}?`, `which brand are my ${what}?`]), what)],
    });
  });
  const tn = `TN-${int(2, 3)}${int(1, 4)}${int(1, 9)}0`;
  const dr = `DR-${tn.slice(3, 5)}00`;
  out.push({ family: "products", text: `The printer takes Brother ${tn} toner.`, cands: [c("code", tn, tn), c("reverse", "which toner does the printer take?", "takes Brother")] });
  out.push({ family: "products", text: `Printer drum unit is ${dr}, replace every third toner.`, cands: [c("code", dr, dr), c("reverse", "which drum unit does the printer need?", "drum")] });
  const pw = `-${int(1, 4)}.${pick(["00", "25", "50", "75"])}`;
  const pw2 = `-${int(1, 4)}.${pick(["00", "25", "50", "75"])}`;
  out.push({
    family: "products",
    text: `Contact lenses: ${pick(["Acuvue Oasys", "Dailies Total1", "Biofinity"])}, left ${pw}, right ${pw2}, base curve 8.${int(4, 7)}.`,
    cands: [c("reverse", "what's my contact lens prescription?", "Contact lenses")],
  });
  const filter = `${pick(["HAF", "DA29", "WF"])}-${digits(3)}${letters(1)}`;
  out.push({ family: "products", text: `Fridge water filter model ${filter}, change every six months.`, cands: [c("code", filter, filter), c("reverse", "which filter does the fridge take?", "Fridge")] });
  return out;
}

function bookings(u: Ctx): Rec[] {
  const out: Rec[] = [];
  const rests = shuffle(["Trattoria Zucca", "Osteria Lupo", "Casa Beira", "The Salted Hare", "Brasserie Amandine", "Koji & Clove", "Taverna Ilios"]).slice(0, 2);
  const refBase = `${letters(2)}-${digits(4)}`;
  const refs = mutate(refBase, 2);
  const days = shuffle(["Friday", "Saturday", "Sunday"]);
  rests.forEach((r, i) => {
    const ref = refs[i] ?? `${letters(2)}-${digits(4)}`;
    out.push({
      family: "bookings",
      text: `Table booked at ${r} for ${days[i]} at ${int(6, 9)}, reference ${ref}.`,
      cands: [c("code", pick([ref, `booking ${ref}`]), ref), c("place", pick([r, `${r} booking`]), r), c("reverse", `booking reference for ${days[i]}'s dinner`, "Table booked", days[i])],
    });
  });
  const city = u.cities.take();
  const [coachA, coachB] = shuffle(["C", "D", "E", "F", "G", "H"]);
  let seat = int(12, 68);
  while (seat % 10 === 0 || Math.floor(seat / 10) === seat % 10) seat = int(12, 68);
  const seat2 = Number(String(seat).split("").reverse().join(""));
  out.push({
    family: "bookings",
    text: `Train to ${city}: coach ${coachA}, seat ${seat}.`,
    cands: [c("number", `coach ${coachA} seat ${seat}`, `coach ${coachA}`, `seat ${seat}`), c("reverse", `what's my seat on the train to ${city}?`, `Train to ${city}`)],
  });
  out.push({
    family: "bookings",
    text: `Train back from ${city}: coach ${coachB}, seat ${seat2}.`,
    cands: [c("number", `seat ${seat2} coach ${coachB}`, `coach ${coachB}`, `seat ${seat2}`), c("reverse", `which seat do I have on the train back from ${city}?`, `back from ${city}`)],
  });
  const hotel = pick(["Casa Azulejo", "Hotel Vesterhavn", "Pension Adler", "Hotel Miramar Sul", "The Gull & Anchor"]);
  const conf = digits(8);
  out.push({ family: "bookings", text: `Hotel for the trip: ${hotel}, confirmation ${conf}.`, cands: [c("number", pick([conf, `confirmation ${conf}`]), conf), c("place", hotel, hotel), c("reverse", "what's the hotel confirmation number?", "Hotel", "confirmation")] });
  return out;
}

function policies(u: Ctx): Rec[] {
  const insurers = shuffle(["Bramwell Mutual", "Kestrel Direct", "Harbourline", "Oakhurst Assurance", "Greyfriars Insurance", "Pennant Cover"]);
  const kinds = some(["home insurance", "car insurance", "pet insurance", "travel insurance", "contents insurance"], 3, 4);
  const base = `${letters(2)}-${digits(5)}-${digits(2)}`;
  const nums = mutate(base, kinds.length);
  while (nums.length < kinds.length) nums.push(`${letters(2)}-${digits(5)}-${digits(2)}`);
  return kinds.map((k, i) => ({
    family: "policies",
    text: pick([`${cap(k)} is with ${insurers[i]}, policy ${nums[i]}.`, `${cap(k)}: ${insurers[i]}, policy number ${nums[i]}.`]),
    cands: [
      c("code", pick([nums[i], `policy ${nums[i]}`]), nums[i]),
      c("name", pick([insurers[i], `${insurers[i]} policy`]), insurers[i]),
      c("reverse", pick([`what's the ${k} policy number?`, `who is the ${k} with?`]), k),
    ],
  }));
}

function birthdays(u: Ctx): Rec[] {
  const rels = some(["niece", "nephew", "godson", "goddaughter", "best friend", "neighbour"], 3, 5);
  const d = int(3, 8);
  const m = pick(MONTHS);
  const m2 = pick(MONTHS.filter((x) => x !== m));
  const dates = shuffle([`${d} ${m}`, `${d + 10} ${m}`, `${d} ${m2}`, `${d + 20} ${m}`, `${d + 10} ${m2}`]);
  return rels.map((rel, i) => {
    const N = /niece|goddaughter/.test(rel) ? u.rareF.take() : /nephew|godson/.test(rel) ? u.rareM.take() : chance(0.5) ? u.rareF.take() : u.rareM.take();
    const date = dates[i];
    return {
      family: "birthdays",
      text: pick([`My ${rel} ${N}'s birthday is ${date}.`, `${N} (my ${rel}) has a birthday on ${date}.`]),
      cands: [c("name", pick([N, `${N} birthday`]), N), c("number", `birthday on ${date}`, date, "birthday"), c("reverse", `when is my ${rel}'s birthday?`, rel, "birthday")],
    };
  });
}

const FAMILIES = [wifi, doorCodes, doctors, lockers, flights, debts, plates, contacts, recipes, sayings, combos, documents, places, pets, products, bookings, policies, birthdays];

// ---------------------------------------------------------------- filler (no key, but the same nouns)
// Content words as the service's near-duplicate check sees them (lib/memory/add.ts: stop words, "'s" dropped).
const STOP = new Set(["a", "an", "the", "i", "im", "i'm", "am", "is", "are", "was", "to", "of", "and", "my", "me", "in", "on", "at", "it", "its", "it's", "that", "this", "really", "very", "so", "just", "do", "does"]);
const toks = (s: string) => (s.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).map((t) => t.replace(/'s$/, "")).filter((t) => !STOP.has(t));

function filler(u: Ctx, n: number, taken: Set<string>): string[] {
  const T: (() => string)[] = [
    () => `${pick(["Swam twenty lengths", "Went for a swim", "Did an hour of laps"])} ${pick(["at the lido", "at the pool", "in the lake"])} ${pick(["this morning", "after work", "at lunch", "before breakfast"])}.`,
    () => `Went ${pick(["running", "for a walk", "cycling", "for a long walk"])} ${pick(["by the river", "in the park", "along the canal", "around the lake", "up the hill"])} ${pick(["this morning", "after work", "at lunch", "before breakfast", "in the rain"])}.`,
    () => `I should ${pick(["drink more water", "stretch more", "go to bed earlier", "call Grandma more often", "read more fiction", "cook at home more", "take more breaks", "stop checking my phone in bed"])}${pick(["", " this month", ", honestly", " from now on"])}.`,
    () => `Feeling ${pick(["tired", "great", "a bit low", "restless", "proud of myself", "weirdly calm", "behind on everything"])} ${pick(["today", "this week", "after the long weekend", "since Monday", "tonight"])}.`,
    () => `Need to ${pick(["buy milk", "fix the squeaky door", "reply to the group chat", "water the plants", "return the library books", "book a haircut", "sort out the recycling", "order new bin bags"])} ${pick(["tomorrow", "before Friday", "this weekend", "soon"])}.`,
    () => `Watched ${pick(["a documentary about octopuses", "the new season of the baking show", "an old Hitchcock film", "a terrible action movie", "the football highlights"])} ${pick(["last night", `with ${u.partner}`, "on the train", "while folding laundry"])}.`,
    () => `Idea: ${pick(["learn to make sourdough", "plan a picnic for the spring", "try the Korean place on the corner", "start a herb garden on the balcony", "take a pottery class", "write letters again"])}.`,
    () => `${u.partner} thinks we should ${pick(["repaint the hallway", "get a second cat", "take the train next time", "sell the old sofa", "go somewhere warm in February", "learn to dance"])}.`,
    () => `Remember to ${pick(["take the bins out on Tuesday", "bring a jumper, the office is freezing", "charge the headphones", "text " + u.sister + " back", "defrost the freezer", "thank the neighbours for the parcel"])}.`,
    () => pick([
      "The gym was packed tonight.", "The wifi at the cabin is painfully slow.", "Dentists make me nervous.", "Renewing the passport online was surprisingly painless.",
      "Finally cleaned the bike chain.", "The rental car smelled like pine air freshener.", "Flights are so expensive this summer.", "The landlord still hasn't fixed the boiler.",
      "I keep forgetting which key is for the shed.", "The new physio exercises are actually helping.", "The plumber was two hours late again.", "The printer jammed again right before the meeting.",
      "Grandma's kitchen always smells of cinnamon.", "The storage unit is a mess, need a free Saturday to sort it.", "Lost my gym padlock key, again.", "The hotel breakfast was the best part of the trip.",
      "The train was so crowded I stood the whole way.", "Our street is so quiet on Sunday mornings.", "The dog walker sent a photo of the park.", "Insurance renewal letters all arrive in the same week.",
      "Everyone at book club hated the ending.", "The locker room at the pool needs new benches.",
    ]),
    () => pick([`${pick(["Slept badly", "Woke up at five", "Barely slept"])}${pick(["", " again", " after the late dinner", " thanks to the neighbours' party"])}.`, `${pick(["Slept like a log", "Had a long nap", "Slept in till ten"])}${pick(["", " again", " after the long walk", ", bliss"])}.`]),
    () => `${pick(["Coffee with", "Lunch with", "Quick call with", "Long walk with"])} ${pick([u.sister, u.partner, "Mum", "an old colleague"])} ${pick(["today", "this afternoon", "on Sunday", "yesterday"])}${pick(["", ", it was lovely", ", we talked for hours", ", needed that"])}.`,
    () => `Trying to ${pick(["cut down on sugar", "walk ten thousand steps a day", "read before bed", "learn twenty words of Portuguese a week", "keep the weekends free", "meditate for five minutes"])}${pick(["", ", day three", ", going okay so far", ", not going well"])}.`,
    () => `${pick(["It rained all day", "Beautiful sunny morning", "First frost of the year", "Windy enough to lose an umbrella", "Foggy on the way to work"])}${pick(["", " today", ", stayed in", ", went out anyway"])}.`,
    () => `Took the ${pick(u.usedNumbers.length ? u.usedNumbers : ["42"])} bus ${pick(["into town", "to the market", "home in the rain"])}.`,
  ];
  const out: string[] = [];
  const kept: Set<string>[] = [];
  for (let tries = 0; out.length < n && tries < 20000; tries++) {
    const t = pick(T)();
    if (taken.has(t.toLowerCase())) continue;
    const tt = new Set(toks(t));
    if (kept.some((k) => [...tt].filter((x) => k.has(x)).length / new Set([...tt, ...k]).size >= 0.6)) continue; // no near-duplicate filler
    kept.push(tt);
    taken.add(t.toLowerCase());
    out.push(t);
  }
  return out;
}

// ---------------------------------------------------------------- build
interface Memory {
  id: string;
  text: string;
}
interface Query {
  id: string;
  user: string;
  query: string;
  answers: string[];
  type: QType;
}
const USERS = 10;
const PER_TYPE = 7; // queries per type per user
const users: { id: string; memories: Memory[] }[] = [];
const queries: Query[] = [];
const stats = { records: 0, filler: 0, cands: 0, dropped: 0 };

for (let ui = 1; ui <= USERS; ui++) {
  reseed(7000 + ui * 131);
  const uid = `l${String(ui).padStart(2, "0")}`;
  const u: Ctx = {
    surnames: new Bag(RARE_SURNAMES),
    rareF: new Bag(RARE_FEMALE),
    rareM: new Bag(RARE_MALE),
    pets: new Bag(PET_NAMES),
    streets: new Bag(STREETS),
    cities: new Bag(CITIES),
    dests: new Bag(DESTS),
    partner: pick(PARTNERS),
    sister: pick(SISTERS),
    aunt: pick(AUNTS),
    currency: chance(0.5) ? "euros" : "pounds",
    usedNumbers: [],
  };
  if (u.sister === u.aunt) u.aunt = AUNTS.find((a) => a !== u.sister)!;
  const recs: Rec[] = [];
  const seen = new Set<string>();
  for (const f of FAMILIES) for (const r of f(u)) if (!seen.has(r.text.toLowerCase())) (seen.add(r.text.toLowerCase()), recs.push(r));
  const nFill = Math.round((recs.length * 0.4) / 0.6) + int(-3, 3);
  const fill = filler(u, nFill, seen).map((text): Rec => ({ text, family: "filler", cands: [] }));
  const all = shuffle([...recs, ...fill]);
  const mems: Memory[] = all.map((r, i) => ({ id: `${uid}-m${String(i + 1).padStart(3, "0")}`, text: r.text }));
  users.push({ id: uid, memories: mems });
  stats.records += recs.length;
  stats.filler += fill.length;

  // Label every candidate from the texts, then choose PER_TYPE per type (at most 2 queries per record, one per type).
  const labelled: { cand: Cand; owner: number; answers: string[] }[] = [];
  all.forEach((r, i) => {
    for (const cand of r.cands) {
      stats.cands++;
      if (!hasAll(r.text, cand.needles) || cand.needles.length === 0) throw new Error(`${uid}: needles ${JSON.stringify(cand.needles)} not in own record: ${r.text}`);
      const pool = cand.type === "reverse" ? all.map((x, j) => (x.family === "filler" ? -1 : j)).filter((j) => j >= 0) : all.map((_, j) => j);
      const ans = pool.filter((j) => hasAll(all[j].text, cand.needles));
      // Reverse queries must single out their record; key queries may name at most two memories.
      if ((cand.type === "reverse" && ans.length !== 1) || ans.length > 2) {
        stats.dropped++;
        continue;
      }
      labelled.push({ cand, owner: i, answers: ans.map((j) => mems[j].id) });
    }
  });
  const usedPerRec = new Map<number, Set<QType>>();
  const qTexts = new Set<string>();
  const chosen: Query[] = [];
  for (const type of TYPES) {
    // Prefer single-answer candidates; shuffle for spread over families.
    const pool = shuffle(labelled.filter((l) => l.cand.type === type)).sort((a, b) => a.answers.length - b.answers.length);
    const famCount = new Map<string, number>();
    let got = 0;
    for (const pass of [1, 2, 99]) {
      for (const l of pool) {
        if (got >= PER_TYPE) break;
        const used = usedPerRec.get(l.owner) ?? new Set<QType>();
        const fam = all[l.owner].family;
        if (used.has(type) || used.size >= 2 || qTexts.has(l.cand.query.toLowerCase()) || (famCount.get(fam) ?? 0) >= pass) continue;
        used.add(type);
        usedPerRec.set(l.owner, used);
        famCount.set(fam, (famCount.get(fam) ?? 0) + 1);
        qTexts.add(l.cand.query.toLowerCase());
        chosen.push({ id: "", user: uid, query: l.cand.query, answers: l.answers, type });
        got++;
      }
    }
  }
  shuffle(chosen).forEach((q, i) => queries.push({ ...q, id: `${uid}-q${String(i + 1).padStart(3, "0")}` }));
}

// ---------------------------------------------------------------- validate
const errors: string[] = [];
const err = (m: string) => errors.push(m);
const norm = (s: string) => s.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim().replace(/[.!?;,\s]+$/, "");
const owner = new Map<string, string>();
if (users.length < 8) err(`only ${users.length} users`);
for (const u of users) {
  if (u.memories.length < 120 || u.memories.length > 200) err(`${u.id}: ${u.memories.length} memories`);
  const texts = new Map<string, string>();
  for (const m of u.memories) {
    if (owner.has(m.id)) err(`duplicate id ${m.id}`);
    owner.set(m.id, u.id);
    const k = norm(m.text);
    if (texts.has(k)) err(`${u.id}: duplicate text ${m.text}`);
    texts.set(k, m.id);
    if (/\{|\}|undefined|NaN/.test(m.text)) err(`${m.id}: template residue ${m.text}`);
  }
  // The service merges near duplicates (same numbers and >= 75 % shared content words): none may qualify.
  const ms = u.memories.map((m) => ({ id: m.id, t: new Set(toks(m.text)) }));
  const nums = (s: Set<string>) => [...s].filter((t) => /\d/.test(t)).sort().join(" ");
  for (let i = 0; i < ms.length; i++)
    for (let j = i + 1; j < ms.length; j++) {
      const a = ms[i].t, b = ms[j].t;
      if (nums(a) !== nums(b)) continue;
      const inter = [...a].filter((t) => b.has(t)).length;
      if (inter / new Set([...a, ...b]).size >= 0.75) err(`${ms[i].id} / ${ms[j].id}: near duplicates`);
    }
}
const qseen = new Set<string>();
for (const q of queries) {
  if (!q.answers.length) err(`${q.id}: no answers`);
  for (const a of q.answers) if (owner.get(a) !== q.user) err(`${q.id}: answer ${a} missing or of another user`);
  if (!TYPES.includes(q.type)) err(`${q.id}: type ${q.type}`);
  if (qseen.has(`${q.user} ${q.query.toLowerCase()}`)) err(`${q.id}: repeated query`);
  qseen.add(`${q.user} ${q.query.toLowerCase()}`);
  if (/\{|\}|undefined|NaN/.test(q.query)) err(`${q.id}: template residue ${q.query}`);
}
if (queries.length < 300) err(`only ${queries.length} queries`);
const byType = Object.fromEntries(TYPES.map((t) => [t, queries.filter((q) => q.type === t).length])) as Record<QType, number>;
for (const t of TYPES) if (Math.abs(byType[t] / queries.length - 1 / 6) > 0.03) err(`type ${t} share ${(byType[t] / queries.length).toFixed(3)}`);
for (const u of users) {
  const n = queries.filter((q) => q.user === u.id).length;
  if (n < 30) err(`${u.id}: only ${n} queries`);
}

const data = {
  name: "lookups",
  description:
    "Lookup set: personal notes holding a key (code, number, name, place, exact phrase), each beside siblings that share its words but not its key " +
    "(several wifi passwords, door codes 4471/4417/4471-B, doctors on the same street in two cities, people with the same first name). " +
    "Query types: code, number, name, place, phrase, reverse (describes the record, asks for its key). Generated by bench/data/make-lookups.ts; see bench/data/README.md.",
  users,
  queries,
};
const json =
  "{\n" +
  ` "name": ${JSON.stringify(data.name)},\n "description": ${JSON.stringify(data.description)},\n "users": [\n` +
  data.users.map((u) => `  {"id": ${JSON.stringify(u.id)}, "memories": [\n` + u.memories.map((m) => `   ${JSON.stringify(m)}`).join(",\n") + "\n  ]}").join(",\n") +
  "\n ],\n \"queries\": [\n" +
  data.queries.map((q) => `  ${JSON.stringify(q)}`).join(",\n") +
  "\n ]\n}\n";
JSON.parse(json);
const out = path.join(import.meta.dirname, "lookups.json");
writeFileSync(out, json);

const nMem = users.reduce((s, u) => s + u.memories.length, 0);
console.log(`users ${users.length}, memories ${nMem} (records ${stats.records}, filler ${stats.filler} = ${((100 * stats.filler) / nMem).toFixed(1)}%), per user ${users.map((u) => u.memories.length).join("/")}`);
console.log(`queries ${queries.length}: ` + TYPES.map((t) => `${t} ${byType[t]}`).join(", "));
console.log(`multi-answer queries ${queries.filter((q) => q.answers.length > 1).length}; candidates ${stats.cands}, dropped as ambiguous ${stats.dropped}`);
console.log(`wrote ${out} (${(json.length / 1e6).toFixed(2)} MB)`);
if (errors.length) {
  console.error(`INVALID (${errors.length}):\n  ` + errors.slice(0, 40).join("\n  "));
  process.exit(1);
}
console.log("all invariants hold");
