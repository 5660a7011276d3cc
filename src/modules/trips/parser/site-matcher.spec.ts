import { levenshteinSimilarity } from '../../../common/text/site-name-similarity';
import { coreTokens, SITE_MATCH_THRESHOLD, SiteMatcher } from './site-matcher';
import { tokenize } from './text-folding';

/**
 * The table SITE_MATCH_THRESHOLD is derived from (DECISIONS.md D21): how newsletters misspell and
 * transliterate site names (must match), and names of different places that look alike (must not).
 * Compared by the metric alone, on the cores (terms and prepositions removed).
 * Known limit of any edit distance, left out of the table: names that differ by one letter or a short
 * insertion (Tilos/Telos, Kastri/Kastro, Kalami/Kalamaki) cannot be told from a typo.
 */
const SAME_SITE: Array<[string, string]> = [
  ['Lagonissi reef', 'Lagonisi Reef'],
  ['Kelyfos island', 'Kelifos Island'],
  ['Marathonissi', 'Marathonisi'],
  ['Britanic', 'HMHS Britannic'],
  ['Lazaretta', 'Lazareta Islet'],
  ['Kavoori', 'Kavouri Reef'],
  ['Flebes', 'Fleves Island'],
  ['Agioi Theodoroi', 'Agii Theodori'],
  ['Elefant Cave', 'Elephant Cave'],
  ['Λαγκονήσι', 'Λαγονήσι'],
  ['Καβούρη', 'Καβούρι'],
  ['Μελισάνη', 'Μελισσάνη'],
  ['Kalithea', 'Kallithea Bay'],
  ['Ladico', 'Ladiko Bay'],
  ['Toronis wall', 'Toroni Wall'],
];

const DIFFERENT_SITES: Array<[string, string]> = [
  ['Kea', 'Keri Caves'],
  ['Kalami', 'Kavouri Reef'],
  ['Καλάμι', 'Καβούρι'],
  ['Koundouros Reef', 'Kavouri Reef'],
  ['Ag. Georgios reef', 'Agii Theodori'],
  ['Marathonisi', 'Lagonisi Reef'],
  ['Agios Nikolaos', 'Agios Georgios'],
  ['Kalithies', 'Kallithea Bay'],
  ['Πάτμος', 'Πατρίς'],
  ['Plaka', 'Plakes'],
  ['Mikri Vigla', 'Megali Vigla'],
  ['Kelyfos', 'Kefalos'],
  ['Ladiko', 'Ladoni'],
  ['Λαδικό', 'Λαζαρέτα'],
  ['Zeza', 'Fleves Island'],
  ['Vouliagmeni', 'Lagonisi Reef'],
];

const core = (s: string) =>
  coreTokens(tokenize(s))
    .map((t) => t.text)
    .join(' ');
const metric = ([a, b]: [string, string]) => levenshteinSimilarity(core(a), core(b));

const SITES = [
  { id: 1, name: 'Fleves Island', aliases: ['Φλέβες', 'Νησίδα Φλέβες'] },
  { id: 2, name: 'Lagonisi Reef', aliases: ['Λαγονήσι'] },
  { id: 4, name: 'Patris Wreck', aliases: ['Πατρίς', 'SS Patris'] },
  { id: 6, name: 'Elephant Cave', aliases: ['Σπήλαιο των Ελεφάντων', 'Drapanos Cave'] },
  { id: 7, name: 'Agii Theodori', aliases: ['Άγιοι Θεόδωροι'] },
  { id: 9, name: 'Kelifos Island', aliases: ['Κελύφος'] },
  { id: 10, name: 'Toroni Wall', aliases: ['Τορώνη'] },
  { id: 13, name: 'Kallithea Bay', aliases: ['Καλλιθέα', 'Kallithea Springs'] },
  { id: 15, name: 'Blue Hole Kea', aliases: [] },
  { id: 16, name: 'Blue Hole', aliases: [] },
];

