import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { resolveBoundingBox, SITE_BBOX_MARGIN } from '../../common/geo/bbox';
import { cellsWithin } from '../../common/geo/cells';
import type { LatLng } from '../../common/geo/geo';
import { omitNullFields } from '../../common/pagination/envelope';
import { pageMeta, toPageRequest, type PageEnvelope } from '../../common/pagination/pagination';
import { resolveSort } from '../../common/pagination/sorting';
import { RetryLaterException } from '../../common/http/retry-later';
import { RequestValidationException } from '../../common/pipes/api-validation.pipe';
import { lockName, NamedLockTimeoutError, withNamedLocks } from '../../database/named-lock';
import { flavourOfOptions, spatialSql, type SpatialSql } from '../../database/spatial';
import { findNearby, findNearbyExpanding } from '../../database/spatial-search';
import { DifficultyService } from '../difficulty/difficulty.service';
import {
  byDiveSite,
  decimal,
  groupAliases,
  groupTags,
  round,
  toDiveSiteResponse,
  toMinimalDiveSite,
  type SiteExtras,
} from './dive-site.mapper';
import {
  DiveSitesRepository,
  type DiveSiteFilter,
  type DiveSiteOrder,
  type DiveSiteRow,
  type MinimalDiveSiteRow,
  type SiteThumbnailRow,
} from './dive-sites.repository';
import type { CreateDiveSiteDto } from './dto/create-dive-site.dto';
import type {
  DiveSiteResponseDto,
  NearbyDiveSiteResponseDto,
  ProximityDiveSiteResponseDto,
} from './dto/dive-site.response.dto';
import {
  ADMIN_ONLY_SORT_FIELDS,
  DETAIL_LEVELS,
  DIVE_SITE_SORT_FIELDS,
  type DetailLevel,
  type DiveSiteFilterQueryDto,
  type ListDiveSitesQueryDto,
} from './dto/list-dive-sites.query.dto';
import type { UpdateDiveSiteDto } from './dto/update-dive-site.dto';
import { DiveSite } from './entities/dive-site.entity';
import { SiteMediaSources } from './site-media-sources';
import { siteNameMatcher } from './site-name-similarity';

export const DIVE_SITE_NOT_FOUND = 'Dive site not found';
export const NOT_AUTHORIZED_TO_UPDATE = 'Not authorized to update this dive site';
export const NOT_AUTHORIZED_TO_DELETE = 'Not authorized to delete this dive site';
export const SEARCH_TOO_SHORT = 'Search query must be at least 3 characters long';
export const TOO_MANY_TAG_FILTERS = 'Too many tag filters';
export const TOO_CLOSE = 'Dive site is too close to existing ones.';
export const NO_COORDINATES = 'Dive site does not have location coordinates';
export const CREATE_BUSY = 'Too many sites are being created nearby; retry shortly';

export const MIN_SEARCH_LENGTH = 3;
export const MAX_TAG_FILTERS = 20;
/** Create refuses a site this close to a live one (metres) … */
export const DUPLICATE_DISTANCE_M = 50;
/** … or one with a similar name this close (metres). */
export const SIMILAR_NAME_DISTANCE_M = 50_000;
/** Sites listed in a 409 at most. */
export const MAX_CONFLICTS_LISTED = 10;
/** `GET /{id}/nearby` looks this far (metres). */
export const NEARBY_RADIUS_M = 100_000;
/** `GET /check-proximity` lists this many sites at most. */
export const PROXIMITY_LIMIT = 5;
/**
 * How many sites within 50 km the similar-name check reads at most (nearest first). A bound on one
 * request's work; far above the density of any real coast (spatial-notes §8: median 1,894 centers
 * within 100 km at the densest coasts).
 */
const SIMILAR_NAME_CANDIDATES = 10_000;
/**
 * How long a create waits for the locks of its area (seconds) before answering 503 CREATE_BUSY:
 * short, so a hot spot sheds load instead of holding pool connections (a create holds its locks for
 * a few milliseconds, so only a burst of creators in one place ever waits this long), and below the
 * statement timeout of a request's queries (DB_QUERY_TIMEOUT_MS, 3 s by default), which would cut a
 * longer GET_LOCK and answer the generic 503 "Database unavailable" instead of this clearer one.
 */
export const CREATE_LOCK_TIMEOUT_S = 2;
/** `Retry-After` (seconds) of that 503. */
export const CREATE_BUSY_RETRY_AFTER_S = 2;
/** Added to the 50 km radius when choosing the cells to lock: covers rounding at the disc's edge. */
const LOCK_RADIUS_MARGIN_M = 100;

