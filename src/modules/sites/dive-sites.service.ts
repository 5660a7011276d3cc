import { BadRequestException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { resolveBoundingBox, SITE_BBOX_MARGIN } from '../../common/geo/bbox';
import { omitNullFields } from '../../common/pagination/envelope';
import { pageMeta, toPageRequest, type PageEnvelope } from '../../common/pagination/pagination';
import { resolveSort } from '../../common/pagination/sorting';
import {
  closestMisspelt,
  FUZZY_CANDIDATES,
  FUZZY_WHEN_FEWER_THAN,
  isExactName,
  MAX_FUZZY_MATCHES,
  type MatchType,
} from '../../common/text/search-text';
import { DifficultyService } from '../difficulty/difficulty.service';
import { isVisibleTo } from './dive-site-access.policy';
import { DiveSitePresenter } from './dive-site.presenter';
import {
  DIVE_SITE_NOT_FOUND,
  MAX_TAG_FILTERS,
  MIN_SEARCH_LENGTH,
  SEARCH_TOO_SHORT,
  TOO_MANY_TAG_FILTERS,
} from './dive-site-rules';
import {
  DiveSitesRepository,
  type DiveSiteFilter,
  type DiveSiteOrder,
  type DiveSiteRow,
  type MinimalDiveSiteRow,
} from './dive-sites.repository';
import type { DiveSiteResponseDto } from './dto/dive-site.response.dto';
import {
  ADMIN_ONLY_SORT_FIELDS,
  DETAIL_LEVELS,
  DIVE_SITE_SORT_FIELDS,
  type DetailLevel,
  type DiveSiteFilterQueryDto,
  type ListDiveSitesQueryDto,
} from './dto/list-dive-sites.query.dto';

/**
 * Dive sites as read (spec/api.md §6 with "Our rules", DECISIONS.md D11, D19, D25): the list with its
 * filters, sorts and detail levels, count, countries/regions and the detail. The writes are
 * DiveSiteWritesService's, nearby and check-proximity DiveSiteSpatialService's, and who may see or
 * change a site DiveSiteAccessPolicy's.
 */
@Injectable()
export class DiveSitesService {
  constructor(
    private readonly sites: DiveSitesRepository,
    private readonly difficulty: DifficultyService,
    private readonly presenter: DiveSitePresenter,
  ) {}

  // ---- list, count, countries, regions --------------------------------------------------------

  async list(
    query: ListDiveSitesQueryDto,
    caller: AuthenticatedUser | undefined,
  ): Promise<PageEnvelope<DiveSiteResponseDto> & { matchTypes?: Map<number, MatchType> }> {
    const request = toPageRequest(query);
    const isAdmin = caller?.isAdmin ?? false;
    const sort = resolveSort(query, {
      allowed: DIVE_SITE_SORT_FIELDS,
      defaultField: 'name',
      adminOnly: ADMIN_ONLY_SORT_FIELDS,
      isAdmin,
    });
    const detail = (query.detail_level || 'full') as DetailLevel;
    if (!DETAIL_LEVELS.includes(detail)) {
      throw new BadRequestException(`Invalid detail_level. Must be one of: ${DETAIL_LEVELS.join(', ')}`);
    }
    const filter = await this.filterOf(query, caller, true);
    const order: DiveSiteOrder =
      filter.search && !query.sort_by ? { searchRelevance: filter.search } : { sort };

    let total = await this.sites.count(filter);
    let rows = (await this.sites.page(filter, order, request, detail === 'minimal')) as Array<
      (DiveSiteRow | MinimalDiveSiteRow) & { name_match?: number | string }
    >;
    const matchTypes = new Map<number, MatchType>();
    if (filter.search) {
      for (const row of rows) {
        const name = (row as Partial<DiveSiteRow>).name;
        matchTypes.set(
          row.id,
          name !== undefined && isExactName(filter.search, [name])
            ? 'exact'
            : Number(row.name_match) > 0
              ? 'name'
              : 'text',
        );
      }
      // Typo tolerance: few word matches on the first page → the closest misspelt names, appended.
      if (total < FUZZY_WHEN_FEWER_THAN && request.page === 1 && rows.length < request.pageSize) {
        const room = Math.min(MAX_FUZZY_MATCHES, request.pageSize - rows.length);
        const found = new Set(rows.map((r) => r.id));
        const candidates = await this.sites.fuzzyCandidates(filter.search, filter, FUZZY_CANDIDATES);
        const fuzzyIds = closestMisspelt(
          filter.search,
          candidates.map((c) => ({ id: c.id, names: [c.name, c.names] })),
          found,
          room,
        );
        if (fuzzyIds.length > 0) {
          const byId = new Map((await this.sites.findRows(fuzzyIds)).map((r) => [r.id, r]));
          const extra = fuzzyIds.flatMap((id) => byId.get(id) ?? []);
          rows = [...rows, ...extra];
          for (const r of extra) matchTypes.set(r.id, 'fuzzy');
          total += extra.length;
        }
      }
    }
    const items = await this.presenter.page(rows, detail, isAdmin);
    return {
      items: items.map((item) => omitNullFields(item)),
      ...pageMeta({ total, ...request }),
      ...(filter.search ? { matchTypes } : {}),
    };
  }

  async count(query: DiveSiteFilterQueryDto, caller: AuthenticatedUser | undefined): Promise<number> {
    return this.sites.count(await this.filterOf(query, caller, false));
  }

  countries(search: string | undefined): Promise<string[]> {
    return this.sites.countries(search || undefined);
  }

  regions(country: string | undefined, search: string | undefined): Promise<string[]> {
    return this.sites.regions(country || undefined, search || undefined);
  }

  /** The query's filters, checked (400/401/422 of the contract) and resolved to ids. */
  private async filterOf(
    query: DiveSiteFilterQueryDto,
    caller: AuthenticatedUser | undefined,
    enforceSearchLength: boolean,
  ): Promise<DiveSiteFilter> {
    const filter: DiveSiteFilter = {
      includeArchived: Boolean(query.include_archived && caller?.isAdmin),
    };
    if (query.search !== undefined) {
      if (enforceSearchLength && query.search.length < MIN_SEARCH_LENGTH) {
        throw new BadRequestException(SEARCH_TOO_SHORT);
      }
      if (query.search) filter.search = query.search;
    }
    if (query.tag_ids && query.tag_ids.length > MAX_TAG_FILTERS) {
      throw new BadRequestException(TOO_MANY_TAG_FILTERS);
    }
    if (query.tag_ids?.length) filter.tagIds = query.tag_ids;
    if (query.name) filter.name = query.name;
    if (query.country) filter.country = query.country;
    if (query.region) filter.region = query.region;
    if (query.difficulty_code) {
      filter.difficultyId = (await this.difficulty.byCode(query.difficulty_code))?.id ?? null;
    }
    if (query.exclude_unspecified_difficulty) filter.excludeUnspecifiedDifficulty = true;
    if (query.min_rating !== undefined) filter.minRating = query.min_rating;
    if (query.my_dive_sites) {
      // The caller's own sites cannot be told without a (valid) token: 401, so the client refreshes.
      if (!caller) throw new UnauthorizedException('Not authenticated');
      filter.createdBy = caller.id;
    }
    if (query.created_by_username) filter.createdByUsername = query.created_by_username;

    filter.bbox = resolveBoundingBox(query, SITE_BBOX_MARGIN);
    return filter;
  }

  // ---- detail ------------------------------------------------------------------------------------

  /** One site with tags, aliases and the caller's rating; counts a view (updated_at unchanged). */
  async detail(id: number, caller: AuthenticatedUser | undefined): Promise<DiveSiteResponseDto> {
    const row = await this.sites.findRow(id);
    if (!row || !isVisibleTo(row.deleted_at, caller)) throw new NotFoundException(DIVE_SITE_NOT_FOUND);
    await this.sites.incrementViewCount(id);
    row.view_count += 1;
    return this.presenter.one(row, caller, undefined, true);
  }
}
