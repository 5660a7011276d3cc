import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type { SiteMediaSource as GenericSiteMediaSource } from '../../common/extension-points/site-media-source';
import type { BoundedList, ListWindow } from '../../common/pagination/bounded-list';
import type { SiteThumbnailRow } from './dive-sites.repository';
import type { SiteMediaResponseDto } from './dto/site-media.response.dto';

/** What a source contributes to a site's media list: the sites module's item and thumbnail shapes. */
export type SiteMediaSource = GenericSiteMediaSource<SiteMediaResponseDto, SiteThumbnailRow>;

/**
 * The extension point of a site's media list. SitesModule exports it; the dives module imports
 * SitesModule (it needs DiveSiteAccessPolicy anyway) and registers its source when it initialises:
 *
 * ```ts
 * @Injectable()
 * export class DiveMediaForSites implements SiteMediaSource, OnModuleInit {
 *   constructor(private readonly sources: SiteMediaSources) {}
 *   onModuleInit() { this.sources.register(this); }
 *   async mediaForSite(siteId, caller, window) { … a window of public dives' media + the caller's own … }
 * }
 * ```
 *
 * Until one registers, a site's media list is its own media only.
 */
@Injectable()
export class SiteMediaSources {
  private readonly sources: SiteMediaSource[] = [];

  register(source: SiteMediaSource): void {
    if (!this.sources.includes(source)) this.sources.push(source);
  }

  /**
   * A window of the registered sources' media for the site, source after source in registration
   * order, and their number: each source reads only its part of the window.
   */
  async mediaForSite(
    siteId: number,
    caller: AuthenticatedUser | undefined,
    window: ListWindow,
  ): Promise<BoundedList<SiteMediaResponseDto>> {
    const items: SiteMediaResponseDto[] = [];
    let before = 0;
    for (const source of this.sources) {
      const part = await source.mediaForSite(siteId, caller, {
        offset: Math.max(0, window.offset - before),
        limit: window.offset + window.limit > before ? window.limit - items.length : 0,
      });
      items.push(...part.items);
      before += part.total;
    }
    return { items, total: before };
  }

  /** Thumbnails for `siteIds` from the sources (the first source that has one wins), tagged dive_media. */
  async thumbnailsForSites(siteIds: number[], em?: EntityManager): Promise<SiteThumbnailRow[]> {
    const found = new Map<number, SiteThumbnailRow>();
    for (const source of this.sources) {
      const missing = siteIds.filter((id) => !found.has(id));
      if (missing.length === 0 || !source.thumbnailsForSites) continue;
      for (const row of await source.thumbnailsForSites(missing, em)) {
        if (!found.has(row.dive_site_id)) found.set(row.dive_site_id, { ...row, source: 'dive_media' });
      }
    }
    return [...found.values()];
  }
}
