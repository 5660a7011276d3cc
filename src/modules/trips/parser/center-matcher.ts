import type { CenterCandidate } from './newsletter-parser';
import { normalizeSiteName } from './text-folding';

/**
 * The diving center a newsletter comes from, guessed from the sender's display names (From, then
 * Reply-To), the subject, and for pasted text its first line (the title) and last line (the
 * signature). Names compare
 * folded (case, accents); for each source in turn, the first of these that finds a center decides:
 * 1. the source is a center's name;
 * 2. the source contains a center's name as whole words ("Aegean Divers Athens — June trips"): the
 *    longest such name, so "Aegean Divers" is not taken for "Aegean Dive Center";
 * 3. a center's name contains the source as whole words ("Deep Blue" → "Deep Blue Dive Adventures"),
 *    when the source has at least two words or six letters (a lone "Info" or "News" proves nothing).
 * No match: null (the trips are stored without a center).
 */

const words = (s: string) => normalizeSiteName(s).split(' ').filter(Boolean);

function containsWords(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((w, j) => haystack[i + j] === w)) return true;
  }
  return false;
}

export function guessCenter(
  sources: ReadonlyArray<string | null | undefined>,
  centers: readonly CenterCandidate[],
): number | null {
  const named = [...centers]
    .sort((a, b) => a.id - b.id)
    .map((c) => ({ id: c.id, words: words(c.name) }))
    .filter((c) => c.words.length > 0);
  const longestFirst = [...named].sort(
    (a, b) => b.words.join(' ').length - a.words.join(' ').length || a.id - b.id,
  );
  for (const source of sources) {
    if (!source) continue;
    const s = words(source);
    if (s.length === 0) continue;
    const key = s.join(' ');
    const exact = named.find((c) => c.words.join(' ') === key);
    if (exact) return exact.id;
    const contained = longestFirst.find((c) => containsWords(s, c.words));
    if (contained) return contained.id;
    if (s.length >= 2 || key.length >= 6) {
      const containing = named.find((c) => containsWords(c.words, s));
      if (containing) return containing.id;
    }
  }
  return null;
}
