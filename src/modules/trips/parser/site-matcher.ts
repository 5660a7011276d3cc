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
  normalized: string;
  /** Core words, folded */
  core: string;
  /** Core words, stemmed */
  coreStems: string[];
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

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A mention of a known site found in a text (see SiteMatcher.findInText). */
export interface SiteMention {
  siteId: number;
  start: number;
  end: number;
}

export class SiteMatcher {
  private readonly labels: Label[];
  /** Labels by their normalized text (levels 1 and 2). */
  private readonly byNormalized = new Map<string, Label[]>();
  /** Labels by their core stems (level 3). */
  private readonly byCore = new Map<string, Label[]>();
  /** Labels by each stem of their core (level 4, the label contains the text). */
  private readonly byStem = new Map<string, Label[]>();
  /** Labels by the first stem of their core (level 4, the text contains the label; scanning texts). */
  private readonly byFirstStem = new Map<string, Label[]>();

  constructor(sites: readonly SiteCandidate[]) {
    this.labels = [];
    const sorted = [...sites].sort((a, b) => a.id - b.id);
    for (const site of sorted) {
      for (const [label, isAlias] of [
        [site.name, false] as const,
        ...site.aliases.map((a) => [a, true] as const),
      ]) {
        const d = describe(label);
        if (!d.normalized) continue;
        const entry: Label = { siteId: site.id, label, isAlias, ...d };
        this.labels.push(entry);
        push(this.byNormalized, entry.normalized, entry);
        push(this.byCore, entry.coreStems.join(' '), entry);
        for (const stem of new Set(entry.coreStems)) push(this.byStem, stem, entry);
        if (letters(entry.coreStems) >= MIN_CONTAINED_LENGTH)
          push(this.byFirstStem, entry.coreStems[0], entry);
      }
    }
  }

  /** The site a written name refers to, by the levels of the file comment, or null. */
  match(written: string): SiteMatch | null {
    const d = describe(written);
    if (!d.normalized) return null;
    const pick = (candidates: Label[], level: SiteMatchLevel, score = 1): SiteMatch | null => {
      if (candidates.length === 0) return null;
      const best = [...candidates].sort((a, b) => b.core.length - a.core.length || a.siteId - b.siteId)[0];
      return { siteId: best.siteId, level, label: best.label, score };
    };
    const names = (labels: Label[]) => labels.filter((l) => !l.isAlias);
    const aliases = (labels: Label[]) => labels.filter((l) => l.isAlias);

    const exact = this.byNormalized.get(d.normalized) ?? [];
    const exactMatch = pick(names(exact), 'name') ?? pick(aliases(exact), 'alias');
    if (exactMatch) return exactMatch;

    if (d.core.length < MIN_CORE_LENGTH) return null;
    const core = this.byCore.get(d.coreStems.join(' ')) ?? [];
    const coreMatch = pick(names(core), 'core') ?? pick(aliases(core), 'core');
    if (coreMatch) return coreMatch;

    if (letters(d.coreStems) >= MIN_CONTAINED_LENGTH) {
      const labelContainsText = (this.byStem.get(d.coreStems[0]) ?? []).filter((l) =>
        containsWords(l.coreStems, d.coreStems),
      );
      const textContainsLabel = [...new Set(d.coreStems)]
        .flatMap((stem) => this.byFirstStem.get(stem) ?? [])
        .filter((l) => containsWords(d.coreStems, l.coreStems));
      const contained =
        pick(names(labelContainsText), 'contains') ??
        pick(aliases(labelContainsText), 'contains') ??
        pick(names(textContainsLabel), 'contains') ??
        pick(aliases(textContainsLabel), 'contains');
      if (contained) return contained;
    }

    // similarity ≥ t needs |a| and |b| within a factor (1 - t) of the longer one: skip the others.
    const slack = 1 - SITE_MATCH_THRESHOLD;
    let best: { label: Label; score: number } | null = null;
    for (const l of this.labels) {
      if (l.core.length < MIN_CORE_LENGTH) continue;
      if (Math.abs(l.core.length - d.core.length) > slack * Math.max(l.core.length, d.core.length)) continue;
      const score = levenshteinSimilarity(d.core, l.core);
      if (
        score >= SITE_MATCH_THRESHOLD &&
        (!best ||
          score > best.score ||
          (score === best.score && !l.isAlias && best.label.isAlias) ||
          (score === best.score && l.siteId < best.label.siteId && l.isAlias === best.label.isAlias))
      ) {
        best = { label: l, score };
      }
    }
    return best
      ? { siteId: best.label.siteId, level: 'similarity', label: best.label.label, score: best.score }
      : null;
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
      for (const label of this.byFirstStem.get(stems[i]) ?? []) {
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