describe('SiteMatcher', () => {
  const matcher = new SiteMatcher(SITES);
  const idOf = (written: string) => matcher.match(written)?.siteId ?? null;

  it('derives the threshold: the middle of the gap between different and same-site pairs (D21)', () => {
    const highestDifferent = Math.max(...DIFFERENT_SITES.map(metric));
    const lowestSame = Math.min(...SAME_SITE.map(metric));
    expect(highestDifferent).toBeLessThan(lowestSame);
    expect(SITE_MATCH_THRESHOLD).toBe(Math.round(((highestDifferent + lowestSame) / 2) * 100) / 100);
  });

  it.each(SAME_SITE)('%s ~ %s by the metric', (a, b) => {
    expect(metric([a, b])).toBeGreaterThanOrEqual(SITE_MATCH_THRESHOLD);
  });

  it.each(DIFFERENT_SITES)('%s ≁ %s by the metric', (a, b) => {
    expect(metric([a, b])).toBeLessThan(SITE_MATCH_THRESHOLD);
  });

  it('matches the exact name, then the exact alias, case- and accent-insensitively', () => {
    expect(matcher.match('fleves island')).toMatchObject({ siteId: 1, level: 'name' });
    expect(matcher.match('ΦΛΕΒΕΣ')).toMatchObject({ siteId: 1, level: 'alias' });
    expect(matcher.match('Λαγονησι')).toMatchObject({ siteId: 2, level: 'alias' });
    expect(matcher.match('σπήλαιο των ελεφάντων')).toMatchObject({ siteId: 6, level: 'alias' });
  });

  it('strips prepositions, articles, diving terms and emoji, and Greek case endings', () => {
    expect(matcher.match('στο ναυάγιο Πατρίς')).toMatchObject({ siteId: 4, level: 'core' });
    expect(matcher.match('🐠 the Patris wreck')).toMatchObject({ siteId: 4, level: 'core' });
    expect(matcher.match('στον Κελύφο')).toMatchObject({ siteId: 9, level: 'core' });
    expect(matcher.match('τείχος της Τορώνης')).toMatchObject({ siteId: 10, level: 'core' });
    expect(matcher.match('στους Αγίους Θεοδώρους')).toMatchObject({ siteId: 7, level: 'core' });
    expect(matcher.match('Fleves island')).toMatchObject({ siteId: 1, level: 'name' });
    expect(matcher.match('Kelifos')).toMatchObject({ siteId: 9, level: 'core' });
  });

  it('then containment of whole words, then similarity', () => {
    expect(matcher.match('Kallithea')).toMatchObject({ siteId: 13, level: 'core' });
    expect(matcher.match('Theodori')).toMatchObject({ siteId: 7, level: 'contains' });
    expect(matcher.match('Πατρίς στην Κέα')).toMatchObject({ siteId: 4, level: 'contains' });
    const typo = matcher.match('Lagonissi reef');
    expect(typo).toMatchObject({ siteId: 2, level: 'similarity' });
    expect(typo!.score).toBeCloseTo(0.889, 3);
    expect(idOf('Kelyfos island')).toBe(9);
  });

  it('never invents a site', () => {
    expect(idOf('ακρωτήρι Ζέζα')).toBeNull();
    expect(idOf('Koundouros Reef')).toBeNull();
    expect(idOf('Kea')).toBeNull();
    expect(idOf('reef')).toBeNull();
    expect(idOf('')).toBeNull();
  });

  it('decides ties the same way every time: the longer name, then the lower id', () => {
    expect(idOf('Blue Hole')).toBe(16);
    expect(new SiteMatcher([...SITES].reverse()).match('Blue Hole')?.siteId).toBe(16);
    expect(idOf('Blue Hole Kea')).toBe(15);
  });

  it('finds known names and aliases written in a text, in order', () => {
    const text = 'Σάββατο: Φλέβες το πρωί και μετά Λαγονήσι — then the Blue Hole Kea';
    expect(matcher.findInText(text).map((m) => [m.siteId, text.slice(m.start, m.end)])).toEqual([
      [1, 'Φλέβες'],
      [2, 'Λαγονήσι'],
      [15, 'Blue Hole Kea'],
    ]);
    expect(matcher.findInText('Το Σάββατο πάμε στις Φλεβών')[0]).toMatchObject({ siteId: 1 });
  });
});

