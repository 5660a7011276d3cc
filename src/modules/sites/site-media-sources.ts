import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type { BoundedList, ListWindow } from '../../common/pagination/bounded-list';
import type { SiteThumbnailRow } from './dive-sites.repository';
import type { SiteMediaResponseDto } from './dto/site-media.response.dto';

/**
 * Media that live elsewhere but belong in `GET /dive-sites/{id}/media` — the media of dives logged
 * at the site (DECISIONS.md D26). The sites module never imports the module that owns them: that
 * module implements this interface and registers itself with {@link SiteMediaSources}.
 */
export interface SiteMediaSource {
  /**
   * The media of site `siteId` that `caller` may see, in display order, with `dive_site_id` set and
   * `dive_id` naming their dive. Privacy is the source's job (spec/api.md "Our rules" 7: media of a
   * private dive only for its owner). Only `window` of them is read (a `limit` of 0: just the count),
   * with the number of them all.
   */
  mediaForSite(
    siteId: number,
    caller: AuthenticatedUser | undefined,
    window: ListWindow,
  ): Promise<BoundedList<SiteMediaResponseDto>>;

  /**
   * Optional: a thumbnail for each of these sites that the source can offer to everyone (public
   * media only), one query for a whole page. Used for sites without media of their own. With `em`,
   * the query runs on it (the caller's transaction or locked connection: never a second connection).
   */
  thumbnailsForSites?(siteIds: number[], em?: EntityManager): Promise<SiteThumbnailRow[]>;
}

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
