import fc from 'fast-check';
import {
  areSiteNamesSimilar,
  compassKey,
  levenshteinSimilarity,
  MIN_SUBSTRING_LENGTH,
  normalizeSiteName,
  SIMILAR_NAME_THRESHOLD,
  siteNameMatcher,
} from './site-name-similarity';

/**
 * The fixture table the threshold is derived from: spelling variants, typos and transliterations of
 * the same site (must be similar by the metric alone), and real neighbouring sites with different
 * names (must not be). Pairs that equality, the substring rule or the compass/number rules decide
 * are tested separately below.
 */
const SAME_SITE: Array<[string, string]> = [
  ['Ras Mohammed', 'Ras Mohamed'],
  ['Shark Reef', 'Sharks Reef'],
  ['Thistlegorm Wreck', 'Thistlegrom Wreck'],
  ['Abu Nuhas', 'Abu Nohas'],
  ['Elphinstone Reef', 'Elphinston Reef'],
  ['Μελισσάνη', 'Μελισάνη'],
  ['Jackson Reef', 'Jacksons Reef'],
  ['Barracuda Point', 'Baracuda Point'],
  ['Giftun Kebir', 'Giftun Kabir'],
  ['Blue Hole', 'Bluehole'],
  ['Chumphon Pinnacle', 'Chumpon Pinnacle'],
  ['Hin Daeng', 'Hin Deang'],
  ['Panagia Reef', 'Panayia Reef'],
  ['Coral Gardens', 'Coral Garden'],
  ['Dunraven Wreck', 'Dunraven Wrek'],
  ['El Mina Wreck', 'El Minya Wreck'],
  ['Kingston Wreck', 'Kingstone Wreck'],
  ['Carnatic Wreck', 'Karnatic Wreck'],
  ['Umm Gamar', 'Um Gamar'],
  ['Twin Peaks', 'Twin Peak'],
  ['Sail Rock', 'Sail Roc'],
];

const DIFFERENT_SITES: Array<[string, string]> = [
  ['Blue Hole', 'Blue Cave'],
  ['Shark Reef', 'Shark Point'],
  ['Koh Ha', 'Koh Tao'],
  ['Hin Daeng', 'Hin Muang'],
  ['Koh Bon', 'Koh Tachai'],
  ['Big Brother', 'Little Brother'],
  ['Panorama Reef', 'Paradise Reef'],
  ['Thomas Reef', 'Tiran Reef'],
  ['Marsa Alam', 'Marsa Shagra'],
  ['Gordon Reef', 'Jackson Reef'],
  ['Ras Um Sid', 'Ras Nasrani'],
  ['Ras Ghozlani', 'Ras Mohammed'],
  ['Σπήλαιο Μελισσάνης', 'Σπήλαιο Δράκου'],
  ['Abu Nuhas', 'Abu Ramada'],
  ['Small Giftun', 'Big Giftun'],
  ['Gota Abu Ramada', 'Gota Soraya'],
  ['Shark Bay', 'Shark Cave'],
  ['Coral Reef', 'Coral Wall'],
  ['Eel Garden', 'Coral Garden'],
  ['Turtle Bay', 'Turtle Cove'],
  ['Fish Rock', 'Fish Reef'],
  ['Sail Rock', 'Bat Rock'],
  ['Blue Wall', 'Blue Hole'],
  ['Twin Peaks', 'Twin Rocks'],
];

const metric = ([a, b]: [string, string]) =>
  levenshteinSimilarity(normalizeSiteName(a), normalizeSiteName(b));

