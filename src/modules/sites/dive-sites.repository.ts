import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { containsPattern, LIKE_ESCAPE } from '../../common/pagination/like';
import { offsetOf, type PageRequest } from '../../common/pagination/pagination';
import type { Sort } from '../../common/pagination/sorting';
import { booleanQuery, searchWords, trigramQuery } from '../../common/text/search-text';
import { ResultCache, VIEW_COUNT_ONLY } from '../../database/result-cache';
import type { SqlFragment } from '../../database/spatial-search';
import { DifficultyReadModel } from '../difficulty/difficulty.read-model';
import { TagReadModel } from '../tags/tag.read-model';
import { UserReadModel } from '../users/user.read-model';
import type { DiveSiteSortField } from './dto/list-dive-sites.query.dto';

/** The most values `/dive-sites/countries` and `/regions` answer (a bare array in the contract). */
export const DISTINCT_VALUES_CAP = 5000;
/**
 * The most search matches kept as one ordered id list in the result cache; a search matching more
 * is counted and paged by SQL.
 */
export const SEARCH_MATCHES_CAP = 50_000;

/** A search's matches in relevance order, and whether each matched a name or alias (1) or only text (0). */
interface SearchMatches {
  ids: Uint32Array;
  nameMatch: Uint8Array;
}

/** What the list and count filter on, already checked and resolved (ids, not codes or names). */
export interface DiveSiteFilter {
  /**
   * Words of the name, an alias, the country, region or description: every word of at least 3
   * characters as a word prefix, case, accents and Greek/Latin spelling aside (FULLTEXT on
   * dive_site_search; common/text/search-text.ts)
   */
  search?: string;
  /** Substring of the name or an alias */
  name?: string;
  /** The whole country, case- and accent-insensitively (the column collation; D27) */
  country?: string;
  /** The whole region, likewise */
  region?: string;
  /** A difficulty_levels id; null: a code that matches no level (nothing matches) */
  difficultyId?: number | null;
  excludeUnspecifiedDifficulty?: boolean;
  minRating?: number;
  /** The site must carry every one of these tags */
  tagIds?: number[];
  createdBy?: number;
  createdByUsername?: string;
  /** Latitude range and one or two longitude ranges (two when the box crosses ±180) */
  bbox?: { south: number; north: number; lngRanges: Array<[number, number]> };
  includeArchived: boolean;
}

/** A site row with its creator's name and its SQL aggregates (DECIMALs still strings). */
export interface DiveSiteRow {
  id: number;
  name: string;
  description: string | null;
  latitude: string | number | null;
  longitude: string | number | null;
  address: string | null;
  access_instructions: string | null;
  dive_plans: string | null;
  gas_tanks_necessary: string | null;
  difficulty_id: number | null;
  marine_life: string | null;
  safety_information: string | null;
  max_depth: string | number | null;
  country: string | null;
  region: string | null;
  view_count: number;
  created_by: number | null;
  deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
  created_by_username: string | null;
  average_rating: string | number | null;
  total_ratings: string | number;
  comment_count: string | number;
}

/** Only what a map needs (detail_level=minimal). */
export type MinimalDiveSiteRow = Pick<DiveSiteRow, 'id' | 'latitude' | 'longitude'>;

export interface SiteTagRow {
  dive_site_id: number;
  id: number;
  name: string;
}

export interface SiteAliasRow {
  id: number;
  dive_site_id: number;
  alias: string;
  created_at: Date;
}

export interface SiteThumbnailRow {
  id: number;
  dive_site_id: number;
  media_type: string;
  url: string;
  thumbnail_url: string | null;
  /** Where the picture comes from: the site's own media (default) or a dive's (D26). */
  source?: 'site_media' | 'dive_media';
}

const ESC = `ESCAPE '${LIKE_ESCAPE}'`;
/** The aggregates kept on the row by the ratings' transactions (migration AddRatingAggregatesAndListIndexes). */
const AVERAGE_RATING = 'IF(s.rating_count = 0, NULL, s.rating_sum / s.rating_count)';
const TOTAL_RATINGS = 's.rating_count';
const COMMENT_COUNT = '(SELECT COUNT(*) FROM site_comments c WHERE c.dive_site_id = s.id)';
/** 1 when the search (one `?`, a booleanQuery) matches the site's names or aliases, else 0 (alias `ss`). */
const NAME_MATCH = '(MATCH(ss.names) AGAINST (? IN BOOLEAN MODE) > 0)';
const HAS_ALIAS_LIKE = `EXISTS (SELECT 1 FROM dive_site_aliases a WHERE a.dive_site_id = s.id AND a.alias LIKE ? ${ESC})`;

