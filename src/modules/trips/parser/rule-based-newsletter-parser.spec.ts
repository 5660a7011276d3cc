import { comparableResult, loadCorpus, loadCorpusContext } from './newsletter-corpus';
import type { NewsletterParseContext } from './newsletter-parser';
import {
  MAX_DESCRIPTION_LENGTH,
  MAX_SITE_NAME_LENGTH,
  RuleBasedNewsletterParser,
} from './rule-based-newsletter-parser';

const corpus = loadCorpus();
const seed = loadCorpusContext();
const parser = new RuleBasedNewsletterParser();

function contextFor(input: { received_at: string; diving_center_id: number | null }): NewsletterParseContext {
  return {
    receivedAt: new Date(input.received_at),
    divingCenterId: input.diving_center_id,
    sites: seed.dive_sites,
    centers: seed.diving_centers,
  };
}

describe('RuleBasedNewsletterParser on the corpus (test/fixtures/newsletters)', () => {
  it('has at least 12 newsletters, each with its expectation', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(12);
  });

  it.each(corpus.map((f) => [f.name, f] as const))(
    '%s parses to its expected trips',
    async (_name, fixture) => {
      const result = await parser.parse(fixture.content, contextFor(fixture.input));
      expect(comparableResult(result, fixture.expected)).toEqual(fixture.expected);
    },
  );

  it.each(corpus.map((f) => [f.name, f] as const))('%s parses the same way twice', async (_name, fixture) => {
    const first = await parser.parse(fixture.content, contextFor(fixture.input));
    const second = await parser.parse(fixture.content, contextFor(fixture.input));
    expect(second).toEqual(first);
  });

  it('parses every newsletter the same with candidates prepared once (as the service caches them)', async () => {
    const prepared = await parser.prepare(seed.dive_sites, seed.diving_centers);
    expect(prepared.sizes).toEqual({
      siteLabels: seed.dive_sites.reduce((n, s) => n + 1 + s.aliases.length, 0),
      centers: seed.diving_centers.length,
    });
    for (const fixture of corpus) {
      const reused = await parser.parse(fixture.content, {
        receivedAt: new Date(fixture.input.received_at),
        divingCenterId: fixture.input.diving_center_id,
        prepared,
      });
      expect([fixture.name, reused]).toEqual([
        fixture.name,
        await parser.parse(fixture.content, contextFor(fixture.input)),
      ]);
    }
  });

  it('refuses candidates another parser prepared', async () => {
    const foreign = { preparedBy: 'another', sizes: { siteLabels: 0, centers: 0 } };
    await expect(parser.parse('x', { receivedAt: new Date(), prepared: foreign })).rejects.toThrow(
      'The candidates were prepared by another parser',
    );
  });
});

describe('RuleBasedNewsletterParser on inputs outside the corpus', () => {
  const context = (overrides: Partial<NewsletterParseContext> = {}): NewsletterParseContext => ({
    receivedAt: new Date('2027-03-01T08:00:00Z'),
    sites: seed.dive_sites,
    centers: seed.diving_centers,
    ...overrides,
  });

  it('returns no trips for empty or dateless text', async () => {
    expect((await parser.parse('', context())).trips).toEqual([]);
    expect((await parser.parse('Καλές βουτιές σε όλους!', context())).trips).toEqual([]);
  });

  it('keeps what it returns within the columns, however long the trip text', async () => {
    const long = `Sat 6/3/2027: double dive at ${'Very '.repeat(100)}Long Reef, 09:00, 50€. ${'Lorem ipsum. '.repeat(2000)}`;
    const [trip] = (await parser.parse(long, context())).trips;
    expect(trip.trip_description!.length).toBeLessThanOrEqual(MAX_DESCRIPTION_LENGTH);
    expect(trip.trip_description!.endsWith('…')).toBe(true);
    expect(trip.dives.every((d) => (d.dive_description ?? '').length <= MAX_SITE_NAME_LENGTH)).toBe(true);
  });

  it('ignores years no trip is in', async () => {
    expect((await parser.parse('1/1/0001: βουτιά στις Φλέβες 09:00', context())).trips).toEqual([]);
  });

  it('takes an explicit center over any guess, and guesses none when nothing names one', async () => {
    const text = 'Aegean Divers: Σάββατο 6/3/2027 βουτιά στις Φλέβες 09:00';
    expect((await parser.parse(text, context())).diving_center_id).toBe(1);
    expect((await parser.parse(text, context({ divingCenterId: 3 }))).diving_center_id).toBe(3);
    expect(
      (await parser.parse('Σάββατο 6/3/2027 βουτιά στις Φλέβες 09:00', context())).diving_center_id,
    ).toBeNull();
  });
});
