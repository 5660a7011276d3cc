import { comparableResult, loadCorpus, loadCorpusContext } from './newsletter-corpus';
import type { NewsletterParseContext } from './newsletter-parser';
import { RuleBasedNewsletterParser } from './rule-based-newsletter-parser';

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
});