describe('SiteMatcher level 5 (similarity) skips only labels that cannot reach the threshold', () => {
  // Names from syllables, so many labels are close to each other and to the misspellings.
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const SYLLABLES = [
    'ka',
    'la',
    'mo',
    'ri',
    'the',
    'os',
    'ni',
    'ssi',
    'ag',
    'io',
    'πα',
    'τρί',
    'σο',
    'λα',
    'νη',
  ];
  const word = () =>
    Array.from(
      { length: 2 + Math.floor(random() * 3) },
      () => SYLLABLES[Math.floor(random() * SYLLABLES.length)],
    ).join('');
  const name = () => Array.from({ length: 1 + Math.floor(random() * 2) }, word).join(' ');
  const sites = Array.from({ length: 400 }, (_, i) => ({
    id: 1 + ((i * 37) % 400),
    name: name(),
    aliases: random() < 0.4 ? [name()] : [],
  }));
  const misspell = (s: string) => {
    const chars = [...s];
    const at = Math.floor(random() * chars.length);
    if (random() < 0.5) chars.splice(at, 1);
    else chars.splice(at, 0, 'aoσ'[Math.floor(random() * 3)]);
    return chars.join('');
  };
  const queries = Array.from({ length: 400 }, () => {
    const site = sites[Math.floor(random() * sites.length)];
    const label = site.aliases.length > 0 && random() < 0.5 ? site.aliases[0] : site.name;
    return random() < 0.3 ? name() : misspell(label);
  });

  /** Level 5 as a scan of every label, with its tie rule: a name before an alias, then the lower id. */
  function bruteForce(written: string): number | null {
    const target = core(written);
    let best: { score: number; isAlias: boolean; siteId: number } | null = null;
    for (const site of [...sites].sort((a, b) => a.id - b.id)) {
      for (const [label, isAlias] of [
        [site.name, false] as const,
        ...site.aliases.map((a) => [a, true] as const),
      ]) {
        const c = core(label);
        if (c.length < 3) continue;
        const score = levenshteinSimilarity(target, c);
        if (score < SITE_MATCH_THRESHOLD) continue;
        if (
          !best ||
          score > best.score ||
          (score === best.score && (best.isAlias !== isAlias ? best.isAlias : site.id < best.siteId))
        )
          best = { score, isAlias, siteId: site.id };
      }
    }
    return best?.siteId ?? null;
  }

  it('finds the site a scan of every label finds', () => {
    const matcher = new SiteMatcher(sites);
    let compared = 0;
    let similar = 0;
    for (const q of queries) {
      const match = matcher.match(q);
      if (match !== null && match.level !== 'similarity') continue;
      compared++;
      if (match) similar++;
      expect([q, match?.siteId ?? null]).toEqual([q, bruteForce(q)]);
    }
    // Both outcomes are compared many times: a similar label found, and none.
    expect([similar, compared - similar].every((n) => n > 50)).toBe(true);
  });

  it('prepare() (in slices, yielding to the event loop) builds the same matcher', async () => {
    const sliced = await SiteMatcher.prepare(sites, 9);
    const whole = new SiteMatcher(sites);
    expect(sliced.size).toBe(whole.size);
    expect(queries.map((q) => sliced.match(q))).toEqual(queries.map((q) => whole.match(q)));
    const text = queries.slice(0, 50).join(', ');
    expect(sliced.findInText(text)).toEqual(whole.findInText(text));
  });
});
