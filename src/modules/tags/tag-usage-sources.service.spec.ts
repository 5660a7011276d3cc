import { TagUsageSources, type TagUsageSource } from './tag-usage-sources.service';

function source(
  kind: TagUsageSource['kind'],
  counts: Array<[number, number]>,
  calls: number[][],
): TagUsageSource {
  return {
    kind,
    countUses: (tagIds) => {
      calls.push(tagIds);
      return Promise.resolve(new Map(counts));
    },
  };
}

describe('TagUsageSources (the extension point of GET /tags/with-counts)', () => {
  it('sums the sources of each kind; a tag no source counts has no entry', async () => {
    const calls: number[][] = [];
    const sources = new TagUsageSources();
    const sites = source('dive_sites', [[1, 2]], calls);
    sources.register(sites);
    sources.register(sites); // registering twice counts once
    sources.register(
      source(
        'dives',
        [
          [1, 3],
          [2, 1],
        ],
        calls,
      ),
    );
    sources.register(source('dives', [[2, 4]], calls));
    const counts = await sources.countUses([1, 2, 3]);
    expect([...counts.dive_sites]).toEqual([[1, 2]]);
    expect([...counts.dives]).toEqual([
      [1, 3],
      [2, 5],
    ]);
    expect(calls).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });

  it('counts nothing for a kind without a source, and asks no source about no tags', async () => {
    const calls: number[][] = [];
    const sources = new TagUsageSources();
    sources.register(source('dive_sites', [[1, 2]], calls));
    const counts = await sources.countUses([1]);
    expect(counts.dives.size).toBe(0);
    const none = await sources.countUses([]);
    expect(none.dive_sites.size).toBe(0);
    expect(calls).toEqual([[1]]);
  });
});
