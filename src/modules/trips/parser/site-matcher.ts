import { levenshteinSimilarity } from '../../../common/text/site-name-similarity';
import type { SiteCandidate } from './newsletter-parser';
import { EMOJI, normalizeSiteName, stemToken, tokenize, type Token } from './text-folding';

/**
 * Matching a site name as a newsletter writes it ("στο ναυάγιο Πατρίς", "Fleves island", "Lagonissi
 * reef", "στους Αγίους Θεοδώρους") to a dive site, by its name or one of its aliases.
 *
 * Both sides are compared folded (case, accents incl. Greek tonos and dialytika, final sigma) and then,
 * in this order — the first level that finds a site decides:
 * 1. the exact name, 2. the exact alias;
 * 3. the core: leading prepositions and articles (στο/στη/στην/στον/στις/στους/στα, το/τη/την/τον/τα/
 *    της/του/των, at/in/on/the...), diving terms (wreck, reef, cave, wall, island, islet, cape, point,
 *    bay, rock and their Greek forms ναυάγιο, ύφαλος, ξέρα, σπήλαιο/σπηλιά, τείχος, νησί/νησίδα, ακρωτήρι,
 *    κάβος, κόλπος, βράχος; ship prefixes SS/HMHS/MV) and emoji removed, on both sides, compared with
 *    Greek inflection endings removed (Κελύφο = Κελύφος, Τορώνης = Τορώνη);
 * 4. containment of whole words, names before aliases: the site's core contains the text's
 *    ("Kallithea" → Kallithea Bay), then the text's contains the site's ("Πατρίς στην Κέα" → Πατρίς),
 *    at least MIN_CONTAINED_LENGTH letters;
 * 5. similarity: Levenshtein similarity (`1 - distance / longer length`, distance from the maintained
 *    `fastest-levenshtein` library, as the sites module computes it) of the cores, at least
 *    SITE_MATCH_THRESHOLD. The threshold is derived from the table in site-matcher.spec.ts (misspellings
 *    and transliterations that must match; names of different sites that must not): the middle of the
 *    gap between the highest different-site pair and the lowest same-site pair (DECISIONS.md D21 — the
 *    original's 0.6 was a difflib ratio, a different metric).
 * Ties at a level go to the longer label, then to the lower site id, so the result is deterministic.
 * A name that matches nothing is reported as unmatched — never replaced by a guess.
 */
export const SITE_MATCH_THRESHOLD = 0.71;
export const MIN_CONTAINED_LENGTH = 4;
/** A core this short only matches exactly (a three-letter word contains or resembles too much). */
const MIN_CORE_LENGTH = 3;

const LATIN_TERMS = new Set([
  'wreck',
  'wrecks',
  'reef',
  'reefs',
  'cave',
  'caves',
  'cavern',
  'caverns',
  'wall',
  'walls',
  'island',
  'islands',
  'islet',
  'isle',
  'cape',
  'point',
  'bay',
  'rock',
  'rocks',
  'ss',
  'hmhs',
  'mv',
]);
/** Stems (stemToken) of the Greek terms. */
const GREEK_TERM_STEMS = new Set([
  'ναυαγι',
  'υφαλ',
  'ξερ',
  'σπηλαι',
  'σπηλι',
  'τειχ',
  'τοιχ',
  'νησ',
  'νησι',
  'νησιδ',
  'νησακ',
  'ακρωτηρ',
  'καβ',
  'κολπ',
  'βραχ',
  'καλωδιακ',
]);
export const LEADING_WORDS = new Set([
  'στο',
  'στη',
  'στην',
  'στον',
  'στισ',
  'στουσ',
  'στα',
  'στ',
  'σε',
  'το',
  'τη',
  'την',
  'τον',
  'τα',
  'τησ',
  'του',
  'των',
  'τουσ',
  'οι',
  'ο',
  'η',
  'at',
  'in',
  'on',
  'to',
  'the',
]);
/** Greek articles dropped anywhere in a core ("Σπήλαιο των Ελεφάντων" → "Ελεφάντων"). */
const INNER_ARTICLES = new Set(['του', 'τησ', 'των', 'τουσ', 'το', 'τη', 'την', 'τον', 'τα', 'οι']);

function isTerm(token: Token): boolean {
  return LATIN_TERMS.has(token.text) || GREEK_TERM_STEMS.has(token.stem);
}

