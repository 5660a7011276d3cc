import { Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TagUsageSources, type TagUsageSource } from '../tags/tag-usage-sources.service';
import { DiveSitesRepository } from './dive-sites.repository';

/**
 * The sites module's part of `GET /tags/with-counts` (dive_site_count) through the tags module's
 * extension point, so tags never reads dive_site_tags or dive_sites: how many sites not archived
 * carry each tag.
 */
@Injectable()
export class SiteTagUsage implements TagUsageSource, OnModuleInit {
  readonly kind = 'dive_sites';

  constructor(
    private readonly sites: DiveSitesRepository,
    @Optional() private readonly sources?: TagUsageSources,
  ) {}

  onModuleInit(): void {
    this.sources?.register(this);
  }

  countUses(tagIds: number[], em?: EntityManager): Promise<Map<number, number>> {
    return this.sites.liveSiteCountsByTag(tagIds, em);
  }
}