/** Every column of a site row, its creator's username and its aggregates (one row per site). */
const FULL_COLUMNS = `s.id, s.name, s.description, s.latitude, s.longitude, s.address, s.access_instructions,
  s.dive_plans, s.gas_tanks_necessary, s.difficulty_id, s.marine_life, s.safety_information, s.max_depth,
  s.country, s.region, s.view_count, s.created_by, s.deleted_at, s.created_at, s.updated_at,
  u.username AS created_by_username, ${AVERAGE_RATING} AS average_rating, ${TOTAL_RATINGS} AS total_ratings,
  ${COMMENT_COUNT} AS comment_count`;
/** The creator and the difficulty level through their modules' read models (issue 14), merged by the server. */
const FULL_FROM = `dive_sites s
  LEFT JOIN ${UserReadModel.users} u ON u.id = s.created_by
  LEFT JOIN ${DifficultyReadModel.levels} d ON d.id = s.difficulty_id`;

/** sort_by → the SQL it orders by; nullable ones put NULLs last in both directions. */
const SORT_SQL: Record<DiveSiteSortField, { expr: string; nullable: boolean }> = {
  name: { expr: 's.name', nullable: false },
  country: { expr: 's.country', nullable: true },
  region: { expr: 's.region', nullable: true },
  difficulty_level: { expr: 'd.order_index', nullable: true },
  created_at: { expr: 's.created_at', nullable: false },
  updated_at: { expr: 's.updated_at', nullable: false },
  average_rating: { expr: AVERAGE_RATING, nullable: true },
  view_count: { expr: 's.view_count', nullable: false },
  comment_count: { expr: COMMENT_COUNT, nullable: false },
};

/** How a page is ordered: a checked sort, or (search without sort_by) name matches first, newest first. */
export type DiveSiteOrder = { sort: Sort<DiveSiteSortField> } | { searchRelevance: string };

/**
 * The dive-site queries that outgrow find-options: the filtered list and its count, one site with
 * its aggregates, and the per-page loads of tags, aliases and thumbnails (one query each for a whole
 * page: no N+1). Everything is parameterised; LIKE patterns escape their wildcards. Methods take an
 * optional EntityManager so reads after a write use the writer's transaction (D25).
 */