/** The tokens that identify a name (see rule 3 of the file comment); the whole name if nothing is left. */
export function coreTokens(tokens: Token[]): Token[] {
  let start = 0;
  while (start < tokens.length - 1 && LEADING_WORDS.has(tokens[start].text)) start++;
  const rest = tokens.slice(start);
  const core = rest.filter((t) => !isTerm(t) && !INNER_ARTICLES.has(t.text));
  return core.length > 0 ? core : rest;
}

export type SiteMatchLevel = 'name' | 'alias' | 'core' | 'contains' | 'similarity';

export interface SiteMatch {
  siteId: number;
  level: SiteMatchLevel;
  /** The name or alias that matched */
  label: string;
  /** 1 for the exact levels; the similarity for level 5 */
  score: number;
}

interface Label {
  siteId: number;
  label: string;
  isAlias: boolean;
  /** Core words, folded */
  core: string;
  /** Core words, stemmed */
  coreStems: string[];
  /** Position in the order labels were added (site id, then the name before the aliases) */
  index: number;
}

function describe(text: string): { normalized: string; core: string; coreStems: string[] } {
  const normalized = normalizeSiteName(text.replace(EMOJI, ' '));
  // The words of the normalized text (the same words tokenize() finds, without their positions).
  const tokens: Token[] = normalized
    ? normalized.split(' ').map((word) => ({ text: word, stem: stemToken(word), start: 0, end: 0 }))
    : [];
  const core = coreTokens(tokens);
  return { normalized, core: core.map((t) => t.text).join(' '), coreStems: core.map((t) => t.stem) };
}

/** Whether `needle` occurs in `haystack` as consecutive whole words. */
function containsWords(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

const letters = (words: string[]) => words.join('').length;

/** Hashed character classes: the code unit modulo 32 (Latin and Greek letters each get their own). */
const CLASSES = 32;

/** How many characters of each class a text has (at most 255: a count is one byte). */
function histogramInto(text: string, into: Uint8Array, offset: number): void {
  for (let i = 0; i < text.length; i++) {
    const at = offset + (text.charCodeAt(i) & (CLASSES - 1));
    if (into[at] < 255) into[at]++;
  }
}

/** The classes a text has, one bit each. */
function classMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) mask |= 1 << (text.charCodeAt(i) & (CLASSES - 1));
  return mask;
}

