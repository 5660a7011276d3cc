import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { resolveBoundingBox } from '../../common/geo/bbox';
import type { LatLng } from '../../common/geo/geo';
import { omitNullFields, type WithoutNulls } from '../../common/pagination/envelope';
import { pageMeta, toPageRequest, type PageEnvelope } from '../../common/pagination/pagination';
import { resolveSort } from '../../common/pagination/sorting';
import { RequestValidationException } from '../../common/pipes/api-validation.pipe';
import {
  closestMisspelt,
  FUZZY_CANDIDATES,
  FUZZY_WHEN_FEWER_THAN,
  isExactName,
  MAX_FUZZY_MATCHES,
  type MatchType,
} from '../../common/text/search-text';
import { flavourOfOptions } from '../../database/spatial';
import { findNearbyExpanding } from '../../database/spatial-search';
import { CenterSearchIndex, changesSearchDocument } from './center-search-index.service';
import { matchTypeOf } from './center-search';
import { decimal, round, toDivingCenterListItem, toDivingCenterResponse } from './diving-center.mapper';
import {
  DivingCentersRepository,
  type Coordinates,
  type DivingCenterFields,
  type DivingCenterFilter,
} from './diving-centers.repository';
import type { CreateDivingCenterDto } from './dto/create-diving-center.dto';
import type {
  DivingCenterDetailResponseDto,
  DivingCenterResponseDto,
  DivingCenterSearchResultDto,
  NearbyDivingCenterResponseDto,
} from './dto/diving-center.response.dto';
import type { UpdateDivingCenterDto } from './dto/update-diving-center.dto';
import {
  ADMIN_ONLY_SORT_FIELDS,
  DETAIL_LEVELS,
  DIVING_CENTER_SORT_FIELDS,
  type CountDivingCentersQueryDto,
  type DetailLevel,
  type DivingCenterFilterQueryDto,
  type ListDivingCentersQueryDto,
  type SearchDivingCentersQueryDto,
} from './dto/list-diving-centers.query.dto';

export const DIVING_CENTER_NOT_FOUND = 'Diving center not found';
export const DETAIL_LEVEL_ERROR = `detail_level must be one of: ${DETAIL_LEVELS.join(', ')}`;

/**
 * The first radius of the expanding nearby search (then ×4: 2.5, 10, 40, 160 km … capped at the
 * radius). Centers cluster in dive towns: on the benchmark's 200k clustered centers a 2.5 km circle
 * around a coast point already holds 25 centers at most points, where the default 10 km start would
 * read 300–2,000 rows to return the same 25.
 */
export const NEARBY_START_M = 2_500;

/** A result and how each of its items matched the search (X-Match-Types; absent without a search). */
export type WithMatchTypes<T> = T & { matchTypes?: Map<number, MatchType> };

/** A coordinate as DECIMAL(…, 8) stores it, so the POINT and the columns hold the same place. */
function stored(value: number): number {
  return round(value, 8);
}

function onlyOneCoordinate(given: 'latitude' | 'longitude'): RequestValidationException {
  const missing = given === 'latitude' ? 'longitude' : 'latitude';
  return new RequestValidationException([
    {
      loc: ['body', missing],
      msg: `${missing} is required with ${given}: give both coordinates or neither`,
      type: 'value_error',
    },
  ]);
}

/**
 * The coordinates a body sets (DECISIONS.md D20): both numbers → that point; both absent → none on
 * create, unchanged (undefined) on update; both null → removed; any other mix → 422.
 */
export function coordinatesOf(
  dto: { latitude?: number | null; longitude?: number | null },
  mode: 'create' | 'update',
): Coordinates | undefined {
  const { latitude: lat, longitude: lng } = dto;
  if (lat === undefined && lng === undefined) return mode === 'create' ? null : undefined;
  if ((lat === null || lat === undefined) && (lng === null || lng === undefined)) return null;
  if (lat === null || lat === undefined) throw onlyOneCoordinate('longitude');
  if (lng === null || lng === undefined) throw onlyOneCoordinate('latitude');
  return { lat: stored(lat), lng: stored(lng === -180 ? 180 : lng) };
}

function fieldsOf(dto: UpdateDivingCenterDto): DivingCenterFields {
  const fields: DivingCenterFields = {};
  if (dto.name !== undefined && dto.name !== null) fields.name = dto.name;
  for (const key of [
    'description',
    'address',
    'email',
    'phone',
    'website',
    'country',
    'region',
    'city',
  ] as const) {
    if (dto[key] !== undefined) fields[key] = dto[key] || null;
  }
  return fields;
}

/**
 * Diving centers (spec/api.md §7 with "Our rules" and DECISIONS.md D10, D11, D20, D22, D25): list,
 * count, detail, create/update/delete, nearby and name search. Created and edited by admins and
 * moderators until ownership exists ("Our rules" 12). `location` is written in the same statement
 * as latitude/longitude; "has coordinates" means latitude/longitude NOT NULL (a center at (0, 0) is
 * real), and centers without them never appear in spatial results.
 */
