import type { EntityManager } from 'typeorm';

/**
 * Uses of tags that live elsewhere but belong in `GET /tags/with-counts`: how many dive sites and
 * dives carry each tag. The tags module sits below the modules that own those links (sites, dives)
 * and never imports them: each owner implements this interface and registers itself with the tags
 * module's TagUsageSources when it initialises. An extension point, so it lives in common/ (issue 14):
 * generic in the kinds of use, which the tags module names (`TagUsageKind` there).
 */
export interface TagUsageSource<Kind extends string> {
  /** What this source counts: one of the kinds the tags module reports (e.g. `dive_sites`). */
  readonly kind: Kind;

  /**
   * For each of `tagIds` that has uses, how many uses everyone may see — the owner decides what
   * counts (e.g. sites not archived, dives not private). A tag missing from the map has none. One
   * query for the whole set of ids; with `em`, on it (the caller's transaction or connection).
   */
  countUses(tagIds: number[], em?: EntityManager): Promise<Map<number, number>>;
}
