import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { containsPattern, escapeLike, LIKE_ESCAPE } from '../../common/pagination/like';
import { offsetOf, type PageRequest } from '../../common/pagination/pagination';
import type { Sort } from '../../common/pagination/sorting';
import { trigramQuery } from '../../common/text/search-text';
import { flavourOfOptions, spatialSql } from '../../database/spatial';
import type { SqlFragment } from '../../database/spatial-search';
import { centerSearchCondition } from './center-search';
import type { DivingCenterSortField } from './dto/list-diving-centers.query.dto';
import { ResultCache, VIEW_COUNT_ONLY } from '../../database/result-cache';

/** What the list and count filter on, already checked. */
export interface DivingCenterFilter {
  /**
   * Words of the name, description, country, region or city: each word of at least 3 characters as
   * a word prefix, case, accents and Greek/Latin spelling aside (FULLTEXT on diving_center_search;
   * center-search.ts)
   */
  search?: string;
  name?: string;
  country?: string;
  region?: string;
  city?: string;
  minRating?: number;
  maxRating?: number;
  /** Nothing matches (e.g. only_claimed while ownership does not exist) */
  none?: boolean;
  /** Latitude range and one or two longitude ranges (two when the box crosses ±180) */
  bbox?: { south: number; north: number; lngRanges: Array<[number, number]> };
}

/** A center row with its SQL aggregates (DECIMALs and aggregates may come back as strings). */
export interface DivingCenterRow {
  id: number;
  name: string;
  description: string | null;
  address: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  latitude: string | number | null;
  longitude: string | number | null;
  country: string | null;
  region: string | null;
  city: string | null;
  view_count: number;
  created_at: Date;
  updated_at: Date;
  average_rating: string | number | null;
  total_ratings: string | number;
  comment_count: string | number;
}

/** The writable columns of a center (coordinates and location are written together, separately). */
export interface DivingCenterFields {
  name?: string;
  description?: string | null;
  address?: string | null;
  email?: string | null;
  phone?: string | null;
  website?: string | null;
  country?: string | null;
  region?: string | null;
  city?: string | null;
}

/** New coordinates: a point, or null to remove them (the location becomes the sentinel). */
export type Coordinates = { lat: number; lng: number } | null;

const FIELD_COLUMNS: ReadonlyArray<keyof DivingCenterFields> = [
  'name',
  'description',
  'address',
  'email',
  'phone',
  'website',
  'country',
  'region',
  'city',
];

const ESC = `ESCAPE '${LIKE_ESCAPE}'`;
/** The aggregates kept on the row by the ratings' transactions (migration AddRatingAggregatesAndListIndexes). */
const AVERAGE_RATING = 'IF(c.rating_count = 0, NULL, c.rating_sum / c.rating_count)';
const TOTAL_RATINGS = 'c.rating_count';
const COMMENT_COUNT = '(SELECT COUNT(*) FROM center_comments m WHERE m.diving_center_id = c.id)';

/** Every column of a center (but `location`) and its aggregates, one row per center, in one query. */
const FULL_COLUMNS = `c.id, c.name, c.description, c.address, c.email, c.phone, c.website, c.latitude, c.longitude,
  c.country, c.region, c.city, c.view_count, c.created_at, c.updated_at,
  ${AVERAGE_RATING} AS average_rating, ${TOTAL_RATINGS} AS total_ratings, ${COMMENT_COUNT} AS comment_count`;

/** sort_by → the SQL it orders by; nullable ones put NULLs last in both directions. */
const SORT_SQL: Record<DivingCenterSortField, { expr: string; nullable: boolean }> = {
  name: { expr: 'c.name', nullable: false },
  country: { expr: 'c.country', nullable: true },
  region: { expr: 'c.region', nullable: true },
  city: { expr: 'c.city', nullable: true },
  created_at: { expr: 'c.created_at', nullable: false },
  updated_at: { expr: 'c.updated_at', nullable: false },
  rating: { expr: AVERAGE_RATING, nullable: true },
  average_rating: { expr: AVERAGE_RATING, nullable: true },
  view_count: { expr: 'c.view_count', nullable: false },
  comment_count: { expr: COMMENT_COUNT, nullable: false },
};