/** What one nearby site was judged: its name similar to the new one or not (per name: pure). */
type NameVerdicts = Map<string, boolean>;

interface ConflictDetailsRow {
  id: number | string;
  description: string | null;
  latitude: string | number;
  longitude: string | number;
}

/** A coordinate as DECIMAL(…, 8) stores it, so the POINT and the columns hold the same place. */
function toStoredCoordinate(value: number): number {
  return round(value, 8);
}

function unprocessable(field: string, msg: string): RequestValidationException {
  return new RequestValidationException([{ loc: ['body', field], msg, type: 'value_error' }]);
}

/**
 * Dive sites (spec/api.md §6 with "Our rules", DECISIONS.md D11, D19, D21, D22, D25): the list with
 * its filters, sorts and detail levels, count, countries/regions, detail, create with the proximity
 * check, update, archive/delete/restore, nearby and check-proximity. `location` is written with the
 * server's point expression in the same statement as the coordinates.
 *
 * Sub-resources (aliases, ratings, comments, media, tags on sites) build on requireVisibleSite() and
 * assertCanEdit().
 */
@Injectable()
export class DiveSitesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sites: DiveSitesRepository,
    private readonly difficulty: DifficultyService,
    private readonly mediaSources: SiteMediaSources,
  ) {}

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

  private get spatial() {
    return spatialSql(flavourOfOptions(this.dataSource.options));
  }

  /**
   * The site, or 404 "Dive site not found" when it does not exist or is archived and the caller is
   * not an admin (D19).
   */
  async requireVisibleSite(
    id: number,
    caller: AuthenticatedUser | undefined,
    em?: EntityManager,
  ): Promise<DiveSite> {
    const site = await (em ?? this.dataSource.manager).getRepository(DiveSite).findOne({ where: { id } });
    if (!site || (site.deletedAt && !caller?.isAdmin)) throw new NotFoundException(DIVE_SITE_NOT_FOUND);
    return site;
  }

  /** Admins, moderators and the site's creator may edit it (and its media, tags, …); others get 403. */
  assertCanEdit(
    site: Pick<DiveSite, 'createdBy'>,
    caller: AuthenticatedUser,
    message = NOT_AUTHORIZED_TO_UPDATE,
  ): void {
    if (caller.isAdmin || caller.isModerator) return;
    if (site.createdBy !== null && site.createdBy === caller.id) return;
    throw new ForbiddenException(message);
  }

  // ---- list, count, countries, regions --------------------------------------------------------

  async list(
    query: ListDiveSitesQueryDto,
    caller: AuthenticatedUser | undefined,
  ): Promise<PageEnvelope<DiveSiteResponseDto>> {
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

    const total = await this.sites.count(filter);
    const rows = await this.sites.page(filter, order, request, detail === 'minimal');
    const items = await this.present(rows, detail, isAdmin);
    return { items: items.map((item) => omitNullFields(item)), ...pageMeta({ total, ...request }) };
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

  /** A page of rows as responses: tags, aliases and thumbnails with one query each for the page. */
  private async present(
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
    if (!row || (row.deleted_at && !caller?.isAdmin)) throw new NotFoundException(DIVE_SITE_NOT_FOUND);
    await this.sites.incrementViewCount(id);
    row.view_count += 1;
    return this.present1(row, caller, undefined, true);
  }

  /** One row as the full response (nulls kept), optionally with the caller's rating. */
  private async present1(
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

  private async presentById(id: number, caller: AuthenticatedUser, em: EntityManager) {
    const row = await this.sites.findRow(id, em);
    if (!row) throw new NotFoundException(DIVE_SITE_NOT_FOUND);
    return this.present1(row, caller, em, false);
  }

  // ---- create, update ----------------------------------------------------------------------------

  /**
   * Creates a site owned by the caller. Refused with 409 when a live site lies within 50 m, or one
   * with a similar name within 50 km (D19, D21); `moderation_needed` is accepted and ignored.
   *
   * Check-then-insert, serialised per AREA (no unique key can express "within 50 m"; one global lock
   * made every creator in the world wait for each other while holding a pool connection):
   * - The globe is cut into cells of about 1° × 1° and wider (common/geo/cells.ts). A creator takes
   *   the named lock (GET_LOCK) of every cell its 50 km disc touches — 1 to 4 cells, a few more near
   *   the poles, where one polar cell covers each pole — in one fixed order, so no two creators
   *   deadlock. Two creators whose new sites are within 50 km of each other always share a cell (the
   *   one the other's site lies in), so one of them sees the other's committed row; creators farther
   *   apart never wait for each other. Named locks rather than `SELECT … FOR UPDATE` on a cell table:
   *   no table, no migration, and they die with their connection (DECISIONS.md D9 uses the same).
   * - First a check without any lock, with no connection held: most duplicates get their 409 here,
   *   and the similarity of every nearby name is judged outside the lock. Then, under the locks, the
   *   decisive re-check and the insert: only names it has not judged yet (sites created meanwhile) are
   *   compared, so the locks are held for one indexed query, the insert and the response's reads.
   * - Everything under the locks runs on the lock's connection (the presenter's queries included, the
   *   difficulty levels are loaded before): a creator never holds one connection while waiting for a
   *   second, so a small pool cannot starve.
   * - Locks not taken within CREATE_LOCK_TIMEOUT_S: 503 CREATE_BUSY with Retry-After, never a 500.
   * - Sites without coordinates have no proximity rule: no lock.
   */
  async create(dto: CreateDiveSiteDto, caller: AuthenticatedUser): Promise<DiveSiteResponseDto> {
    const lat = dto.latitude ?? null;
    const lng = dto.longitude ?? null;
    if ((lat === null) !== (lng === null)) {
      throw unprocessable(
        lat === null ? 'latitude' : 'longitude',
        'Give both latitude and longitude, or neither',
      );
    }
    const difficultyId = await this.difficulty.idForCode(dto.difficulty_code);
    await this.difficulty.list(); // cached: the presenter then needs no query of its own
    const spatial = this.spatial;
    if (lat === null || lng === null) {
      return this.dataSource.transaction((em) =>
        this.insertSite(dto, caller, difficultyId, null, spatial, em),
      );
    }
    const point = { lat: toStoredCoordinate(lat), lng: toStoredCoordinate(lng) };
    const matches = siteNameMatcher(dto.name);
    const verdicts: NameVerdicts = new Map();
    await this.assertNotTooClose(matches, { lat, lng }, this.dataSource.manager, verdicts);

    const locks = cellsWithin(point, SIMILAR_NAME_DISTANCE_M + LOCK_RADIUS_MARGIN_M).map((cell) =>
      lockName(this.dataSource, `dive_sites:create:${cell.band}:${cell.index}`),
    );
    try {
      return await withNamedLocks(this.dataSource, locks, CREATE_LOCK_TIMEOUT_S, async (lockRunner) => {
        await this.assertNotTooClose(matches, { lat, lng }, lockRunner.manager, verdicts);
        return this.insertSite(dto, caller, difficultyId, point, spatial, lockRunner.manager);
      });
    } catch (error) {
      if (error instanceof NamedLockTimeoutError) throw createBusy(error);
      throw error;
    }
  }

  private async insertSite(
    dto: CreateDiveSiteDto,
    caller: AuthenticatedUser,
    difficultyId: number | null | undefined,
    point: { lat: number; lng: number } | null,
    spatial: SpatialSql,
    manager: EntityManager,
  ): Promise<DiveSiteResponseDto> {
    return manager.transaction(async (em) => {
      const result = await em
        .createQueryBuilder()
        .insert()
        .into(DiveSite)
        .values({
          name: dto.name,
          description: dto.description ?? null,
          latitude: point?.lat ?? null,
          longitude: point?.lng ?? null,
          address: dto.address ?? null,
          accessInstructions: dto.access_instructions ?? null,
          divePlans: dto.dive_plans ?? null,
          gasTanksNecessary: dto.gas_tanks_necessary ?? null,
          difficultyId: difficultyId ?? null,
          marineLife: dto.marine_life ?? null,
          safetyInformation: dto.safety_information ?? null,
          maxDepth: dto.max_depth ?? null,
          country: dto.country ?? null,
          region: dto.region ?? null,
          createdBy: caller.id,
          location: () => (point ? spatial.point(':lng', ':lat') : spatial.sentinel()),
        })
        .setParameters(point ? { lng: point.lng, lat: point.lat } : {})
        .execute();
      const id = Number((result.identifiers[0] as { id: number }).id);
      return this.presentById(id, caller, em);
    });
  }

  /**
   * 409 with the offending sites when the new site would duplicate a live one (D19): within 50 m, or
   * within 50 km with a name `matches` calls similar. Reads only ids, names and distances of the
   * candidates (nearest first), then the listed ones' details, all on `em`. `verdicts` carries the
   * name comparisons from one call to the next, so a re-check compares only names not seen before.
   */
  private async assertNotTooClose(
    matches: (candidate: string) => boolean,
    center: LatLng,
    em: EntityManager,
    verdicts: NameVerdicts,
  ): Promise<void> {
    const candidates = await findNearby<{ name: string }>(em, {
      flavour: flavourOfOptions(this.dataSource.options),
      table: 'dive_sites',
      columns: ['name'],
      where: { sql: '`deleted_at` IS NULL', params: [] },
      center,
      radiusM: SIMILAR_NAME_DISTANCE_M,
      limit: SIMILAR_NAME_CANDIDATES,
    });
    const similar = (name: string): boolean => {
      let verdict = verdicts.get(name);
      if (verdict === undefined) verdicts.set(name, (verdict = matches(name)));
      return verdict;
    };
    const conflicts = candidates
      .filter((c) => c.distance_m <= DUPLICATE_DISTANCE_M || similar(c.name))
      .slice(0, MAX_CONFLICTS_LISTED);
    if (conflicts.length === 0) return;
    const rows = await em.query<ConflictDetailsRow[]>(
      'SELECT id, description, latitude, longitude FROM dive_sites WHERE id IN (?)',
      [conflicts.map((c) => c.id)],
    );
    const details = new Map(rows.map((row) => [Number(row.id), row]));
    throw new ConflictException({
      message: TOO_CLOSE,
      detail: {
        message: TOO_CLOSE,
        nearby_sites: conflicts.flatMap((c) => {
          const row = details.get(Number(c.id));
          return row
            ? [toProximity({ ...row, id: Number(c.id), name: c.name, distance_m: c.distance_m })]
            : [];
        }),
      },
    });
  }

  /**
   * Changes any subset of a site's fields (admin, moderator or creator; D19). Coordinates cannot be
   * emptied (422) and stay both-or-neither; `location` follows them in the same statement.
   */
  async update(id: number, dto: UpdateDiveSiteDto, caller: AuthenticatedUser): Promise<DiveSiteResponseDto> {
    const difficultyId = await this.difficulty.idForCode(dto.difficulty_code);
    const spatial = this.spatial;
    return this.dataSource.transaction(async (em) => {
      const site = await this.requireVisibleSite(id, caller, em);
      this.assertCanEdit(site, caller);
      const changes: QueryDeepPartialEntity<DiveSite> = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.description !== undefined) changes.description = dto.description;
      if (dto.address !== undefined) changes.address = dto.address;
      if (dto.access_instructions !== undefined) changes.accessInstructions = dto.access_instructions;
      if (dto.dive_plans !== undefined) changes.divePlans = dto.dive_plans;
      if (dto.gas_tanks_necessary !== undefined) changes.gasTanksNecessary = dto.gas_tanks_necessary;
      if (dto.difficulty_code !== undefined) changes.difficultyId = difficultyId ?? null;
      if (dto.marine_life !== undefined) changes.marineLife = dto.marine_life;
      if (dto.safety_information !== undefined) changes.safetyInformation = dto.safety_information;
      if (dto.max_depth !== undefined) changes.maxDepth = dto.max_depth;
      if (dto.country !== undefined) changes.country = dto.country;
      if (dto.region !== undefined) changes.region = dto.region;

      const params: Record<string, unknown> = { id };
      if (dto.latitude !== undefined || dto.longitude !== undefined) {
        const lat = dto.latitude ?? site.latitude;
        const lng = dto.longitude ?? site.longitude;
        if (lat === null || lng === null) {
          throw unprocessable(
            lat === null ? 'latitude' : 'longitude',
            'Give both latitude and longitude, or neither',
          );
        }
        params.lat = toStoredCoordinate(lat);
        params.lng = toStoredCoordinate(lng);
        changes.latitude = params.lat as number;
        changes.longitude = params.lng as number;
        changes.location = () => spatial.point(':lng', ':lat');
      }
      if (Object.keys(changes).length > 0) {
        await em
          .createQueryBuilder()
          .update(DiveSite)
          .set(changes)
          .where('id = :id')
          .setParameters(params)
          .execute();
      }
      return this.presentById(id, caller, em);
    });
  }

  // ---- delete, restore ---------------------------------------------------------------------------

  /**
   * Archives the site (admin or creator), or with `force` deletes it for good (admins only; its
   * aliases, media, ratings, comments and tags go with it, dives keep their log with no site: D5).
   */
  async remove(id: number, force: boolean, caller: AuthenticatedUser): Promise<string> {
    const site = await this.requireVisibleSite(id, caller);
    const isCreator = site.createdBy !== null && site.createdBy === caller.id;
    if (!caller.isAdmin && !isCreator) throw new ForbiddenException(NOT_AUTHORIZED_TO_DELETE);
    if (force) {
      if (!caller.isAdmin) throw new ForbiddenException('Only admins can permanently delete dive sites');
      await this.dataSource.getRepository(DiveSite).delete({ id });
      return 'Dive site permanently deleted';
    }
    if (!site.deletedAt) {
      await this.dataSource.query('UPDATE dive_sites SET deleted_at = CURRENT_TIMESTAMP(6) WHERE id = ?', [
        id,
      ]);
    }
    return 'Dive site archived successfully';
  }

  /** Brings an archived site back (admins); 400 when it is not archived. */
  async restore(id: number): Promise<string> {
    const site = await this.dataSource.getRepository(DiveSite).findOne({ where: { id } });
    if (!site) throw new NotFoundException(DIVE_SITE_NOT_FOUND);
    if (!site.deletedAt) throw new BadRequestException('Dive site is not archived');
    await this.dataSource.query('UPDATE dive_sites SET deleted_at = NULL WHERE id = ?', [id]);
    return 'Dive site restored successfully';
  }

  // ---- spatial -----------------------------------------------------------------------------------

  /**
   * Live sites within 100 km of a site, nearest first, without the site itself and sites without
   * coordinates (expanding radius: spatial-notes §8).
   */
  async nearby(
    id: number,
    limit: number,
    caller: AuthenticatedUser | undefined,
  ): Promise<NearbyDiveSiteResponseDto[]> {
    const site = await this.requireVisibleSite(id, caller);
    if (site.latitude === null || site.longitude === null) throw new BadRequestException(NO_COORDINATES);
    const hits = await findNearbyExpanding(this.dataSource, {
      flavour: flavourOfOptions(this.dataSource.options),
      table: 'dive_sites',
      columns: [],
      where: { sql: '`deleted_at` IS NULL AND `id` <> ?', params: [id] },
      center: { lat: site.latitude, lng: site.longitude },
      radiusM: NEARBY_RADIUS_M,
      limit,
    });
    const ids = hits.map((h) => h.id);
    const rows = new Map((await this.sites.findRows(ids)).map((r) => [r.id, r]));
    const tags = groupTags(await this.sites.tagsFor(ids));
    const levels = await this.difficulty.list();
    return hits.flatMap((hit) => {
      const row = rows.get(hit.id);
      if (!row) return [];
      const difficulty = DifficultyService.summaryFrom(levels, row.difficulty_id);
      return [
        {
          id: row.id,
          name: row.name,
          description: row.description,
          latitude: decimal(row.latitude)!,
          longitude: decimal(row.longitude)!,
          ...difficulty,
          country: row.country,
          region: row.region,
          average_rating: decimal(row.average_rating),
          total_ratings: Number(row.total_ratings),
          tags: tags.get(row.id) ?? [],
          distance_km: round(hit.distance_m / 1000, 2),
        },
      ];
    });
  }

  /** At most 5 live sites within `radiusM` of a point, nearest first. */
  async checkProximity(lat: number, lng: number, radiusM: number): Promise<ProximityDiveSiteResponseDto[]> {
    const hits = await findNearby<{
      name: string;
      description: string | null;
      latitude: string | number;
      longitude: string | number;
    }>(this.dataSource, {
      flavour: flavourOfOptions(this.dataSource.options),
      table: 'dive_sites',
      columns: ['name', 'description', 'latitude', 'longitude'],
      where: { sql: '`deleted_at` IS NULL', params: [] },
      center: { lat, lng },
      radiusM,
      limit: PROXIMITY_LIMIT,
    });
    return hits.map(toProximity);
  }
}

/** The 503 of a create whose area stays locked (CREATE_LOCK_TIMEOUT_S): the client retries. */
function createBusy(cause: NamedLockTimeoutError): ServiceUnavailableException {
  return new RetryLaterException(
    { message: CREATE_BUSY, detail: CREATE_BUSY, error: 'site_creation_busy' },
    CREATE_BUSY_RETRY_AFTER_S,
    cause,
  );
}

function toProximity(hit: {
  id: number;
  name: string;
  description: string | null;
  latitude: string | number;
  longitude: string | number;
  distance_m: number;
}): ProximityDiveSiteResponseDto {
  return {
    id: hit.id,
    name: hit.name,
    description: hit.description,
    latitude: Number(hit.latitude),
    longitude: Number(hit.longitude),
    distance_m: round(hit.distance_m, 2),
  };
}
