import anyAscii from 'any-ascii';
import {
  APOSTROPHES,
  foldCaseAndAccents,
  levenshteinSimilarity,
  normalizeSiteName,
} from './site-name-similarity';

/**
 * Full-text search documents and queries (issue 15). The database's InnoDB FULLTEXT indexes (on both
 * MariaDB and MySQL) find the rows; this file decides what they index and what is asked, so that
 * matching does not depend on a server's collation or parser:
 * - words are folded before they are stored and before they are asked: lower case, accents and Greek
 *   tonos/dialytika removed, final sigma as σ, apostrophes dropped, other punctuation as spaces (the
 *   same folding as the duplicate-name check, normalizeSiteName);
 * - a word written with an apostrophe is stored joined and also as its parts ("L'Épave" -> lepave, l,
 *   epave), and a search word with an apostrophe asks for either ("l'epave" -> `+(lepave* epave*)`),
 *   so "epave", "l'epave", "l’Epave" and "lepave" all find "L'Épave". Parts shorter than a token are
 *   stored too: FULLTEXT ignores them, the short-word LIKE fallbacks on the names document use them;
 * - a word in a non-Latin script is also stored in Latin: the ELOT 743 spelling for Greek (ου -> ou,
 *   αυ/ευ -> av/ev, χ -> ch, η -> i: "Ναυάγιο" -> navagio) and any-ascii's (Greek, Cyrillic, ...: nayagio),
 *   so a Greek name is found by Greek and by the usual Latin spellings;
 * - names (and aliases) are also stored as the trigrams of their words, a third FULLTEXT index that
 *   finds candidates for a misspelt name ("thistelgorm"), which are then scored by edit distance.
 * A FULLTEXT token is at least 3 characters (innodb_ft_min_token_size): shorter words are neither
 * stored nor asked. The indexes are built without stopwords, so "the" or "sea" are words like others.
 */

/** innodb_ft_min_token_size's default on both servers: shorter words are not indexed. */
export const MIN_TOKEN_LENGTH = 3;

/** How an item matched a search, reported in X-Match-Types. */
export type MatchType = 'exact' | 'name' | 'text' | 'fuzzy';

const GREEK = /\p{Script=Greek}/u;
const NON_LATIN_LETTER = /[^\p{Script=Latin}\p{N}\s]/u;

/** Greek digraphs first (ELOT 743), then letters; input folded (no accents, lower case, σ for ς). */
const GREEK_DIGRAPHS: Array<[RegExp, string]> = [
  [/ου/g, 'ou'],
  [/αυ(?=[θκξπσςτφχψ]|$)/g, 'af'],
  [/ευ(?=[θκξπσςτφχψ]|$)/g, 'ef'],
  [/ηυ(?=[θκξπσςτφχψ]|$)/g, 'if'],
  [/αυ/g, 'av'],
  [/ευ/g, 'ev'],
  [/ηυ/g, 'iv'],
  [/^μπ/g, 'b'],
  [/μπ/g, 'mp'],
  [/^ντ/g, 'd'],
  [/ντ/g, 'nt'],
  [/γγ/g, 'ng'],
  [/^γκ/g, 'g'],
  [/γκ/g, 'gk'],
  [/γ(?=[ξχ])/g, 'n'],
];
const GREEK_LETTERS: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm',
  ν: 'n', ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};

/** The ELOT 743 Latin spelling of one folded Greek word. */
export function elot743(word: string): string {
  let out = word;
  for (const [pattern, latin] of GREEK_DIGRAPHS) out = out.replace(pattern, latin);
  return [...out].map((ch) => GREEK_LETTERS[ch] ?? ch).join('');
}

/** The folded words of a text (see the file comment), in order, duplicates kept. */
export function searchWords(text: string | null | undefined): string[] {
  if (!text) return [];
  return normalizeSiteName(text)
    .split(' ')
    .filter((w) => w.length > 0);
}

/**
 * The folded words of a text with the parts they have between apostrophes: "L'Épave du Liban" ->
 * {word: lepave, parts: [l, epave]}, {word: du, parts: [du]}, {word: liban, parts: [liban]}. `word` is
 * what searchWords() gives, in the same order.
 */