describe('site name similarity (D21)', () => {
  it('derives the threshold: the middle of the gap between distinct and same-site pairs', () => {
    const highestDistinct = Math.max(...DIFFERENT_SITES.map(metric));
    const lowestSame = Math.min(...SAME_SITE.map(metric));
    expect(highestDistinct).toBeLessThan(lowestSame);
    expect(SIMILAR_NAME_THRESHOLD).toBe(Math.round(((highestDistinct + lowestSame) / 2) * 100) / 100);
    expect(highestDistinct).toBeLessThan(SIMILAR_NAME_THRESHOLD);
    expect(lowestSame).toBeGreaterThanOrEqual(SIMILAR_NAME_THRESHOLD);
  });

  it.each(SAME_SITE)('%s ~ %s', (a, b) => {
    expect(areSiteNamesSimilar(a, b)).toBe(true);
    expect(areSiteNamesSimilar(b, a)).toBe(true);
  });

  it.each(DIFFERENT_SITES)('%s ≁ %s', (a, b) => {
    expect(areSiteNamesSimilar(a, b)).toBe(false);
    expect(areSiteNamesSimilar(b, a)).toBe(false);
  });

  it('treats equal names as similar, ignoring case, accents and punctuation', () => {
    expect(areSiteNamesSimilar('BLUE HOLE', 'blue hole')).toBe(true);
    expect(areSiteNamesSimilar('Σπήλαιο', 'ΣΠΗΛΑΙΟ')).toBe(true);
    expect(areSiteNamesSimilar('Κόλπος', 'κολποσ')).toBe(true); // accents and final sigma
    expect(areSiteNamesSimilar("Sha'ab Abu Ramada", 'Shaab Abu-Ramada')).toBe(true);
    expect(areSiteNamesSimilar('Plage de Maïre', 'plage de maire')).toBe(true);
    expect(areSiteNamesSimilar('เกาะเต่า', 'เกาะเต่า')).toBe(true);
    expect(areSiteNamesSimilar('الغردقة', 'الغردقة')).toBe(true);
  });

  it('keeps Thai tone marks (they tell words apart) while folding Latin and Greek accents', () => {
    expect(normalizeSiteName('เกาะเต่า')).toBe('เกาะเต่า');
    expect(normalizeSiteName('Σπήλαιο Μελισσάνης')).toBe('σπηλαιο μελισσανησ');
    expect(normalizeSiteName('  Café—Reef!  ')).toBe('cafe reef');
  });

  it('treats a name of at least 4 characters contained in the other as similar', () => {
    expect(areSiteNamesSimilar('Thistlegorm', 'SS Thistlegorm')).toBe(true);
    expect(areSiteNamesSimilar('Great Blue Hole', 'Blue Hole')).toBe(true);
    expect(areSiteNamesSimilar('Reef', 'Yolanda Reef')).toBe(true);
    expect(areSiteNamesSimilar('Bay', 'Coral Bay')).toBe(false); // 3 characters
  });

  it('keeps names with differing compass words or numbers distinct', () => {
    expect(areSiteNamesSimilar('North Horn', 'South Horn')).toBe(false);
    expect(areSiteNamesSimilar('Blue Hole North', 'Blue Hole')).toBe(false);
    expect(areSiteNamesSimilar('Abu Nuhas East', 'Abu Nuhas West')).toBe(false);
    expect(areSiteNamesSimilar('Northern Reef', 'Southern Reef')).toBe(false);
    expect(areSiteNamesSimilar('NE Point', 'NW Point')).toBe(false);
    expect(areSiteNamesSimilar('Βόρειο Τείχος', 'Νότιο Τείχος')).toBe(false);
    expect(areSiteNamesSimilar('Ανατολικός Ύφαλος', 'Δυτικός Ύφαλος')).toBe(false);
    expect(areSiteNamesSimilar('Reef 1', 'Reef 2')).toBe(false);
    expect(areSiteNamesSimilar('Wreck 12', 'Wreck 1')).toBe(false);
    // The same direction on both sides does not stop a match.
    expect(areSiteNamesSimilar('North Reef', 'north  reef')).toBe(true);
    expect(areSiteNamesSimilar('Northeast Corner', 'North-East Corner')).toBe(true);
  });

  it('reads compass words in English (incl. compounds and abbreviations) and Greek', () => {
    expect(compassKey(normalizeSiteName('Northwestern Wall'))).toBe('NW');
    expect(compassKey(normalizeSiteName('SE Point'))).toBe('ES');
    expect(compassKey(normalizeSiteName('Βορειοανατολικό Ακρωτήριο'))).toBe('EN');
    expect(compassKey(normalizeSiteName('Δυτική Ακτή'))).toBe('W');
    expect(compassKey(normalizeSiteName('Eastern Gardens'))).toBe('E');
    expect(compassKey(normalizeSiteName('Yeast Reef Beast'))).toBe('');
  });

  it('has the known limit of any edit distance: one letter apart in a short name looks like a typo', () => {
    expect(areSiteNamesSimilar('Long Reef', 'Lone Reef')).toBe(true);
  });

  it('siteNameMatcher (one name against many) answers as the rules in their written order', () => {
    // The rules of the file comment, in order, as they were written before the matcher reordered them.
    const numbers = (n: string) => (n.match(/\p{N}+/gu) ?? []).join(' ');
    const reference = (x: string, y: string): boolean => {
      const a = normalizeSiteName(x);
      const b = normalizeSiteName(y);
      if (!a || !b) return false;
      if (compassKey(a) !== compassKey(b) || numbers(a) !== numbers(b)) return false;
      if (a === b) return true;
      const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
      if (shorter.length >= MIN_SUBSTRING_LENGTH && longer.includes(shorter)) return true;
      return levenshteinSimilarity(a, b) >= SIMILAR_NAME_THRESHOLD;
    };
    const word = fc.constantFrom(
      'Blue',
      'blue',
      'Bleu',
      'Hole',
      'Reef',
      'Reefs',
      'Ras',
      'Mohammed',
      'Mohamed',
      'North',
      'South',
      'NE',
      'Coral',
      'Garden',
      'Gardens',
      'Wreck',
      '1',
      '2',
      "Shark's",
      'Sharks',
      'Μελισσάνη',
      'Μελισάνη',
      'Βόρειο',
      'Καλλιθέα',
      'Île',
      'Ile',
      'Crête',
      '',
      '-',
      'Ko',
      'Koh',
      'Tao',
      'Ha',
    );
    const name = fc.array(word, { minLength: 0, maxLength: 4 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(siteNameMatcher(a)(b)).toBe(reference(a, b));
      }),
      { numRuns: 20_000, seed: 13 },
    );
    for (const [a, b] of [...SAME_SITE, ...DIFFERENT_SITES]) {
      expect(siteNameMatcher(a)(b)).toBe(reference(a, b));
    }
  });

  it('normalizes printable ASCII as the full Unicode path does', () => {
    const full = (n: string) => normalizeSiteName(`${n}\u00e9`).slice(0, -1);
    for (const n of ['Ras Mohammed', "Shark's  Reef!", 'SS-Thistlegorm (1941)', '~`{}|\\^', ' ']) {
      expect(normalizeSiteName(n)).toBe(full(n).trim());
    }
  });
});
