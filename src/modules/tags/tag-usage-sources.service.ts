import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TagUsageSource as GenericTagUsageSource } from '../../common/extension-points/tag-usage-source';

/** What `GET /tags/with-counts` counts: a tag's uses on dive sites (dive_site_count) and on dives (dive_count). */
export const TAG_USAGE_KINDS = ['dive_sites', 'dives'] as const;
export type TagUsageKind = (typeof TAG_USAGE_KINDS)[number];

/** A source of one kind of tag use, as the tags module names the kinds. */
export type TagUsageSource = GenericTagUsageSource<TagUsageKind>;

/** For each kind, each tag id's number of uses (0 for tags without any). */
export type TagUsageCounts = Record<TagUsageKind, Map<number, number>>;

/**
 * The extension point of a tag's usage counts. TagsModule exports it; the sites and dives modules
 * import TagsModule (they link tags anyway) and each registers a source counting its own links, on
 * its own tables, when it initialises:
 *
 * ```ts
 * @Injectable()
 * export class SiteTagUsage implements TagUsageSource, OnModuleInit {
 *   readonly kind = 'dive_sites';
 *   constructor(private readonly sources: TagUsageSources, private readonly sites: DiveSitesRepository) {}
 *   onModuleInit() { this.sources.register(this); }
 *   countUses(tagIds, em) { return this.sites.liveSiteCountsByTag(tagIds, em); }
 * }
 * ```
 *
 * A kind no source counts is 0 for every tag (an application without that module has no such uses).
 */
@Injectable()
export class TagUsageSources {
  private readonly sources: TagUsageSource[] = [];

  register(source: TagUsageSource): void {
    if (!this.sources.includes(source)) this.sources.push(source);
  }

  /**
   * Each kind's uses of `tagIds`, summed over the sources of that kind: one query per source for the
   * whole set, run one after the other (a page of tags never holds more than one connection).
   */
  async countUses(tagIds: number[], em?: EntityManager): Promise<TagUsageCounts> {
    const counts = Object.fromEntries(
      TAG_USAGE_KINDS.map((kind) => [kind, new Map<number, number>()]),
    ) as TagUsageCounts;
    if (tagIds.length === 0) return counts;
    for (const source of this.sources) {
      const total = counts[source.kind];
      for (const [tagId, uses] of await source.countUses(tagIds, em)) {
        total.set(tagId, (total.get(tagId) ?? 0) + uses);
      }
    }
    return counts;
  }
}
