import type { BoundedList, ListWindow } from '../../common/pagination/bounded-list';
import { Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type { SiteMediaResponseDto } from '../sites/dto/site-media.response.dto';
import { SiteMediaSources, type SiteMediaSource } from '../sites/site-media-sources.service';
import { visibilityFor } from './dive-rules';
import { DivesRepository, type DiveMediaThumbnailRow, type SiteDiveMediaRow } from './dives.repository';

/** The description a dive's media gets in its site's list: who dived, which dive, then its own text. */
export function siteMediaDescription(
  row: Pick<SiteDiveMediaRow, 'user_username' | 'dive_name' | 'description'>,
): string {
  const head = `By: ${row.user_username}\nDive: ${row.dive_name ?? ''}`;
  return row.description ? `${head}\n${row.description}` : head;
}

export function toSiteMediaItem(row: SiteDiveMediaRow): SiteMediaResponseDto {
  return {
    id: row.id,
    dive_site_id: row.dive_site_id,
    media_type: row.media_type,
    url: row.url,
    description: siteMediaDescription(row),
    created_at: row.created_at,
    dive_id: row.dive_id,
    user_id: row.user_id,
    user_username: row.user_username,
    thumbnail_url: row.thumbnail_url,
    medium_url: row.medium_url,
    download_url: row.url,
  };
}

/**
 * The dives module's contribution to `GET /dive-sites/{id}/media` (D26) through the sites module's
 * extension point, so sites never import dives: the media of the dives at the site that the caller
 * may see — public dives, and the caller's own private ones ("Our rules" 7: a private dive's media
 * never reach anyone else, admins included).
 */
@Injectable()
export class DiveMediaForSites implements SiteMediaSource, OnModuleInit {
  constructor(
    private readonly dives: DivesRepository,
    @Optional() private readonly sources?: SiteMediaSources,
  ) {}

  onModuleInit(): void {
    this.sources?.register(this);
  }

  /**
   * Thumbnails for sites from their public dives' media (D26: "site thumbnails from dive media"),
   * one query for a page of sites: for each site the first photo of a public dive, else the first
   * video. The sites list and detail use it through SiteMediaSources for sites without media of their
   * own (thumbnail_source "dive_media"). On `em` when given (the caller's transaction or locked
   * connection), so a caller holding a connection never waits for a second one.
   */
  thumbnailsForSites(siteIds: number[], em?: EntityManager): Promise<DiveMediaThumbnailRow[]> {
    return this.dives.publicThumbnailsFor(siteIds, em);
  }

  async mediaForSite(
    siteId: number,
    caller: AuthenticatedUser | undefined,
    window: ListWindow,
  ): Promise<BoundedList<SiteMediaResponseDto>> {
    const { rows, total } = await this.dives.mediaAtSite(siteId, visibilityFor(caller), window);
    return { items: rows.map(toSiteMediaItem), total };
  }
}
