import { Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { DifficultyService } from '../difficulty/difficulty.service';
import {
  byDiveSite,
  groupAliases,
  groupTags,
  toDiveSiteResponse,
  toMinimalDiveSite,
  type SiteExtras,
} from './dive-site.mapper';
import { DIVE_SITE_NOT_FOUND } from './dive-site-rules';
import {
  DiveSitesRepository,
  type DiveSiteRow,
  type MinimalDiveSiteRow,
  type SiteThumbnailRow,
} from './dive-sites.repository';
import type { DiveSiteResponseDto } from './dto/dive-site.response.dto';
import type { DetailLevel } from './dto/list-dive-sites.query.dto';
import { SiteMediaSources } from './site-media-sources.service';

/**
 * Dive-site rows as responses: difficulty, tags, aliases and thumbnails with one query each for a
 * page, and the caller's rating on a site's own page. Shared by the list, the detail and the writes.
 */
@Injectable()
export class DiveSitePresenter {
  constructor(
    private readonly sites: DiveSitesRepository,
    private readonly difficulty: DifficultyService,
    private readonly mediaSources: SiteMediaSources,
  ) {}

  /** A page of rows as responses: tags, aliases and thumbnails with one query each for the page. */
  async page(
    rows: DiveSiteRow[] | MinimalDiveSiteRow[],
    detail: DetailLevel,
    isAdmin: boolean,
  ): Promise<DiveSiteResponseDto[]> {
    if (detail === 'minimal') return rows.map(toMinimalDiveSite);
    const full = rows as DiveSiteRow[];
    const ids = full.map((r) => r.id);
    const extras: SiteExtras = {
      levels: await this.difficulty.list(),
      thumbnails: await this.thumbnails(ids),
      isAdmin,
    };
    if (detail === 'full') {
      extras.tags = groupTags(await this.sites.tagsFor(ids));
      extras.aliases = groupAliases(await this.sites.aliasesFor(ids));
    }
    return full.map((row) => toDiveSiteResponse(row, detail, extras));
  }

  /** One row as the full response (nulls kept), optionally with the caller's rating. */
  async one(
    row: DiveSiteRow,
    caller: AuthenticatedUser | undefined,
    em: EntityManager | undefined,
    withUserRating: boolean,
  ): Promise<DiveSiteResponseDto> {
    const ids = [row.id];
    const response = toDiveSiteResponse(row, 'full', {
      levels: await this.difficulty.list(),
      tags: groupTags(await this.sites.tagsFor(ids, em)),
      aliases: groupAliases(await this.sites.aliasesFor(ids, em)),
      thumbnails: await this.thumbnails(ids, em),
      isAdmin: caller?.isAdmin ?? false,
    });
    if (withUserRating) {
      response.user_rating = caller ? await this.sites.userRating(row.id, caller.id, em) : null;
    }
    return response;
  }

  /** The site just written, read back on `em` (404 when a concurrent request deleted it). */
  async byId(id: number, caller: AuthenticatedUser, em: EntityManager): Promise<DiveSiteResponseDto> {
    const row = await this.sites.findRow(id, em);
    if (!row) throw new NotFoundException(DIVE_SITE_NOT_FOUND);
    return this.one(row, caller, em, false);
  }

  /**
   * Each site's thumbnail: its own first photo (else video), or for sites without media of their own
   * the first public dive photo there (D26: site thumbnails from dive media), one query each.
   */
  private async thumbnails(ids: number[], em?: EntityManager): Promise<Map<number, SiteThumbnailRow>> {
    const own = byDiveSite(await this.sites.thumbnailsFor(ids, em));
    const missing = ids.filter((id) => !own.has(id));
    if (missing.length > 0) {
      for (const row of await this.mediaSources.thumbnailsForSites(missing, em))
        own.set(row.dive_site_id, row);
    }
    return own;
  }
}