export function searchTokens(text: string | null | undefined): Array<{ word: string; parts: string[] }> {
  if (!text) return [];
  return foldCaseAndAccents(text)
    .replace(APOSTROPHES, "'")
    .replace(/[^\p{L}\p{M}\p{N}']+/gu, ' ')
    .split(' ')
    .map((token) => ({ word: token.replace(/'/g, ''), parts: token.split("'").filter((p) => p.length > 0) }))
    .filter((t) => t.word.length > 0);
}

/** Scripts written without spaces between words: ICU's dictionaries split them (Intl.Segmenter). */
const UNSPACED = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** The words inside a folded word of a script written without spaces ("เกาะเต่า" -> เกาะ, เต่า); [] otherwise. */
export function segmentsOf(word: string): string[] {
  if (!UNSPACED.test(word)) return [];
  const parts = [...segmenter.segment(word)].filter((s) => s.isWordLike).map((s) => s.segment);
  return parts.length > 1 ? parts : [];
}

/** Latin spellings of a folded word written in another script (none for a Latin word). */
export function latinSpellings(word: string): string[] {
  if (!NON_LATIN_LETTER.test(word)) return [];
  const spellings = new Set<string>();
  if (GREEK.test(word)) spellings.add(elot743(word));
  const ascii = searchWords(anyAscii(word)).join('');
  if (ascii.length > 0) spellings.add(ascii);
  spellings.delete(word);
  return [...spellings];
}

/**
 * Words as stored: each folded word of the texts, its parts between apostrophes, the words of an
 * unspaced script, the Latin spellings of each, each once.
 */
export function documentWords(texts: Array<string | null | undefined>): string[] {
  const words = new Set<string>();
  const add = (word: string) => {
    words.add(word);
    for (const part of segmentsOf(word)) words.add(part);
    for (const latin of latinSpellings(word)) words.add(latin);
  };
  for (const text of texts) {
    for (const token of searchTokens(text)) {
      add(token.word);
      if (token.parts.length > 1) for (const part of token.parts) add(part);
    }
  }
  return [...words];
}

/** The text stored in a FULLTEXT column for these texts (folded words and spellings, space-separated). */
export function searchDocument(texts: Array<string | null | undefined>): string {
  return documentWords(texts).join(' ');
}

/** The trigrams of a word of at least 3 characters (the word itself when it has exactly 3). */
export function trigramsOf(word: string): string[] {
  const chars = [...word];
  if (chars.length < MIN_TOKEN_LENGTH) return [];
  const out: string[] = [];
  for (let i = 0; i + MIN_TOKEN_LENGTH <= chars.length; i++) out.push(chars.slice(i, i + MIN_TOKEN_LENGTH).join(''));
  return out;
}

/** The trigram document of some names: every trigram of every stored word, each once. */
export function trigramDocument(names: Array<string | null | undefined>): string {
  const grams = new Set<string>();
  for (const word of documentWords(names)) for (const g of trigramsOf(word)) grams.add(g);
  return [...grams].join(' ');
}

const isIndexed = (word: string) => [...word].length >= MIN_TOKEN_LENGTH;

/**
 * The BOOLEAN MODE query for a user's search on the search documents (searchDocument()): every word
 * of at least 3 characters is required, as a prefix (`+reef* +blue*`); a word with an apostrophe as
 * its joined form or its parts (`l'epave` -> `+(lepave* epave*)`, `aujourd'hui` ->
 * `+(aujourdhui* (+aujourd* +hui*))`; parts shorter than a token left out). Only folded letters and
 * digits reach it, so no FULLTEXT operator can be injected. Undefined when no word is long enough to
 * be indexed.
 */
export function booleanQuery(search: string): string | undefined {
  const terms = new Set<string>();
  for (const { word, parts } of searchTokens(search)) {
    if (parts.length > 1) {
      if (!isIndexed(word)) continue;
      const long = parts.filter(isIndexed);
      if (long.length === 0) terms.add(`+${word}*`);
      else if (long.length === 1) terms.add(`+(${word}* ${long[0]}*)`);
      else terms.add(`+(${word}* (${long.map((p) => `+${p}*`).join(' ')}))`);
      continue;
    }
    const segments = segmentsOf(word);
    for (const w of segments.length > 0 ? segments : [word]) if (isIndexed(w)) terms.add(`+${w}*`);
  }
  return terms.size > 0 ? [...terms].join(' ') : undefined;
}

/**
 * The BOOLEAN MODE query for a FULLTEXT index on raw text columns (the dives' and the trips' own
 * texts), whose collation (utf8mb4_unicode_ci) ignores case and accents and whose tokenizer splits
 * words at apostrophes ("l'Épave" -> l, épave): apostrophes become spaces, then booleanQuery().
 */
export function columnTextQuery(search: string): string | undefined {
  return booleanQuery(search.replace(APOSTROPHES, ' '));
}

/** The NATURAL LANGUAGE query over the trigram index that finds candidates for a misspelt name. */
export function trigramQuery(search: string): string | undefined {
  const grams = new Set<string>();
  for (const word of searchWords(search)) for (const g of trigramsOf(word)) grams.add(g);
  return grams.size > 0 ? [...grams].join(' ') : undefined;
}

/** Similarity a misspelt name must reach to be reported (Levenshtein, 1 = equal). */
export const FUZZY_THRESHOLD = 0.7;

/**
 * How close a search is to one name: the Levenshtein similarity of the folded search to the folded
 * name, or to the best run of as many consecutive words of the name (so "thistelgorm" is close to
 * "SS Thistlegorm"), Latin spellings of a Greek name included.
 */
export function fuzzyScore(search: string, name: string): number {
  const query = searchWords(search).join(' ');
  if (query.length === 0) return 0;
  const queryWords = query.split(' ').length;
  const words = searchWords(name);
  const variants = [words, words.map((w) => latinSpellings(w)[0] ?? w)];
  let best = 0;
  for (const variant of variants) {
    best = Math.max(best, levenshteinSimilarity(query, variant.join(' ')));
    for (let i = 0; i + queryWords <= variant.length; i++) {
      best = Math.max(best, levenshteinSimilarity(query, variant.slice(i, i + queryWords).join(' ')));
    }
  }
  return best;
}

/** Whether a folded search equals one of the names (folded): an `exact` match. */
export function isExactName(search: string, names: string[]): boolean {
  const query = searchWords(search).join(' ');
  return names.some((n) => searchWords(n).join(' ') === query);
}

/**
 * X-Match-Types: `{"<id>": "<how it matched>"}` for the items of a page, as JSON; undefined when empty
 * or above 8 KB (the header limit the original keeps).
 */
export function matchTypesHeader(types: Map<number, MatchType>): string | undefined {
  if (types.size === 0) return undefined;
  const value = JSON.stringify(Object.fromEntries(types));
  return value.length <= 8192 ? value : undefined;
}

/** The three FULLTEXT columns of a search document row (dive_site_search, diving_center_search). */
export interface SearchDocumentRow {
  /** Names and aliases: folded words and Latin spellings */
  names: string;
  /** The other searchable texts (place, description) */
  body: string;
  /** Trigrams of the names' words, for misspelt names */
  trigrams: string;
}

/** The search document of one item: its names (name and aliases) and its other texts. */
export function searchDocumentRow(
  names: Array<string | null | undefined>,
  texts: Array<string | null | undefined>,
): SearchDocumentRow {
  return { names: searchDocument(names), body: searchDocument(texts), trigrams: trigramDocument(names) };
}

/** The dive_sites columns a site's search document is made of. */
export interface SearchedSite {
  name: string;
  country: string | null;
  region: string | null;
  description: string | null;
}

/** The document of a dive site (dive_site_search): names = its name and aliases; body = place, description. */
export function siteSearchDocument(site: SearchedSite, aliases: readonly string[]): SearchDocumentRow {
  return searchDocumentRow([site.name, ...aliases], [site.country, site.region, site.description]);
}

/** The diving_centers columns a center's search document is made of. */
export interface SearchedCenter {
  name: string;
  description: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
}

/** The document of a diving center (diving_center_search): names = its name; body = description and place. */
export function centerSearchDocument(center: SearchedCenter): SearchDocumentRow {
  return searchDocumentRow([center.name], [center.description, center.country, center.region, center.city]);
}

/** Below this many word matches, a search also looks for misspelt names (the original: < 5). */
export const FUZZY_WHEN_FEWER_THAN = 5;
/** At most this many misspelt-name matches are appended (the original: 10). */
export const MAX_FUZZY_MATCHES = 10;
/** Trigram candidates scored per search. */
export const FUZZY_CANDIDATES = 50;

/**
 * The ids of up to `room` candidates whose names are close to a misspelt `search` (fuzzyScore ≥
 * FUZZY_THRESHOLD against any of `names`), closest first, ties by id; ids in `exclude` left out.
 */
export function closestMisspelt(
  search: string,
  candidates: Array<{ id: number; names: string[] }>,
  exclude: ReadonlySet<number>,
  room: number,
): number[] {
  if (room <= 0) return [];
  return candidates
    .filter((c) => !exclude.has(c.id))
    .map((c) => ({ id: c.id, score: Math.max(0, ...c.names.map((n) => fuzzyScore(search, n))) }))
    .filter((c) => c.score >= FUZZY_THRESHOLD)
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, room)
    .map((c) => c.id);
}