@Injectable()
export class DiveSitesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: ResultCache,
  ) {}

  private run<T>(em: EntityManager | undefined, sql: string, params: unknown[] = []): Promise<T> {
    return (em ?? this.dataSource.manager).query<T>(sql, params);
  }

  /** `load` (which sends `sql` with `params`) through the result cache, unless inside a transaction. */
  private cached<T>(em: EntityManager | undefined, sql: string, params: unknown[], load: () => Promise<T>) {
    return em ? load() : this.cache.remember(sql, params, load);
  }

  /** The WHERE clause of a filter (on alias `s`). */
  whereOf(filter: DiveSiteFilter): SqlFragment {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (!filter.includeArchived) conditions.push('s.deleted_at IS NULL');
    if (filter.search) {
      const query = booleanQuery(filter.search);
      if (query) {
        conditions.push('MATCH(ss.names, ss.body) AGAINST (? IN BOOLEAN MODE)');
        params.push(query);
      } else {
        // No word long enough for the index ("ss a"): the folded words, within the documents.
        const p = containsPattern(searchWords(filter.search).join(' '));
        conditions.push(`(ss.names LIKE ? ${ESC} OR ss.body LIKE ? ${ESC})`);
        params.push(p, p);
      }
    }
    if (filter.name) {
      const p = containsPattern(filter.name);
      conditions.push(`(s.name LIKE ? ${ESC} OR ${HAS_ALIAS_LIKE})`);
      params.push(p, p);
    }
    if (filter.country) {
      conditions.push('s.country = ?');
      params.push(filter.country);
    }
    if (filter.region) {
      conditions.push('s.region = ?');
      params.push(filter.region);
    }
    if (filter.difficultyId === null) conditions.push('1 = 0');
    else if (filter.difficultyId !== undefined) {
      conditions.push('s.difficulty_id = ?');
      params.push(filter.difficultyId);
    }
    if (filter.excludeUnspecifiedDifficulty) conditions.push('s.difficulty_id IS NOT NULL');
    if (filter.minRating !== undefined) {
      conditions.push('s.rating_count > 0 AND s.rating_sum >= ? * s.rating_count');
      params.push(filter.minRating);
    }
    if (filter.tagIds && filter.tagIds.length > 0) {
      const ids = [...new Set(filter.tagIds)];
      conditions.push(
        '(SELECT COUNT(DISTINCT st.tag_id) FROM dive_site_tags st WHERE st.dive_site_id = s.id AND st.tag_id IN (?)) = ?',
      );
      params.push(ids, ids.length);
    }
    if (filter.createdBy !== undefined) {
      conditions.push('s.created_by = ?');
      params.push(filter.createdBy);
    }
    if (filter.createdByUsername !== undefined) {
      conditions.push(`s.created_by = (SELECT x.id FROM ${UserReadModel.users} x WHERE x.username = ?)`);
      params.push(filter.createdByUsername);
    }
    if (filter.bbox) {
      conditions.push('s.latitude BETWEEN ? AND ?');
      params.push(filter.bbox.south, filter.bbox.north);
      const ranges = filter.bbox.lngRanges.map(() => 's.longitude BETWEEN ? AND ?');
      conditions.push(`(${ranges.join(' OR ')})`);
      for (const [west, east] of filter.bbox.lngRanges) params.push(west, east);
    }
    return { sql: conditions.length > 0 ? conditions.join(' AND ') : '1 = 1', params };
  }

  /** The search documents joined when the filter searches (alias `ss`). */
  private searchJoin(filter: DiveSiteFilter): string {
    return filter.search ? ' JOIN dive_site_search ss ON ss.dive_site_id = s.id' : '';
  }

  async count(filter: DiveSiteFilter, em?: EntityManager): Promise<number> {
    if (filter.search) {
      const matches = await this.searchMatches(filter, em);
      if (matches) return matches.ids.length;
    }
    const where = this.whereOf(filter);
    const sql = `SELECT COUNT(*) AS total FROM dive_sites s${this.searchJoin(filter)} WHERE ${where.sql}`;
    return this.cached(em, sql, where.params, async () => {
      const [row] = await this.run<Array<{ total: string | number }>>(em, sql, where.params);
      return Number(row.total);
    });
  }

  /**
   * Every match of the filter's search in relevance order (name or alias matches first, then newest
   * first), through the result cache: the FULLTEXT match and its sort run once for all pages and the
   * count. Undefined when the filter has no search or it matches more than SEARCH_MATCHES_CAP sites.
   */
  private async searchMatches(
    filter: DiveSiteFilter,
    em?: EntityManager,
  ): Promise<SearchMatches | undefined> {
    if (!filter.search) return undefined;
    const where = this.whereOf(filter);
    const sql = `SELECT s.id, ${NAME_MATCH} AS name_match FROM dive_sites s${this.searchJoin(filter)}
      WHERE ${where.sql} ORDER BY name_match DESC, s.created_at DESC, s.id ASC LIMIT ?`;
    const params = [booleanQuery(filter.search) ?? '', ...where.params, SEARCH_MATCHES_CAP + 1];
    const matches = await this.cached(em, sql, params, async () => {
      const rows = await this.run<Array<{ id: number; name_match: number | string }>>(em, sql, params);
      if (rows.length > SEARCH_MATCHES_CAP) return null;
      return {
        ids: Uint32Array.from(rows, (r) => r.id),
        nameMatch: Uint8Array.from(rows, (r) => (Number(r.name_match) > 0 ? 1 : 0)),
      };
    });
    return matches ?? undefined;
  }

  /**
   * One page of sites (all columns and aggregates, or only id and coordinates), ties broken by id in
   * the sort's direction. Ids first: the page is chosen on the narrow rows — for the default order and
   * the equality filters straight from an index of the migration AddRatingAggregatesAndListIndexes,
   * (filter, deleted_at, name), read in either direction — and only its rows are then read whole with
   * their creator and comment count.
   */
  async page(
    filter: DiveSiteFilter,
    order: DiveSiteOrder,
    request: PageRequest,
    minimal: boolean,
    em?: EntityManager,
  ): Promise<DiveSiteRow[] | MinimalDiveSiteRow[]> {
    if ('searchRelevance' in order) {
      const matches = await this.searchMatches(filter, em);
      if (matches) return this.pageOfMatches(matches, request, minimal, em);
    }
    const where = this.whereOf(filter);
    const orderParams: unknown[] = [];
    let orderBy: string;
    let joins = this.searchJoin(filter);
    if ('sort' in order) {
      const { field, order: direction } = order.sort;
      const { expr, nullable } = SORT_SQL[field];
      orderBy = `${nullable ? `${expr} IS NULL, ` : ''}${expr} ${direction}, s.id ${direction}`;
      if (field === 'difficulty_level')
        joins += ` LEFT JOIN ${DifficultyReadModel.levels} d ON d.id = s.difficulty_id`;
    } else {
      // Name (or alias) matches first, then newest first (the contract's relevance).
      orderBy = `${NAME_MATCH} DESC, s.created_at DESC, s.id ASC`;
      orderParams.push(booleanQuery(order.searchRelevance) ?? '');
    }
    const columns = minimal ? 's.id, s.latitude, s.longitude' : 's.id';
    const matchColumn = filter.search ? `, ${NAME_MATCH} AS name_match` : '';
    const matchParams = filter.search ? [booleanQuery(filter.search) ?? ''] : [];
    const chosen = await this.run<Array<MinimalDiveSiteRow & { name_match?: number | string }>>(
      em,
      `SELECT ${columns}${matchColumn} FROM dive_sites s${joins} WHERE ${where.sql}
        ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
      [...matchParams, ...where.params, ...orderParams, request.pageSize, offsetOf(request)],
    );
    if (minimal || chosen.length === 0) return chosen;
    const byId = new Map(
      (
        await this.findRows(
          chosen.map((r) => r.id),
          em,
        )
      ).map((r) => [r.id, r]),
    );
    return chosen.flatMap((c) => {
      const row = byId.get(c.id);
      return row ? [c.name_match === undefined ? row : { ...row, name_match: c.name_match }] : [];
    });
  }

  /** One page of a search's cached matches, read whole (or id and coordinates), in their order. */
  private async pageOfMatches(
    matches: SearchMatches,
    request: PageRequest,
    minimal: boolean,
    em?: EntityManager,
  ): Promise<DiveSiteRow[] | MinimalDiveSiteRow[]> {
    const start = offsetOf(request);
    const ids = [...matches.ids.subarray(start, start + request.pageSize)];
    if (ids.length === 0) return [];
    if (minimal) {
      const rows = await this.run<MinimalDiveSiteRow[]>(
        em,
        'SELECT s.id, s.latitude, s.longitude FROM dive_sites s WHERE s.id IN (?)',
        [ids],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    }
    const byId = new Map((await this.findRows(ids, em)).map((r) => [r.id, r]));
    return ids.flatMap((id, i) => {
      const row = byId.get(id);
      return row ? [{ ...row, name_match: matches.nameMatch[start + i] }] : [];
    });
  }

  /**
   * Sites whose names or aliases look like a misspelt `search`: the best `limit` candidates by shared
   * trigrams (FULLTEXT on dive_site_search.trigrams), within the filter, with their names document for
   * scoring (common/text/search-text.ts fuzzyScore). Empty when the search has no trigram.
   */
  async fuzzyCandidates(
    search: string,
    filter: DiveSiteFilter,
    limit: number,
    em?: EntityManager,
  ): Promise<Array<{ id: number; name: string; names: string }>> {
    const grams = trigramQuery(search);
    if (!grams) return [];
    const where = this.whereOf({ ...filter, search: undefined });
    return this.run(
      em,
      `SELECT s.id, s.name, ss.names FROM dive_sites s JOIN dive_site_search ss ON ss.dive_site_id = s.id
        WHERE MATCH(ss.trigrams) AGAINST (?) AND ${where.sql}
        ORDER BY MATCH(ss.trigrams) AGAINST (?) DESC, s.id ASC LIMIT ?`,
      [grams, ...where.params, grams, limit],
    );
  }

  /** One site (archived included) with its creator's username and aggregates. */
  async findRow(id: number, em?: EntityManager): Promise<DiveSiteRow | undefined> {
    const rows = await this.run<DiveSiteRow[]>(
      em,
      `SELECT ${FULL_COLUMNS} FROM ${FULL_FROM} WHERE s.id = ?`,
      [id],
    );
    return rows[0];
  }

  /** Sites by id with their aggregates (any order; archived included). */
  async findRows(ids: number[], em?: EntityManager): Promise<DiveSiteRow[]> {
    if (ids.length === 0) return [];
    return this.run<DiveSiteRow[]>(em, `SELECT ${FULL_COLUMNS} FROM ${FULL_FROM} WHERE s.id IN (?)`, [ids]);
  }

  /** The tags of these sites, by name. */
  async tagsFor(siteIds: number[], em?: EntityManager): Promise<SiteTagRow[]> {
    if (siteIds.length === 0) return [];
    return this.run<SiteTagRow[]>(
      em,
      `SELECT st.dive_site_id, t.id, t.name FROM dive_site_tags st JOIN ${TagReadModel.tags} t ON t.id = st.tag_id
        WHERE st.dive_site_id IN (?) ORDER BY t.name, t.id`,
      [siteIds],
    );
  }

  /**
   * How many sites not archived carry each of these tags (tags on none are absent): the sites'
   * part of `GET /tags/with-counts`, through SiteTagUsage. One query for the whole set.
   */
  async liveSiteCountsByTag(tagIds: number[], em?: EntityManager): Promise<Map<number, number>> {
    if (tagIds.length === 0) return new Map();
    const rows = await this.run<Array<{ tag_id: number; uses: string | number }>>(
      em,
      `SELECT st.tag_id, COUNT(*) AS uses FROM dive_site_tags st JOIN dive_sites s ON s.id = st.dive_site_id
        WHERE st.tag_id IN (?) AND s.deleted_at IS NULL GROUP BY st.tag_id`,
      [tagIds],
    );
    return new Map(rows.map((r) => [r.tag_id, Number(r.uses)]));
  }

  /** The aliases of these sites, oldest first. */
  async aliasesFor(siteIds: number[], em?: EntityManager): Promise<SiteAliasRow[]> {
    if (siteIds.length === 0) return [];
    return this.run<SiteAliasRow[]>(
      em,
      `SELECT id, dive_site_id, alias, created_at FROM dive_site_aliases
        WHERE dive_site_id IN (?) ORDER BY created_at, id`,
      [siteIds],
    );
  }

  /** Each site's thumbnail: its first photo, else its first video (site media only). */
  async thumbnailsFor(siteIds: number[], em?: EntityManager): Promise<SiteThumbnailRow[]> {
    if (siteIds.length === 0) return [];
    return this.run<SiteThumbnailRow[]>(
      em,
      `SELECT m.id, m.dive_site_id, m.media_type, m.url, m.thumbnail_url FROM site_media m
         JOIN (SELECT COALESCE(MIN(CASE WHEN media_type = 'photo' THEN id END), MIN(id)) AS id
                 FROM site_media WHERE dive_site_id IN (?) AND media_type IN ('photo', 'video')
                GROUP BY dive_site_id) f ON f.id = m.id`,
      [siteIds],
    );
  }

  /** The caller's score for a site, or null. */
  async userRating(siteId: number, userId: number, em?: EntityManager): Promise<number | null> {
    const rows = await this.run<Array<{ score: number }>>(
      em,
      'SELECT score FROM site_ratings WHERE dive_site_id = ? AND user_id = ?',
      [siteId, userId],
    );
    return rows[0]?.score ?? null;
  }

  /** +1 view without touching updated_at (the column is ON UPDATE CURRENT_TIMESTAMP). */
  async incrementViewCount(id: number, em?: EntityManager): Promise<void> {
    await this.run(
      em,
      `${VIEW_COUNT_ONLY} UPDATE dive_sites SET view_count = view_count + 1, updated_at = updated_at WHERE id = ?`,
      [id],
    );
  }

  /**
   * Distinct non-empty countries of live sites, sorted; at most DISTINCT_VALUES_CAP (the world has
   * about 250 countries: the cap only bounds a table filled with junk values).
   */
  async countries(search: string | undefined): Promise<string[]> {
    const params: unknown[] = [];
    let sql =
      "SELECT DISTINCT country FROM dive_sites WHERE deleted_at IS NULL AND country IS NOT NULL AND country <> ''";
    if (search) {
      sql += ` AND country LIKE ? ${ESC}`;
      params.push(containsPattern(search));
    }
    const rows = await this.run<Array<{ country: string }>>(
      undefined,
      `${sql} ORDER BY country LIMIT ${DISTINCT_VALUES_CAP}`,
      params,
    );
    return rows.map((r) => r.country);
  }

  /** Distinct non-empty regions of live sites (of one country), sorted; at most DISTINCT_VALUES_CAP. */
  async regions(country: string | undefined, search: string | undefined): Promise<string[]> {
    const params: unknown[] = [];
    let sql =
      "SELECT DISTINCT region FROM dive_sites WHERE deleted_at IS NULL AND region IS NOT NULL AND region <> ''";
    if (country) {
      sql += ' AND country = ?';
      params.push(country);
    }
    if (search) {
      sql += ` AND region LIKE ? ${ESC}`;
      params.push(containsPattern(search));
    }
    const rows = await this.run<Array<{ region: string }>>(
      undefined,
      `${sql} ORDER BY region LIMIT ${DISTINCT_VALUES_CAP}`,
      params,
    );
    return rows.map((r) => r.region);
  }
}
