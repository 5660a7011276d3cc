import type { EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { BoundedList, ListWindow } from '../pagination/bounded-list';

/**
 * Media that live elsewhere but belong in `GET /dive-sites/{id}/media` — the media of dives logged
 * at the site (DECISIONS.md D26). The sites module never imports the module that owns them: that
 * module implements this interface and registers itself with the sites module's SiteMediaSources. An extension point, so it lives
 * in common/ (issue 14): generic in what it contributes, which the sites module names — its
 * SiteMediaResponseDto and SiteThumbnailRow (`SiteMediaContribution` there).
 */
export interface SiteMediaSource<Item, Thumbnail> {
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
  ): Promise<BoundedList<Item>>;

  /**
   * Optional: a thumbnail for each of these sites that the source can offer to everyone (public
   * media only), one query for a whole page. Used for sites without media of their own. With `em`,
   * the query runs on it (the caller's transaction or locked connection: never a second connection).
   */
  thumbnailsForSites?(siteIds: number[], em?: EntityManager): Promise<Thumbnail[]>;
}