function popcount(n: number): number {
  const a = n - ((n >>> 1) & 0x55555555);
  const b = (a & 0x33333333) + ((a >>> 2) & 0x33333333);
  return (((b + (b >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * A lower bound of the Levenshtein distance of two texts from the classes they have: each class one
 * has and the other lacks costs an edit of one of its characters, and an edit touches at most one
 * character of each text. Weaker than lowerBoundDistance (repeated letters are not counted), cheaper.
 */
const lowerBoundFromMasks = (a: number, b: number) => Math.max(popcount(a & ~b), popcount(b & ~a));

/**
 * A lower bound of the Levenshtein distance of two texts from their class histograms (the bag
 * distance of the hashed texts): one edit removes at most one character from one side's surplus
 * and adds at most one to the other's, so the distance is at least the larger surplus. Hashing and
 * the one-byte cap only merge or shrink surpluses, so the bound stays a lower bound.
 */
function lowerBoundDistance(a: Uint8Array, b: Uint8Array, offset: number): number {
  let surplusA = 0;
  let surplusB = 0;
  for (let k = 0; k < CLASSES; k++) {
    const d = a[k] - b[offset + k];
    if (d > 0) surplusA += d;
    else surplusB -= d;
  }
  return surplusA > surplusB ? surplusA : surplusB;
}

/**
 * Labels by a key. Most keys have one label, stored as is (a site list of 100,000 names makes
 * hundreds of thousands of keys: one array each would be most of the matcher's memory).
 */
class LabelIndex {
  private readonly map = new Map<string, Label | Label[]>();

  add(key: string, label: Label): void {
    const found = this.map.get(key);
    if (found === undefined) this.map.set(key, label);
    else if (Array.isArray(found)) found.push(label);
    else this.map.set(key, [found, label]);
  }

  get(key: string): readonly Label[] {
    const found = this.map.get(key);
    return found === undefined ? [] : Array.isArray(found) ? found : [found];
  }
}

/** A mention of a known site found in a text (see SiteMatcher.findInText). */
export interface SiteMention {
  siteId: number;
  start: number;
  end: number;
}

export class SiteMatcher {
  /** Labels whose core has at least MIN_CORE_LENGTH characters, by that length (level 5, while adding). */
  private byLength: Label[][] = [];
  /**
   * Level 5's scan, built once all labels are in (seal): the labels of byLength one length after the
   * other, where each length starts, and the class histograms of their cores (CLASSES bytes each).
   */
  private similar: Label[] = [];
  private lengthStart: number[] = [];
  private histograms = new Uint8Array(0);
  /** The classes each of `similar` has, one bit each: a cheaper, weaker first bound. */
  private masks = new Int32Array(0);
  /** Labels by their normalized text (levels 1 and 2). */
  private readonly byNormalized = new LabelIndex();
  /** Labels by their core stems (level 3). */
  private readonly byCore = new LabelIndex();
  /** Labels by each stem of their core (level 4, the label contains the text). */
  private readonly byStem = new LabelIndex();
  /** Labels by the first stem of their core (level 4, the text contains the label; scanning texts). */
  private readonly byFirstStem = new LabelIndex();
  private count = 0;

  constructor(sites: readonly SiteCandidate[]) {
    for (const site of [...sites].sort((a, b) => a.id - b.id)) this.add(site);
    this.seal();
  }

  /**
   * Builds the matcher in slices, giving the event loop back between them: preparing 100,000 sites
   * takes about a second of CPU, which must not stall the requests served meanwhile.
   */
  static async prepare(sites: readonly SiteCandidate[], slice = 2000): Promise<SiteMatcher> {
    const matcher = new SiteMatcher([]);
    const sorted = [...sites].sort((a, b) => a.id - b.id);
    for (let i = 0; i < sorted.length; i++) {
      if (i > 0 && i % slice === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      matcher.add(sorted[i]);
    }
    matcher.seal();
    return matcher;
  }

  /** Lays out level 5's scan (see `similar`). */
  private seal(): void {
    this.similar = [];
    this.lengthStart = [];
    for (let length = 0; length <= this.byLength.length; length++) {
      this.lengthStart[length] = this.similar.length;
      for (const label of this.byLength[length] ?? []) this.similar.push(label);
    }
    this.histograms = new Uint8Array(this.similar.length * CLASSES);
    this.masks = new Int32Array(this.similar.length);
    this.similar.forEach((label, i) => {
      histogramInto(label.core, this.histograms, i * CLASSES);
      this.masks[i] = classMask(label.core);
    });
    this.byLength = [];
  }

  /** How many names and aliases the matcher knows. */
  get size(): number {
    return this.count;
  }

  /** Adds a site's name and aliases; sites must come in ascending id order. */
  private add(site: SiteCandidate): void {
    for (const [label, isAlias] of [
      [site.name, false] as const,
      ...site.aliases.map((a) => [a, true] as const),
    ]) {
      const d = describe(label);
      if (!d.normalized) continue;
      const entry: Label = {
        siteId: site.id,
        label,
        isAlias,
        core: d.core,
        coreStems: d.coreStems,
        index: this.count++,
      };
      // Most names are their own core, and their core their stems (Latin words keep theirs): one string
      // serves as all three keys then (a copy each would be a tenth of the matcher's memory).
      const stems = entry.coreStems.join(' ');
      const coreKey = stems === entry.core ? entry.core : stems;
      this.byNormalized.add(d.normalized === entry.core ? entry.core : d.normalized, entry);
      this.byCore.add(coreKey, entry);
      for (const stem of new Set(entry.coreStems)) this.byStem.add(stem, entry);
      if (letters(entry.coreStems) >= MIN_CONTAINED_LENGTH) this.byFirstStem.add(entry.coreStems[0], entry);
      if (entry.core.length >= MIN_CORE_LENGTH) (this.byLength[entry.core.length] ??= []).push(entry);
    }
  }

  /** The site a written name refers to, by the levels of the file comment, or null. */
  match(written: string): SiteMatch | null {
    const d = describe(written);
    if (!d.normalized) return null;
    const pick = (candidates: readonly Label[], level: SiteMatchLevel, score = 1): SiteMatch | null => {
      if (candidates.length === 0) return null;
      const best = [...candidates].sort((a, b) => b.core.length - a.core.length || a.siteId - b.siteId)[0];
      return { siteId: best.siteId, level, label: best.label, score };
    };
    const names = (labels: readonly Label[]) => labels.filter((l) => !l.isAlias);
    const aliases = (labels: readonly Label[]) => labels.filter((l) => l.isAlias);

    const exact = this.byNormalized.get(d.normalized);
    const exactMatch = pick(names(exact), 'name') ?? pick(aliases(exact), 'alias');
    if (exactMatch) return exactMatch;

    if (d.core.length < MIN_CORE_LENGTH) return null;
    const core = this.byCore.get(d.coreStems.join(' '));
    const coreMatch = pick(names(core), 'core') ?? pick(aliases(core), 'core');
    if (coreMatch) return coreMatch;

    if (letters(d.coreStems) >= MIN_CONTAINED_LENGTH) {
      const labelContainsText = this.byStem
        .get(d.coreStems[0])
        .filter((l) => containsWords(l.coreStems, d.coreStems));
      const textContainsLabel = [...new Set(d.coreStems)]
        .flatMap((stem) => this.byFirstStem.get(stem))
        .filter((l) => containsWords(d.coreStems, l.coreStems));
      const contained =
        pick(names(labelContainsText), 'contains') ??
        pick(aliases(labelContainsText), 'contains') ??
        pick(names(textContainsLabel), 'contains') ??
        pick(aliases(textContainsLabel), 'contains');
      if (contained) return contained;
    }

    const best = this.mostSimilar(d.core);
    return best
      ? { siteId: best.label.siteId, level: 'similarity', label: best.label.label, score: best.score }
      : null;
  }

  /**
   * Level 5: the label whose core is most similar to `core`, at least SITE_MATCH_THRESHOLD; of equal
   * scores a name before an alias, then the lower site id, then the label added first. Only the
   * lengths that can reach the threshold are scanned (similarity ≥ t needs the lengths within a factor
   * (1 - t) of the longer one), and a label is skipped without computing the distance when a lower
   * bound of it (lowerBoundDistance) already keeps it under the threshold — the same label wins as
   * when every label is compared (the bound is exact arithmetic on integers: see maxDistance).
   */
  private mostSimilar(core: string): { label: Label; score: number } | null {
    const slack = 1 - SITE_MATCH_THRESHOLD;
    const histogram = new Uint8Array(CLASSES);
    histogramInto(core, histogram, 0);
    const mask = classMask(core);
    let best: { label: Label; score: number } | null = null;
    for (let length = MIN_CORE_LENGTH; length + 1 < this.lengthStart.length; length++) {
      const from = this.lengthStart[length];
      const to = this.lengthStart[length + 1];
      if (from === to) continue;
      const longest = Math.max(length, core.length);
      if (Math.abs(length - core.length) > slack * longest) continue;
      // The largest distance whose similarity (computed as levenshteinSimilarity does) reaches the threshold.
      let maxDistance = -1;
      while (1 - (maxDistance + 1) / longest >= SITE_MATCH_THRESHOLD) maxDistance++;
      for (let i = from; i < to; i++) {
        if (lowerBoundFromMasks(mask, this.masks[i]) > maxDistance) continue;
        if (lowerBoundDistance(histogram, this.histograms, i * CLASSES) > maxDistance) continue;
        const l = this.similar[i];
        const score = levenshteinSimilarity(core, l.core);
        if (score < SITE_MATCH_THRESHOLD) continue;
        if (
          !best ||
          score > best.score ||
          (score === best.score &&
            (best.label.isAlias !== l.isAlias
              ? best.label.isAlias
              : l.siteId < best.label.siteId ||
                (l.siteId === best.label.siteId && l.index < best.label.index)))
        ) {
          best = { label: l, score };
        }
      }
    }
    return best;
  }

  /**
   * Known sites written in a text (a name's or alias's core as consecutive words, Greek endings
   * ignored), in the order they appear; where two overlap the longer wins. This is the spec's "name
   * contained in text" / "alias contained in text" applied to a trip's heading.
   */
  findInText(text: string): SiteMention[] {
    const tokens = tokenize(text.replace(EMOJI, (m) => ' '.repeat(m.length)));
    const stems = tokens.map((t) => t.stem);
    const found: Array<SiteMention & { words: number }> = [];
    for (let i = 0; i < tokens.length; i++) {
      for (const label of this.byFirstStem.get(stems[i])) {
        const n = label.coreStems.length;
        if (containsWords(stems.slice(i, i + n), label.coreStems)) {
          found.push({ siteId: label.siteId, start: tokens[i].start, end: tokens[i + n - 1].end, words: n });
        }
      }
    }
    found.sort((a, b) => a.start - b.start || b.words - a.words || a.siteId - b.siteId);
    const kept: SiteMention[] = [];
    for (const f of found) {
      const last = kept[kept.length - 1];
      if (last && f.start < last.end) continue;
      kept.push({ siteId: f.siteId, start: f.start, end: f.end });
    }
    return kept;
  }
}

export { stemToken };