/** A name-search hit: name columns, and the distance if asked. */
export interface DivingCenterSearchRow {
  id: number;
  name: string;
  country: string | null;
  region: string | null;
  city: string | null;
  distance_m?: number | string | null;
}

/**
 * The diving-center SQL: list and count with their filters and sorts (rating aggregates kept on the
 * row, the comment count correlated for the page's rows only: a page is two queries whatever its size), one center with aggregates, and the writes
 * that keep `location` in the same statement as latitude/longitude (spatialSql for the server: never
 * ST_GeomFromText without the axis order on MySQL). Everything is parameterised; LIKE patterns escape
 * their wildcards. Methods take an optional EntityManager so reads after a write use the writer's
 * transaction (DECISIONS.md D25).
 */
@Injectable()
export class DivingCentersRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: ResultCache,
  ) {}

  private get spatial() {
    return spatialSql(flavourOfOptions(this.dataSource.options));
  }

  private run<T>(em: EntityManager | undefined, sql: string, params: unknown[] = []): Promise<T> {
    return (em ?? this.dataSource.manager).query<T>(sql, params);
  }

  /** The WHERE clause of a filter (on alias `c`). */
  whereOf(filter: DivingCenterFilter): SqlFragment {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.none) conditions.push('1 = 0');
    if (filter.search) {
      const search = centerSearchCondition(filter.search, 'all');
      conditions.push(search.sql);
      params.push(...search.params);
    }
    for (const column of ['name', 'city'] as const) {
      const value = filter[column];
      if (value) {
        conditions.push(`c.${column} LIKE ? ${ESC}`);
        params.push(containsPattern(value));
      }
    }
    // D27: the whole value through the collation, served by (country, name) / (region, name).
    for (const column of ['country', 'region'] as const) {
      const value = filter[column];
      if (value) {
        conditions.push(`c.${column} = ?`);
        params.push(value);
      }
    }
    if (filter.minRating !== undefined) {
      conditions.push('c.rating_count > 0 AND c.rating_sum >= ? * c.rating_count');
      params.push(filter.minRating);
    }
    if (filter.maxRating !== undefined) {
      conditions.push('c.rating_count > 0 AND c.rating_sum <= ? * c.rating_count');
      params.push(filter.maxRating);
    }
    if (filter.bbox) {
      conditions.push('c.latitude BETWEEN ? AND ?');
      params.push(filter.bbox.south, filter.bbox.north);
      conditions.push(`(${filter.bbox.lngRanges.map(() => 'c.longitude BETWEEN ? AND ?').join(' OR ')})`);
      for (const [west, east] of filter.bbox.lngRanges) params.push(west, east);
    }
    return { sql: conditions.length > 0 ? conditions.join(' AND ') : '1 = 1', params };
  }

  /** Through the result cache outside a transaction (database/result-cache.ts). */
  async count(filter: DivingCenterFilter, em?: EntityManager): Promise<number> {
    const where = this.whereOf(filter);
    const sql = `SELECT COUNT(*) AS total FROM diving_centers c WHERE ${where.sql}`;
    const load = async () => {
      const [row] = await this.run<Array<{ total: string | number }>>(em, sql, where.params);
      return Number(row.total);
    };
    return em ? load() : this.cache.remember(sql, where.params, load);
  }

  /**
   * One page of centers with their aggregates, ties broken by id in the sort's direction. Ids first,
   * on the narrow rows (the name order and the country/region filters straight from their indexes),
   * then only the page's rows whole.
   */
  async page(
    filter: DivingCenterFilter,
    sort: Sort<DivingCenterSortField>,
    request: PageRequest,
    em?: EntityManager,
  ): Promise<DivingCenterRow[]> {
    const where = this.whereOf(filter);
    const { expr, nullable } = SORT_SQL[sort.field];
    const orderBy = `${nullable ? `${expr} IS NULL, ` : ''}${expr} ${sort.order}, c.id ${sort.order}`;
    const chosen = await this.run<Array<{ id: number }>>(
      em,
      `SELECT c.id FROM diving_centers c WHERE ${where.sql} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
      [...where.params, request.pageSize, offsetOf(request)],
    );
    const byId = new Map(
      (
        await this.findRows(
          chosen.map((r) => r.id),
          em,
        )
      ).map((r) => [r.id, r]),
    );
    return chosen.flatMap((c) => byId.get(c.id) ?? []);
  }

  /** One center with its aggregates. */
  async findRow(id: number, em?: EntityManager): Promise<DivingCenterRow | undefined> {
    const rows = await this.run<DivingCenterRow[]>(
      em,
      `SELECT ${FULL_COLUMNS} FROM diving_centers c WHERE c.id = ?`,
      [id],
    );
    return rows[0];
  }

  /** These centers with their aggregates, in no particular order (missing ids are left out). */
  async findRows(ids: number[], em?: EntityManager): Promise<DivingCenterRow[]> {
    if (ids.length === 0) return [];
    return this.run<DivingCenterRow[]>(em, `SELECT ${FULL_COLUMNS} FROM diving_centers c WHERE c.id IN (?)`, [
      ids,
    ]);
  }

  /** The names documents (diving_center_search.names) of these centers, by id. */
  async namesDocuments(ids: number[], em?: EntityManager): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.run<Array<{ id: number; names: string }>>(
      em,
      'SELECT diving_center_id AS id, names FROM diving_center_search WHERE diving_center_id IN (?)',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.names]));
  }

  /**
   * Centers whose name looks like a misspelt `search`: the best `limit` candidates by shared trigrams
   * (NATURAL LANGUAGE MODE on the FULLTEXT index of diving_center_search.trigrams), within the other
   * filters, for the caller to score (common/text/search-text.ts fuzzyScore). Empty when the search
   * has no trigram (no word of 3 characters).
   */
  async fuzzyCandidates(
    search: string,
    filter: Omit<DivingCenterFilter, 'search'>,
    limit: number,
    em?: EntityManager,
  ): Promise<Array<{ id: number; name: string }>> {
    const grams = trigramQuery(search);
    if (!grams) return [];
    const where = this.whereOf({ ...filter, search: undefined });
    const score = 'MATCH(cs.trigrams) AGAINST (? IN NATURAL LANGUAGE MODE)';
    return this.run(
      em,
      `SELECT c.id, c.name FROM diving_centers c JOIN diving_center_search cs ON cs.diving_center_id = c.id
        WHERE ${score} AND ${where.sql}
        ORDER BY ${score} DESC, c.id ASC LIMIT ?`,
      [grams, ...where.params, grams, limit],
    );
  }

  /** Whether the center exists; `lock` takes its row lock for the rest of the transaction. */
  async exists(id: number, em?: EntityManager, lock = false): Promise<boolean> {
    const rows = await this.run<unknown[]>(
      em,
      `SELECT id FROM diving_centers WHERE id = ?${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows.length > 0;
  }

  /** The caller's score for a center, or null. */
  async userRating(centerId: number, userId: number, em?: EntityManager): Promise<number | null> {
    const rows = await this.run<Array<{ score: number }>>(
      em,
      'SELECT score FROM center_ratings WHERE diving_center_id = ? AND user_id = ?',
      [centerId, userId],
    );
    return rows[0]?.score ?? null;
  }

  /** +1 view without touching updated_at (the column is ON UPDATE CURRENT_TIMESTAMP). */
  async incrementViewCount(id: number, em?: EntityManager): Promise<void> {
    await this.run(
      em,
      `${VIEW_COUNT_ONLY} UPDATE diving_centers SET view_count = view_count + 1, updated_at = updated_at WHERE id = ?`,
      [id],
    );
  }

  /** The point expression and its parameters for new coordinates (the sentinel for none). */
  private locationOf(coordinates: Coordinates): SqlFragment {
    return coordinates
      ? { sql: this.spatial.point('?', '?'), params: [coordinates.lng, coordinates.lat] }
      : { sql: this.spatial.sentinel(), params: [] };
  }

  /** Inserts a center; latitude, longitude and location in the one statement. Returns its id. */
  async insert(fields: DivingCenterFields, coordinates: Coordinates, em: EntityManager): Promise<number> {
    const columns = FIELD_COLUMNS.filter((c) => fields[c] !== undefined);
    const location = this.locationOf(coordinates);
    const names = [...columns, 'latitude', 'longitude', 'location'].map((c) => `\`${c}\``).join(', ');
    const placeholders = [...columns.map(() => '?'), '?', '?', location.sql].join(', ');
    const result = await this.run<{ insertId: number }>(
      em,
      `INSERT INTO diving_centers (${names}) VALUES (${placeholders})`,
      [
        ...columns.map((c) => fields[c]),
        coordinates?.lat ?? null,
        coordinates?.lng ?? null,
        ...location.params,
      ],
    );
    return result.insertId;
  }

  /**
   * Updates the given fields; `coordinates` undefined leaves latitude, longitude and location alone,
   * otherwise all three change in the same statement.
   */
  async update(
    id: number,
    fields: DivingCenterFields,
    coordinates: Coordinates | undefined,
    em: EntityManager,
  ): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [];
    for (const column of FIELD_COLUMNS) {
      if (fields[column] === undefined) continue;
      sets.push(`\`${column}\` = ?`);
      params.push(fields[column]);
    }
    if (coordinates !== undefined) {
      const location = this.locationOf(coordinates);
      sets.push('`latitude` = ?', '`longitude` = ?', `\`location\` = ${location.sql}`);
      params.push(coordinates?.lat ?? null, coordinates?.lng ?? null, ...location.params);
    }
    if (sets.length === 0) return;
    await this.run(em, `UPDATE diving_centers SET ${sets.join(', ')} WHERE id = ?`, [...params, id]);
  }

  /** Deletes a center (ratings, comments, gear, links CASCADE; dives keep their row: SET NULL). */
  async delete(id: number): Promise<boolean> {
    const result = await this.run<{ affectedRows: number }>(
      undefined,
      'DELETE FROM diving_centers WHERE id = ?',
      [id],
    );
    return result.affectedRows > 0;
  }

  /** The columns of a name-search hit, with the distance from `point` when given (params first). */
  private searchColumns(point: { lat: number; lng: number } | undefined): SqlFragment {
    if (!point) return { sql: 'c.id, c.name, c.country, c.region, c.city', params: [] };
    const d = this.spatial.distanceSphere('c.location', this.spatial.point('?', '?'));
    return {
      sql: `c.id, c.name, c.country, c.region, c.city, CASE WHEN c.latitude IS NOT NULL AND c.longitude IS NOT NULL THEN ${d} END AS distance_m`,
      params: [point.lng, point.lat],
    };
  }

  /**
   * Centers whose name matches `term` (the words of the name, center-search.ts, through the FULLTEXT
   * index of the names documents): names starting with the term first, then (with a point) nearest
   * first — centers without coordinates last — then by name and id.
   */
  async search(
    term: string,
    limit: number,
    point: { lat: number; lng: number } | undefined,
  ): Promise<DivingCenterSearchRow[]> {
    const columns = this.searchColumns(point);
    const match = centerSearchCondition(term, 'names');
    const rank = `CASE WHEN c.name LIKE ? ${ESC} THEN 0 ELSE 1 END`;
    const distanceOrder = point ? 'distance_m IS NULL, distance_m, ' : '';
    return this.run(
      undefined,
      `SELECT ${columns.sql} FROM diving_centers c WHERE ${match.sql}
        ORDER BY ${rank}, ${distanceOrder}c.name, c.id LIMIT ?`,
      [...columns.params, ...match.params, `${escapeLike(term)}%`, limit],
    );
  }

  /** These centers as name-search hits (in no particular order). */
  async searchRows(
    ids: number[],
    point: { lat: number; lng: number } | undefined,
  ): Promise<DivingCenterSearchRow[]> {
    if (ids.length === 0) return [];
    const columns = this.searchColumns(point);
    return this.run(undefined, `SELECT ${columns.sql} FROM diving_centers c WHERE c.id IN (?)`, [
      ...columns.params,
      ids,
    ]);
  }
}