@Injectable()
export class DivingCentersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly centers: DivingCentersRepository,
    private readonly searchIndex: CenterSearchIndex,
  ) {}

  /** 404 "Diving center not found" unless the center exists; `lock` holds its row for the transaction. */
  async requireExists(id: number, em?: EntityManager, lock = false): Promise<void> {
    if (!(await this.centers.exists(id, em, lock))) throw new NotFoundException(DIVING_CENTER_NOT_FOUND);
  }

  // ---- list and count ------------------------------------------------------------------------------

  /**
   * A page of centers. With `search`: the word matches in the requested order, and — when they are
   * fewer than FUZZY_WHEN_FEWER_THAN on page 1 — up to MAX_FUZZY_MATCHES centers whose name is close
   * to the misspelt search appended after them (counted in `total`); `matchTypes` says how each item
   * matched.
   */
  async list(
    query: ListDivingCentersQueryDto,
    caller: AuthenticatedUser | undefined,
  ): Promise<WithMatchTypes<PageEnvelope<WithoutNulls<Partial<DivingCenterResponseDto>>>>> {
    const request = toPageRequest(query);
    const isAdmin = caller?.isAdmin ?? false;
    const sort = resolveSort(query, {
      allowed: DIVING_CENTER_SORT_FIELDS,
      defaultField: 'name',
      adminOnly: ADMIN_ONLY_SORT_FIELDS,
      isAdmin,
    });
    const level = (query.detail_level || 'full').toLowerCase() as DetailLevel;
    if (!DETAIL_LEVELS.includes(level)) throw new BadRequestException(DETAIL_LEVEL_ERROR);
    const filter = this.filterOf(query);
    let total = await this.centers.count(filter);
    let rows = await this.centers.page(filter, sort, request);
    let matchTypes: Map<number, MatchType> | undefined;
    if (filter.search) {
      const search = filter.search;
      const names = await this.centers.namesDocuments(rows.map((r) => r.id));
      matchTypes = new Map(rows.map((r) => [r.id, matchTypeOf(search, r.name, names.get(r.id))]));
      if (total < FUZZY_WHEN_FEWER_THAN && request.page === 1 && rows.length < request.pageSize) {
        const room = Math.min(MAX_FUZZY_MATCHES, request.pageSize - rows.length);
        const fuzzyIds = await this.misspeltMatches(search, filter, new Set(rows.map((r) => r.id)), room);
        const byId = new Map((await this.centers.findRows(fuzzyIds)).map((r) => [r.id, r]));
        const extra = fuzzyIds.flatMap((id) => byId.get(id) ?? []);
        rows = [...rows, ...extra];
        for (const r of extra) matchTypes.set(r.id, 'fuzzy');
        total += extra.length;
      }
    }
    return {
      items: rows.map((row) => omitNullFields(toDivingCenterListItem(row, level, isAdmin))),
      ...pageMeta({ total, ...request }),
      ...(matchTypes ? { matchTypes } : {}),
    };
  }

  /**
   * Up to `room` centers (ids, closest first) whose name is close to a misspelt `search`: trigram
   * candidates within the other filters, kept when fuzzyScore reaches FUZZY_THRESHOLD, `found` left out.
   */
  private async misspeltMatches(
    search: string,
    filter: DivingCenterFilter,
    found: Set<number>,
    room: number,
  ): Promise<number[]> {
    if (room <= 0) return [];
    const candidates = await this.centers.fuzzyCandidates(search, filter, FUZZY_CANDIDATES);
    return closestMisspelt(
      search,
      candidates.map((c) => ({ id: c.id, names: [c.name] })),
      found,
      room,
    );
  }

  count(query: CountDivingCentersQueryDto): Promise<number> {
    return this.centers.count(this.filterOf(query));
  }

  private filterOf(query: DivingCenterFilterQueryDto): DivingCenterFilter {
    const filter: DivingCenterFilter = {
      search: query.search || undefined,
      name: query.name || undefined,
      country: query.country || undefined,
      region: query.region || undefined,
      city: query.city || undefined,
      minRating: query.min_rating,
      maxRating: query.max_rating,
      // Ownership claims do not exist yet ("Our rules" 12): no center is claimed.
      none: query.only_claimed === true,
    };
    filter.bbox = resolveBoundingBox(query);
    return filter;
  }

  // ---- detail and writes ---------------------------------------------------------------------------

  /** One center with the caller's rating; counts a view (updated_at unchanged). */
  async detail(id: number, caller: AuthenticatedUser | undefined): Promise<DivingCenterDetailResponseDto> {
    const row = await this.centers.findRow(id);
    if (!row) throw new NotFoundException(DIVING_CENTER_NOT_FOUND);
    await this.centers.incrementViewCount(id);
    row.view_count += 1;
    return {
      ...toDivingCenterResponse(row, caller?.isAdmin ?? false),
      user_rating: caller ? await this.centers.userRating(id, caller.id) : null,
      is_manager: caller ? caller.isAdmin || caller.isModerator : false,
    };
  }

  async create(dto: CreateDivingCenterDto, caller: AuthenticatedUser): Promise<DivingCenterResponseDto> {
    const coordinates = coordinatesOf(dto, 'create') ?? null;
    return this.dataSource.transaction(async (em) => {
      const id = await this.centers.insert(fieldsOf(dto), coordinates, em);
      await this.searchIndex.refresh([id], em);
      return this.read(id, caller, em);
    });
  }

  async update(
    id: number,
    dto: UpdateDivingCenterDto,
    caller: AuthenticatedUser,
  ): Promise<DivingCenterResponseDto> {
    if (dto.name === null) {
      throw new RequestValidationException([
        { loc: ['body', 'name'], msg: 'name cannot be empty', type: 'value_error' },
      ]);
    }
    const coordinates = coordinatesOf(dto, 'update');
    return this.dataSource.transaction(async (em) => {
      await this.requireExists(id, em, true);
      const fields = fieldsOf(dto);
      await this.centers.update(id, fields, coordinates, em);
      if (changesSearchDocument(fields)) await this.searchIndex.refresh([id], em);
      return this.read(id, caller, em);
    });
  }

  async remove(id: number): Promise<void> {
    if (!(await this.centers.delete(id))) throw new NotFoundException(DIVING_CENTER_NOT_FOUND);
  }

  /** A center as written, read in the writer's transaction (D25). */
  private async read(
    id: number,
    caller: AuthenticatedUser,
    em: EntityManager,
  ): Promise<DivingCenterResponseDto> {
    const row = await this.centers.findRow(id, em);
    if (!row) throw new NotFoundException(DIVING_CENTER_NOT_FOUND);
    return toDivingCenterResponse(row, caller.isAdmin);
  }

  // ---- spatial and name search ---------------------------------------------------------------------

  /**
   * The `limit` centers nearest to `center` within `radiusKm`, nearest first (ties by id). Uses THE
   * nearby query of src/database/spatial-search.ts: per-box MBRIntersects on the spatial index, the
   * sentinel filter, the exact ST_Distance_Sphere, and an expanding radius (spatial-notes §8).
   */
  async nearby(center: LatLng, radiusKm: number, limit: number): Promise<NearbyDivingCenterResponseDto[]> {
    const hits = await findNearbyExpanding<{
      name: string;
      country: string | null;
      region: string | null;
      city: string | null;
    }>(
      this.dataSource,
      {
        flavour: flavourOfOptions(this.dataSource.options),
        table: 'diving_centers',
        columns: ['name', 'country', 'region', 'city'],
        center: { lat: center.lat, lng: center.lng === -180 ? 180 : center.lng },
        radiusM: radiusKm * 1000,
        limit,
      },
      { startM: NEARBY_START_M },
    );
    return hits.map((hit) => ({
      id: hit.id,
      name: hit.name,
      country: hit.country,
      region: hit.region,
      city: hit.city,
      distance_km: round(hit.distance_m / 1000, 2),
    }));
  }

  /**
   * Centers whose name matches `q` (its words, as word prefixes; center-search.ts): names starting
   * with it first; with lat and lng, ties nearest first (+ distance_km). Fewer than
   * FUZZY_WHEN_FEWER_THAN matches (and room left under `limit`): the centers whose name is close to a
   * misspelt `q` follow, closest first. `matchTypes`: exact, name or fuzzy per result.
   */
  async search(
    query: SearchDivingCentersQueryDto,
  ): Promise<WithMatchTypes<{ items: DivingCenterSearchResultDto[] }>> {
    const hasLat = query.lat !== undefined;
    const hasLng = query.lng !== undefined;
    if (hasLat !== hasLng) {
      const missing = hasLat ? 'lng' : 'lat';
      throw new RequestValidationException([
        { loc: ['query', missing], msg: 'lat and lng go together: give both or neither', type: 'missing' },
      ]);
    }
    const point = hasLat && hasLng ? { lat: query.lat!, lng: query.lng! } : undefined;
    const limit = query.limit ?? 20;
    let rows = await this.centers.search(query.q, limit, point);
    const matchTypes = new Map<number, MatchType>(
      rows.map((r) => [r.id, isExactName(query.q, [r.name]) ? 'exact' : 'name']),
    );
    if (rows.length < FUZZY_WHEN_FEWER_THAN && rows.length < limit) {
      const room = Math.min(MAX_FUZZY_MATCHES, limit - rows.length);
      const fuzzyIds = await this.misspeltMatches(query.q, {}, new Set(rows.map((r) => r.id)), room);
      const byId = new Map((await this.centers.searchRows(fuzzyIds, point)).map((r) => [r.id, r]));
      const extra = fuzzyIds.flatMap((id) => byId.get(id) ?? []);
      rows = [...rows, ...extra];
      for (const r of extra) matchTypes.set(r.id, 'fuzzy');
    }
    const items = rows.map((row) => {
      const result: DivingCenterSearchResultDto = {
        id: row.id,
        name: row.name,
        country: row.country,
        region: row.region,
        city: row.city,
      };
      if (point) {
        const meters = decimal(row.distance_m);
        result.distance_km = meters === null ? null : round(meters / 1000, 2);
      }
      return result;
    });
    return { items, matchTypes };
  }
}
