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
 * Ties go to the lower center id. No match: null (the trips are stored without a center).
 *
 * CenterMatcher prepares the centers once (folded names, indexed) so that many newsletters can be
 * matched against the same centers without redoing that work: rule 1 is a lookup of the source's
 * name, rule 2 looks up the source's word sequences (no longer than the longest center name), rule 3
 * is a search of the source in the text of all names.
 */

/** The folded words of a name joined by one space (normalizeSiteName leaves single spaces only). */
const keyOf = (s: string) => normalizeSiteName(s).split(' ').filter(Boolean).join(' ');

export class CenterMatcher {
  /** Center ids in ascending order (index i: the i-th name of `names`). */
  private ids = new Int32Array(0);
  /** Every center's name key, in id order, each between two line feeds ("\nkey1\nkey2\n"). */
  private names = '\n';
  /** Where each name key starts in `names`. */
  private starts = new Int32Array(0);
  /** A name key → the lowest id of a center with that name. */
  private readonly byKey = new Map<string, number>();
  /** The most words a center's name has: no longer word sequence of a source can be a name. */
  private maxWords = 0;
  /** While adding: ids and name keys, laid out by seal(). */
  private adding: Array<{ id: number; key: string }> = [];

  constructor(centers: readonly CenterCandidate[]) {
    for (const center of [...centers].sort((a, b) => a.id - b.id)) this.add(center);
    this.seal();
  }

  /** Builds the matcher in slices, giving the event loop back between them (large center lists). */
  static async prepare(centers: readonly CenterCandidate[], slice = 5000): Promise<CenterMatcher> {
    const matcher = new CenterMatcher([]);
    const sorted = [...centers].sort((a, b) => a.id - b.id);
    for (let i = 0; i < sorted.length; i++) {
      if (i > 0 && i % slice === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      matcher.add(sorted[i]);
    }
    matcher.seal();
    return matcher;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Adds a center; centers must come in ascending id order. */
  private add(center: CenterCandidate): void {
    const key = keyOf(center.name);
    if (key) this.adding.push({ id: center.id, key });
  }

  /**
   * Lays the names out as one text (a few bytes a center, where a string and an index entry per
   * center and word would be tens); the keys of byKey are slices of it.
   */
  private seal(): void {
    const added = this.adding;
    this.adding = [];
    this.ids = Int32Array.from(added, (c) => c.id);
    this.names = `\n${added.map((c) => c.key).join('\n')}\n`;
    this.starts = new Int32Array(added.length);
    let at = 1;
    for (let i = 0; i < added.length; i++) {
      const { id, key } = added[i];
      this.starts[i] = at;
      const shared = this.names.slice(at, at + key.length);
      if (!this.byKey.has(shared)) this.byKey.set(shared, id);
      this.maxWords = Math.max(this.maxWords, key.split(' ').length);
      at += key.length + 1;
    }
  }

  /** The center the sources name (see the file comment), or null. */
  guess(sources: ReadonlyArray<string | null | undefined>): number | null {
    for (const source of sources) {
      if (!source) continue;
      const key = keyOf(source);
      if (!key) continue;
      const s = key.split(' ');
      // 1. The source is a center's name.
      const exact = this.byKey.get(key);
      if (exact !== undefined) return exact;
      // 2. The longest center name (then the lowest id) that the source contains as whole words.
      let best: { length: number; id: number } | null = null;
      for (let i = 0; i < s.length; i++) {
        let gram = '';
        for (let j = i; j < s.length && j - i < this.maxWords; j++) {
          gram = j === i ? s[i] : `${gram} ${s[j]}`;
          const id = this.byKey.get(gram);
          if (
            id !== undefined &&
            (!best || gram.length > best.length || (gram.length === best.length && id < best.id))
          )
            best = { length: gram.length, id };
        }
      }
      if (best) return best.id;
      // 3. The lowest-id center whose name contains the source as whole words: the first occurrence
      //    in `names` (in id order) with a space or a line feed on both sides.
      if (s.length >= 2 || key.length >= 6) {
        const id = this.firstContaining(key);
        if (id !== null) return id;
      }
    }
    return null;
  }

  private firstContaining(key: string): number | null {
    const isBoundary = (code: number) => code === 32 || code === 10;
    for (let at = this.names.indexOf(key); at >= 0; at = this.names.indexOf(key, at + 1)) {
      const end = at + key.length;
      if (isBoundary(this.names.charCodeAt(at - 1)) && isBoundary(this.names.charCodeAt(end))) {
        // The name the occurrence is in: the last start at or before it.
        let lo = 0;
        let hi = this.starts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (this.starts[mid] <= at) lo = mid;
          else hi = mid - 1;
        }
        return this.ids[lo];
      }
    }
    return null;
  }
}

export function guessCenter(
  sources: ReadonlyArray<string | null | undefined>,
  centers: readonly CenterCandidate[],
): number | null {
  return new CenterMatcher(centers).guess(sources);
}
