import { distance as levenshteinDistance } from 'fastest-levenshtein';

/**
 * When two dive-site names are "similar" for the create-time duplicate check (spec/api.md §6,
 * DECISIONS.md D19, D21).
 *
 * Names are compared after normalizeSiteName(): lower case, accents folded (Latin, Greek, Cyrillic and
 * Arabic marks; Thai marks are letters of the word and stay), apostrophes dropped, other punctuation
 * as spaces. Then, in order:
 * 1. Differing compass words (north/south/east/west, their -ern/compound/abbreviated forms and the
 *    Greek βόρειο/νότιο/ανατολικό/δυτικό families) keep names distinct: "North Horn" ≠ "South Horn",
 *    and "Blue Hole North" ≠ "Blue Hole". Differing numbers do too ("Reef 1" ≠ "Reef 2") — our
 *    addition: the edit distance of such names is tiny, yet they are different sites.
 * 2. Equal names are similar.
 * 3. A name of at least 4 characters contained in the other is similar ("Thistlegorm" in
 *    "SS Thistlegorm").
 * 4. Otherwise the metric: Levenshtein similarity, `1 - distance / max(length)` with the distance from
 *    the `fastest-levenshtein` library, on the normalized names, compared with
 *    SIMILAR_NAME_THRESHOLD. The original used Python difflib's ratio ≥ 0.70, which flags distinct
 *    short names that share a prefix ("Koh Ha"/"Koh Tao": difflib 0.77). The threshold is derived
 *    from the fixture table in site-name-similarity.spec.ts (spelling variants and typos that must
 *    match; neighbouring distinct sites that must not): it sits in the middle of the gap between the
 *    lowest same-site pair and the highest distinct-site pair, and the test fails if the table stops
 *    having a gap there (distinct pairs reach 0.714 — "Koh Ha"/"Koh Tao"; same-site pairs go down to
 *    0.778 — the transposition "Hin Daeng"/"Hin Deang"; midpoint 0.746 → 0.75).
 *    Known limit of any edit distance: a one-letter difference in a short name ("Long Reef"/"Lone
 *    Reef") cannot be told from a typo, so such neighbours within 50 km are reported as similar.
 */
export const SIMILAR_NAME_THRESHOLD = 0.75;

/** Shortest name that counts as "contained in" another (rule 3). */
export const MIN_SUBSTRING_LENGTH = 4;

type Direction = 'N' | 'S' | 'E' | 'W';

const FOLDED_SCRIPTS = /([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Arabic}])\p{M}+/gu;
/** The characters written as apostrophes (ASCII, typographic, modifier letter, grave and acute accents). */
export const APOSTROPHES = /['’‘ʼ`´]/g;
const NOT_WORD = /[^\p{L}\p{M}\p{N}]+/gu;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Lower case, accents folded (Latin, Greek, Cyrillic, Arabic marks), final sigma as σ; nothing else changed. */
export function foldCaseAndAccents(text: string): string {
  // Printable ASCII has no marks to fold and is its own NFD and NFC: skip the two normalizations.
  const folded = PRINTABLE_ASCII.test(text)
    ? text
    : text.normalize('NFD').replace(FOLDED_SCRIPTS, '$1').normalize('NFC');
  return folded.toLowerCase().replace(/ς/g, 'σ');
}

/** The name as the rules compare it (see the file comment). */
export function normalizeSiteName(name: string): string {
  return foldCaseAndAccents(name).replace(APOSTROPHES, '').replace(NOT_WORD, ' ').trim();
}

const ENGLISH_COMPASS = /^(?:(north|south)(east|west)?|(east|west))(?:ern|erly|side)?$/;
const ABBREVIATED: Record<string, Direction[]> = {
  n: ['N'],
  s: ['S'],
  e: ['E'],
  w: ['W'],
  ne: ['N', 'E'],
  nw: ['N', 'W'],
  se: ['S', 'E'],
  sw: ['S', 'W'],
};
/** Greek stems (accents folded, final sigma as σ), matched inside a word for compounds (βορειοανατολικό). */
const GREEK_COMPASS: Array<[RegExp, Direction]> = [
  [/βορει|βορρα/, 'N'],
  [/νοτι|^νοτοσ?$|^νοτου$/, 'S'],
  [/ανατολ/, 'E'],
  [/δυτικ|^δυση$|^δυσησ$/, 'W'],
];

function directionsOfWord(word: string): Direction[] {
  if (ABBREVIATED[word]) return ABBREVIATED[word];
  const english = ENGLISH_COMPASS.exec(word);
  if (english) {
    const parts = [english[1], english[2], english[3]].filter((p): p is string => Boolean(p));
    return parts.map((p) => p[0].toUpperCase() as Direction);
  }
  return GREEK_COMPASS.filter(([stem]) => stem.test(word)).map(([, d]) => d);
}

/** The compass directions a normalized name mentions, as a sorted key ("" for none). */
export function compassKey(normalized: string): string {
  const set = new Set(normalized.split(' ').flatMap(directionsOfWord));
  return [...set].sort().join('');
}

function numbersKey(normalized: string): string {
  return (normalized.match(/\p{N}+/gu) ?? []).join(' ');
}

/** Levenshtein similarity in [0, 1] of two normalized names (1 = equal). */
export function levenshteinSimilarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 1;
  return 1 - levenshteinDistance(a, b) / longest;
}

/** Whether two site names are similar enough to be the same site (the rules of the file comment). */
export function areSiteNamesSimilar(nameA: string, nameB: string): boolean {
  return siteNameMatcher(nameA)(nameB);
}

/**
 * areSiteNamesSimilar(name, candidate) for many candidates (the create-time check compares one new
 * name with up to thousands of nearby sites): `name` is normalized and keyed once, and a candidate is
 * first judged on its text — equal, contained, or close enough — with a length bound that rejects
 * most pairs before any edit distance is computed (the distance is at least the length difference);
 * the compass and number keys only for the few that pass. The same answers as the rules above, in
 * another order (all of them must hold).
 */
export function siteNameMatcher(name: string): (candidate: string) => boolean {
  const a = normalizeSiteName(name);
  if (!a) return () => false;
  const compass = compassKey(a);
  const numbers = numbersKey(a);
  return (candidate) => {
    const b = normalizeSiteName(candidate);
    if (!b || !similarText(a, b)) return false;
    return compassKey(b) === compass && numbersKey(b) === numbers;
  };
}

/** Rules 2–4 on two non-empty normalized names. */
function similarText(a: string, b: string): boolean {
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length >= MIN_SUBSTRING_LENGTH && longer.includes(shorter)) return true;
  // levenshteinSimilarity = 1 - distance / longest, and distance ≥ the difference of the lengths.
  if (1 - (longer.length - shorter.length) / longer.length < SIMILAR_NAME_THRESHOLD) return false;
  return levenshteinSimilarity(a, b) >= SIMILAR_NAME_THRESHOLD;
}
