import { Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TagUsageSources, type TagUsageSource } from '../tags/tag-usage-sources.service';
import { DivesRepository } from './dives.repository';

/**
 * The dives module's part of `GET /tags/with-counts` (dive_count) through the tags module's
 * extension point, so tags never reads dive_tags or dives: how many public dives carry each tag
 * (a private dive is counted for no one, its owner included: the list is public).
 */
@Injectable()
export class DiveTagUsage implements TagUsageSource, OnModuleInit {
  readonly kind = 'dives';

  constructor(
    private readonly dives: DivesRepository,
    @Optional() private readonly sources?: TagUsageSources,
  ) {}

  onModuleInit(): void {
    this.sources?.register(this);
  }

  countUses(tagIds: number[], em?: EntityManager): Promise<Map<number, number>> {
    return this.dives.publicDiveCountsByTag(tagIds, em);
  }
}
