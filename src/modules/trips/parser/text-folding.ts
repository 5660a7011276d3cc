import { normalizeSiteName } from '../../../common/text/site-name-similarity';

/**
 * Text helpers shared by the parser's parts. Two kinds of folding:
 * - foldSameLength(): lower case, accents removed (Greek tonos and dialytika included), final sigma as
 *   σ — one UTF-16 unit in, one out, so a regular expression run on the folded text gives positions
 *   that are valid in the original (names are then cut from the original, as written);
 * - normalizeSiteName() (from the sites module) for comparing names: the same folding, punctuation
 *   as spaces.
 */

const MARKS = /\p{M}+/gu;

function foldUnit(unit: string): string {
  const code = unit.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return unit; // half of a surrogate pair (emoji): as is
  const folded = unit.normalize('NFD').replace(MARKS, '').toLowerCase();
  if (folded === 'ς') return 'σ';
  return folded.length === 1 ? folded : unit.toLowerCase().slice(0, 1) || unit;
}

/** Lower case without accents, final sigma as σ, with the same length as `text` (see the file comment). */
export function foldSameLength(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += foldUnit(text[i]);
  return out;
}

export { normalizeSiteName };

/** A word of a text with where it is. */
export interface Token {
  /** Folded (normalizeSiteName) */
  text: string;
  /** Greek inflection removed (see stemToken) */
  stem: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)?/gu;

/**
 * Greek nouns and names change their ending with the case (Φλέβες/Φλεβών, Κελύφος/στον Κελύφο,
 * Τορώνη/της Τορώνης, Άγιοι Θεόδωροι/στους Αγίους Θεοδώρους): comparing stems makes these equal. The
 * longest matching ending is removed while at least three letters remain. Latin words are kept whole.
 */
const GREEK_ENDINGS = [
  'ιου',
  'ιων',
  'ουσ',
  'οισ',
  'εισ',
  'ων',
  'ου',
  'οσ',
  'ησ',
  'εσ',
  'ασ',
  'οι',
  'ια',
  'ο',
  'η',
  'α',
  'ε',
  'ι',
  'υ',
];

export function stemToken(folded: string): string {
  if (!/[\u0370-\u03ff]/.test(folded)) return folded;
  for (const ending of GREEK_ENDINGS) {
    if (folded.endsWith(ending) && folded.length - ending.length >= 3) {
      return folded.slice(0, -ending.length);
    }
  }
  return folded;
}

/** The words of `text` with their positions (apostrophes stay inside a word). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const folded = normalizeSiteName(m[0]).replace(/ /g, '');
    if (!folded) continue;
    tokens.push({ text: folded, stem: stemToken(folded), start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

/** Emoji, pictographs, flags and decorative bullets. */
export const EMOJI =
  /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u{FE0F}|\u{200D}|\u{20E3}|[•◦▪▫►▶➤✓✔☆★]/gu;

/** Collapses runs of whitespace and trims. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
