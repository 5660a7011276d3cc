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
