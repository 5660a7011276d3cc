import type { ListWindow } from '../../common/pagination/bounded-list';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { containsPattern, LIKE_ESCAPE } from '../../common/pagination/like';
import { offsetOf, type PageRequest } from '../../common/pagination/pagination';
import { CenterReadModel } from '../centers/center.read-model';
import { DifficultyReadModel } from '../difficulty/difficulty.read-model';
import { SiteReadModel } from '../sites/site.read-model';
import { TagReadModel } from '../tags/tag.read-model';
import { UserReadModel } from '../users/user.read-model';
import { diveSearchCondition, diveSiteNameCondition } from './dive-search';
import type { AdminDiveSortField } from './dto/list-dives.query.dto';
import { ResultCache, VIEW_COUNT_ONLY } from '../../database/result-cache';

/** Who may see which dives (spec/api.md "Our rules" 7). */
export type DiveVisibility =
  /** Admin endpoints: every dive, private ones included */
  | { kind: 'all' }
  /** Anonymous callers: public dives only */
  | { kind: 'public' }
  /** A signed-in caller (admins and moderators too, outside the admin endpoints): public dives and their own */
  | { kind: 'publicOrOwn'; userId: number };

/** A dive list's filters, already checked and resolved (ids instead of codes). */
export interface DiveFilter {
  visibility: DiveVisibility;
  /** A filter no dive can match (e.g. a buddy: dive buddies do not exist yet) */
  none?: boolean;
  userId?: number;
  usernameContains?: string;
  diveSiteId?: number;
  diveSiteIds?: number[];
  /**
   * Words of the site's name or of an alias (word prefixes, case, accents and Greek/Latin spelling
   * aside: FULLTEXT through SiteReadModel.nameMatches; dive-search.ts)
   */
  diveSiteName?: string;
  /**
   * Words of the dive's name or information, or of its site's names, place or description (word
   * prefixes, through FULLTEXT indexes; dive-search.ts)
   */
  search?: string;
  /** The admin search: part of the dive's name, the owner's username, the site's name or the dive information */
  adminSearch?: string;
  difficultyId?: number;
  excludeUnspecifiedDifficulty?: boolean;
  suitType?: string;
  minDepth?: number;
  maxDepth?: number;
  minVisibility?: number;
  maxVisibility?: number;
  minRating?: number;
  maxRating?: number;
  /** YYYY-MM-DD, inclusive */
  startDate?: string;
  endDate?: string;
  /** The dive carries ALL of these tags */
  tagIds?: number[];
  /** The site lies in this box (longitude ranges: two across ±180) */
  bbox?: { south: number; north: number; lngRanges: Array<[number, number]> };
}

/** A list order: a sort field, `default` (dive_date desc, dive_time desc) or `site` (GET /dive-sites/{id}/dives). */
export type DiveOrder = { field: AdminDiveSortField; order: 'ASC' | 'DESC' } | { field: 'default' | 'site' };

/** One dive with its owner's name and the site and center summaries, as one SELECT returns it. */
export interface DiveRow {
  id: number;
  user_id: number;
  user_username: string;
  dive_site_id: number | null;
  diving_center_id: number | null;
  name: string | null;
  is_private: number | boolean;
  dive_information: string | null;
  max_depth: string | number | null;
  average_depth: string | number | null;
  gas_bottles_used: string | null;
  suit_type: string | null;
  difficulty_id: number | null;
  visibility_rating: number | null;
  user_rating: number | null;
  dive_date: string;
  dive_time: string | null;
  duration: number | null;
  view_count: number;
  created_at: Date;
  updated_at: Date;
  site_id: number | null;
  site_name: string | null;
  site_description: string | null;
  site_latitude: string | number | null;
  site_longitude: string | number | null;
  site_country: string | null;
  site_region: string | null;
  site_deleted_at: Date | null;
  center_id: number | null;
  center_name: string | null;
  center_description: string | null;
  center_email: string | null;
  center_phone: string | null;
  center_website: string | null;
  center_latitude: string | number | null;
  center_longitude: string | number | null;
}

export interface DiveTagRow {
  dive_id: number;
  id: number;
  name: string;
}

export interface DiveMediaRow {
  id: number;
  dive_id: number;
  media_type: string;
  url: string;
  description: string | null;
  title: string | null;
  thumbnail_url: string | null;
  medium_url: string | null;
  created_at: Date;
}

/** A dive's media with the dive and its owner (a site's media list). */
export interface SiteDiveMediaRow extends DiveMediaRow {
  dive_site_id: number;
  dive_name: string | null;
  user_id: number;
  user_username: string;
}

/** A site's thumbnail taken from a dive's media. */
export interface DiveMediaThumbnailRow {
  id: number;
  dive_site_id: number;
  dive_id: number;
  media_type: string;
  url: string;
  thumbnail_url: string | null;
}

/** The site columns both the dive details and the visited-sites list show. */
interface SiteSummaryColumns {
  id: number;
  name: string;
  description: string | null;
  latitude: string | number | null;
  longitude: string | number | null;
  country: string | null;
  region: string | null;
  deleted_at: Date | null;
  difficulty_id: number | null;
  max_depth: string | number | null;
}

/** The site of `GET /dives/{id}/details`. */
export interface DiveSiteDetailsRow extends SiteSummaryColumns {
  marine_life: string | null;
  safety_information: string | null;
  access_instructions: string | null;
}

export interface VisitedSiteRow extends SiteSummaryColumns {
  visit_count: string | number;
}

const DIVE_COLUMNS = `d.id, d.user_id, u.username AS user_username, d.dive_site_id, d.diving_center_id, d.name,
  d.is_private, d.dive_information, d.max_depth, d.average_depth, d.gas_bottles_used, d.suit_type,
  d.difficulty_id, d.visibility_rating, d.user_rating, d.dive_date, d.dive_time, d.duration, d.view_count,
  d.created_at, d.updated_at,
  s.id AS site_id, s.name AS site_name, s.description AS site_description, s.latitude AS site_latitude,
  s.longitude AS site_longitude, s.country AS site_country, s.region AS site_region,
  s.deleted_at AS site_deleted_at,
  c.id AS center_id, c.name AS center_name, c.description AS center_description, c.email AS center_email,
  c.phone AS center_phone, c.website AS center_website, c.latitude AS center_latitude,
  c.longitude AS center_longitude`;

/**
 * Owner and site are joined for filters; the center only where its summary is read. Other modules'
 * tables through their read models (issue 14), which the server merges into this query.
 */
const FILTER_FROM = `FROM dives d JOIN ${UserReadModel.users} u ON u.id = d.user_id
  LEFT JOIN ${SiteReadModel.sites} s ON s.id = d.dive_site_id`;
const PAGE_FROM = `${FILTER_FROM} LEFT JOIN ${CenterReadModel.centers} c ON c.id = d.diving_center_id`;

/**
 * The FROM of a count or of a page's ids: dives alone, joined to the owner (`u`) and the site (`s`)
 * only where the SQL given (WHERE, ORDER BY) names those aliases. Dropping an unused join changes no
 * result — every dive has its owner (NOT NULL foreign key) and the site join is a LEFT JOIN on the
 * primary key — but lets the server plan on the dives' own indexes (MariaDB otherwise started the
 * public count from the users' username index: more than 30 s at 1,000,000 dives).
 */
export function narrowFrom(...sql: string[]): string {
  const text = sql.join(' ');
  const uses = (alias: string) => new RegExp(`(^|[^\\w.])${alias}\\.`).test(text);
  return [
    'FROM dives d',
    uses('u') ? `JOIN ${UserReadModel.users} u ON u.id = d.user_id` : '',
    uses('s') ? `LEFT JOIN ${SiteReadModel.sites} s ON s.id = d.dive_site_id` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

const LIKE = `LIKE ? ESCAPE '${LIKE_ESCAPE}'`;

/** The WHERE clause of a filter and its parameters (always parameterised). */
export function whereOf(filter: DiveFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    clauses.push(clause);
    params.push(...values);
  };

  if (filter.visibility.kind === 'public') add('d.is_private = 0');
  if (filter.visibility.kind === 'publicOrOwn')
    add('(d.is_private = 0 OR d.user_id = ?)', filter.visibility.userId);
  if (filter.none) add('1 = 0');
  if (filter.userId !== undefined) add('d.user_id = ?', filter.userId);
  if (filter.usernameContains) add(`u.username ${LIKE}`, containsPattern(filter.usernameContains));
  if (filter.diveSiteId !== undefined) add('d.dive_site_id = ?', filter.diveSiteId);
  if (filter.diveSiteIds?.length) add('d.dive_site_id IN (?)', filter.diveSiteIds);
  if (filter.diveSiteName) {
    const byName = diveSiteNameCondition(filter.diveSiteName);
    add(byName.sql, ...byName.params);
  }
  if (filter.search) {
    const bySearch = diveSearchCondition(filter.search);
    add(bySearch.sql, ...bySearch.params);
  }
  if (filter.adminSearch) {
    const pattern = containsPattern(filter.adminSearch);
    add(
      `(d.name ${LIKE} OR u.username ${LIKE} OR s.name ${LIKE} OR d.dive_information ${LIKE})`,
      pattern,
      pattern,
      pattern,
      pattern,
    );
  }
  if (filter.difficultyId !== undefined) add('d.difficulty_id = ?', filter.difficultyId);
  if (filter.excludeUnspecifiedDifficulty) add('d.difficulty_id IS NOT NULL');
  if (filter.suitType) add('d.suit_type = ?', filter.suitType);
  if (filter.minDepth !== undefined) add('d.max_depth >= ?', filter.minDepth);
  if (filter.maxDepth !== undefined) add('d.max_depth <= ?', filter.maxDepth);
  if (filter.minVisibility !== undefined) add('d.visibility_rating >= ?', filter.minVisibility);
  if (filter.maxVisibility !== undefined) add('d.visibility_rating <= ?', filter.maxVisibility);
  if (filter.minRating !== undefined) add('d.user_rating >= ?', filter.minRating);
  if (filter.maxRating !== undefined) add('d.user_rating <= ?', filter.maxRating);
  if (filter.startDate) add('d.dive_date >= ?', filter.startDate);
  if (filter.endDate) add('d.dive_date <= ?', filter.endDate);
  if (filter.tagIds?.length) {
    const ids = [...new Set(filter.tagIds)];
    add(
      `d.id IN (SELECT dt.dive_id FROM dive_tags dt WHERE dt.tag_id IN (?) GROUP BY dt.dive_id HAVING COUNT(DISTINCT dt.tag_id) = ?)`,
      ids,
      ids.length,
    );
  }
  if (filter.bbox) {
    const ranges = filter.bbox.lngRanges.map(() => 's.longitude BETWEEN ? AND ?').join(' OR ');
    add(
      `(s.latitude BETWEEN ? AND ? AND (${ranges}))`,
      filter.bbox.south,
      filter.bbox.north,
      ...filter.bbox.lngRanges.flat(),
    );
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const SORT_EXPRESSIONS: Record<AdminDiveSortField, string> = {
  id: 'd.id',
  dive_date: 'd.dive_date',
  max_depth: 'd.max_depth',
  duration: 'd.duration',
  difficulty_level: `(SELECT dl.order_index FROM ${DifficultyReadModel.levels} dl WHERE dl.id = d.difficulty_id)`,
  visibility_rating: 'd.visibility_rating',
  user_rating: 'd.user_rating',
  view_count: 'd.view_count',
  created_at: 'd.created_at',
  updated_at: 'd.updated_at',
  name: 'd.name',
  user_username: 'u.username',
  dive_site_name: 's.name',
};

/** ORDER BY of a list; ties end on the id so pages never overlap. */
export function orderByOf(order: DiveOrder): string {
  switch (order.field) {
    case 'default':
      return 'ORDER BY d.dive_date DESC, d.dive_time DESC, d.id DESC';
    case 'site':
      return 'ORDER BY d.user_rating DESC, d.dive_date DESC, d.dive_time DESC, d.id DESC';
    case 'dive_date':
      return `ORDER BY d.dive_date ${order.order}, d.dive_time ${order.order}, d.id ${order.order}`;
    case 'id':
      return `ORDER BY d.id ${order.order}`;
    default:
      return `ORDER BY ${SORT_EXPRESSIONS[order.field]} ${order.order}, d.id ${order.order}`;
  }
}

/**
 * The dive queries that outgrow find-options (parameterised SQL). A page of dives is read with its
 * owner, site and center in one SELECT; tags and media of a whole page take one query each, so a
 * page costs the same number of queries whatever its size.
 */
@Injectable()
export class DivesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: ResultCache,
  ) {}

  private m(em?: EntityManager): EntityManager {
    return em ?? this.dataSource.manager;
  }

  /** Through the result cache outside a transaction (database/result-cache.ts). */
  async count(filter: DiveFilter, em?: EntityManager): Promise<number> {
    const where = whereOf(filter);
    const sql = `SELECT COUNT(*) AS total ${narrowFrom(where.sql)} ${where.sql}`;
    const load = async () => {
      const [row] = await this.m(em).query<Array<{ total: string | number }>>(sql, where.params);
      return Number(row.total);
    };
    return em ? load() : this.cache.remember(sql, where.params, load);
  }

  async page(
    filter: DiveFilter,
    order: DiveOrder,
    request: Pick<PageRequest, 'pageSize'> & Partial<PageRequest>,
    em?: EntityManager,
  ): Promise<DiveRow[]> {
    const where = whereOf(filter);
    const offset = request.page ? offsetOf(request as PageRequest) : 0;
    const orderBy = orderByOf(order);
    // Ids first, on the dives' indexes; then only the page's rows with owner, site and center.
    const chosen = await this.m(em).query<Array<{ id: number }>>(
      `SELECT d.id ${narrowFrom(where.sql, orderBy)} ${where.sql} ${orderBy} LIMIT ? OFFSET ?`,
      [...where.params, request.pageSize, offset],
    );
    if (chosen.length === 0) return [];
    const rows = await this.m(em).query<DiveRow[]>(`SELECT ${DIVE_COLUMNS} ${PAGE_FROM} WHERE d.id IN (?)`, [
      chosen.map((r) => r.id),
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return chosen.flatMap((c) => byId.get(c.id) ?? []);
  }

  /**
   * Of these dives, those whose site's names or aliases have the words of `search` (a booleanQuery
   * through SiteReadModel.nameMatches): the `name` matches of X-Match-Types.
   */
  async siteNameMatches(diveIds: number[], query: string, em?: EntityManager): Promise<Set<number>> {
    if (diveIds.length === 0) return new Set();
    const rows = await this.m(em).query<Array<{ id: number }>>(
      `SELECT d.id FROM dives d WHERE d.id IN (?) AND d.dive_site_id IN ${SiteReadModel.nameMatches}`,
      [diveIds, query],
    );
    return new Set(rows.map((r) => r.id));
  }

  async findRow(id: number, em?: EntityManager): Promise<DiveRow | undefined> {
    const rows = await this.m(em).query<DiveRow[]>(`SELECT ${DIVE_COLUMNS} ${PAGE_FROM} WHERE d.id = ?`, [
      id,
    ]);
    return rows[0];
  }

  /** The tags of these dives, by name. */
  async tagsFor(diveIds: number[], em?: EntityManager): Promise<DiveTagRow[]> {
    if (diveIds.length === 0) return [];
    return this.m(em).query<DiveTagRow[]>(
      `SELECT dt.dive_id, t.id, t.name FROM dive_tags dt JOIN ${TagReadModel.tags} t ON t.id = dt.tag_id
        WHERE dt.dive_id IN (?) ORDER BY t.name, t.id`,
      [diveIds],
    );
  }

  /**
   * How many public dives carry each of these tags (tags on none are absent): the dives' part of
   * `GET /tags/with-counts`, through DiveTagUsage. One query for the whole set.
   */
  async publicDiveCountsByTag(tagIds: number[], em?: EntityManager): Promise<Map<number, number>> {
    if (tagIds.length === 0) return new Map();
    const rows = await this.m(em).query<Array<{ tag_id: number; uses: string | number }>>(
      `SELECT dt.tag_id, COUNT(*) AS uses FROM dive_tags dt JOIN dives d ON d.id = dt.dive_id
        WHERE dt.tag_id IN (?) AND d.is_private = 0 GROUP BY dt.tag_id`,
      [tagIds],
    );
    return new Map(rows.map((r) => [r.tag_id, Number(r.uses)]));
  }

  /** A window of one dive's media, oldest first (ties by id), and how many media it has. */
  async mediaPage(
    diveId: number,
    window: { limit: number; offset: number },
    em?: EntityManager,
  ): Promise<{ items: DiveMediaRow[]; total: number }> {
    const items = await this.m(em).query<DiveMediaRow[]>(
      `SELECT id, dive_id, media_type, url, description, title, thumbnail_url, medium_url, created_at
         FROM dive_media WHERE dive_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?`,
      [diveId, window.limit, window.offset],
    );
    const [{ total }] = await this.m(em).query<Array<{ total: number | string }>>(
      'SELECT COUNT(*) AS total FROM dive_media WHERE dive_id = ?',
      [diveId],
    );
    return { items, total: Number(total) };
  }

  /** The media of these dives, oldest first. */
  async mediaFor(diveIds: number[], em?: EntityManager): Promise<DiveMediaRow[]> {
    if (diveIds.length === 0) return [];
    return this.m(em).query<DiveMediaRow[]>(
      `SELECT id, dive_id, media_type, url, description, title, thumbnail_url, medium_url, created_at
         FROM dive_media WHERE dive_id IN (?) ORDER BY created_at, id`,
      [diveIds],
    );
  }

  async findMedia(diveId: number, mediaId: number, em?: EntityManager): Promise<DiveMediaRow | undefined> {
    const rows = await this.m(em).query<DiveMediaRow[]>(
      `SELECT id, dive_id, media_type, url, description, title, thumbnail_url, medium_url, created_at
         FROM dive_media WHERE id = ? AND dive_id = ?`,
      [mediaId, diveId],
    );
    return rows[0];
  }

  async siteDetails(siteId: number, em?: EntityManager): Promise<DiveSiteDetailsRow | undefined> {
    const rows = await this.m(em).query<DiveSiteDetailsRow[]>(
      `SELECT s.id, s.name, s.description, s.latitude, s.longitude, s.country, s.region, s.deleted_at,
              s.difficulty_id, s.max_depth, s.marine_life, s.safety_information, s.access_instructions
         FROM ${SiteReadModel.sites} s WHERE s.id = ?`,
      [siteId],
    );
    return rows[0];
  }

  /** Counts a view without touching updated_at. */
  async incrementViewCount(id: number): Promise<void> {
    await this.dataSource.query(
      `${VIEW_COUNT_ONLY} UPDATE dives SET view_count = view_count + 1, updated_at = updated_at WHERE id = ?`,
      [id],
    );
  }

  /**
   * A window of the sites `userId` dived at with their dive counts, most visited first (then name,
   * id: a stable order), and how many sites there are. `publicOnly` counts only public dives;
   * archived sites are left out unless `includeArchived`.
   */
  async visitedSites(
    userId: number,
    publicOnly: boolean,
    includeArchived: boolean,
    window: { limit: number; offset: number },
  ): Promise<{ items: VisitedSiteRow[]; total: number }> {
    const visits = `(SELECT dive_site_id, COUNT(*) AS visit_count FROM dives
                WHERE user_id = ? AND dive_site_id IS NOT NULL ${publicOnly ? 'AND is_private = 0' : ''}
                GROUP BY dive_site_id) v
         JOIN ${SiteReadModel.sites} s ON s.id = v.dive_site_id
        ${includeArchived ? '' : 'WHERE s.deleted_at IS NULL'}`;
    const items = await this.dataSource.query<VisitedSiteRow[]>(
      `SELECT s.id, s.name, s.description, s.latitude, s.longitude, s.country, s.region, s.deleted_at,
              s.difficulty_id, s.max_depth, v.visit_count
         FROM ${visits}
        ORDER BY v.visit_count DESC, s.name, s.id LIMIT ? OFFSET ?`,
      [userId, window.limit, window.offset],
    );
    const [{ total }] = await this.dataSource.query<Array<{ total: number | string }>>(
      `SELECT COUNT(*) AS total FROM ${visits}`,
      [userId],
    );
    return { items, total: Number(total) };
  }

  /**
   * Each site's thumbnail among its PUBLIC dives' media: the first photo, else the first video (the
   * rule of site media). One query for a whole page of sites; private dives never give a thumbnail.
   */
  async publicThumbnailsFor(siteIds: number[], em?: EntityManager): Promise<DiveMediaThumbnailRow[]> {
    if (siteIds.length === 0) return [];
    return this.m(em).query<DiveMediaThumbnailRow[]>(
      `SELECT m.id, d.dive_site_id, m.dive_id, m.media_type, m.url, m.thumbnail_url
         FROM dive_media m JOIN dives d ON d.id = m.dive_id
         JOIN (SELECT COALESCE(MIN(CASE WHEN m2.media_type = 'photo' THEN m2.id END), MIN(m2.id)) AS id
                 FROM dive_media m2 JOIN dives d2 ON d2.id = m2.dive_id
                WHERE d2.dive_site_id IN (?) AND d2.is_private = 0 AND m2.media_type IN ('photo', 'video')
                GROUP BY d2.dive_site_id) f ON f.id = m.id`,
      [siteIds],
    );
  }

  /** Media of the dives at a site that `visibility` allows, oldest first, with dive and owner. */
  /** A window (oldest first, ties by id) of the media of the dives at a site that `visibility` admits, and their number. */
  async mediaAtSite(
    siteId: number,
    visibility: DiveVisibility,
    window: ListWindow,
  ): Promise<{ rows: SiteDiveMediaRow[]; total: number }> {
    const where = whereOf({ visibility, diveSiteId: siteId });
    const [{ total }] = await this.dataSource.query<Array<{ total: number | string }>>(
      `SELECT COUNT(*) AS total FROM dive_media m JOIN dives d ON d.id = m.dive_id ${where.sql}`,
      where.params,
    );
    const rows =
      window.limit > 0 && window.offset < Number(total)
        ? await this.dataSource.query<SiteDiveMediaRow[]>(
            `SELECT m.id, m.dive_id, m.media_type, m.url, m.description, m.title, m.thumbnail_url, m.medium_url,
                    m.created_at, d.dive_site_id, d.name AS dive_name, d.user_id, u.username AS user_username
               FROM dive_media m JOIN dives d ON d.id = m.dive_id JOIN ${UserReadModel.users} u ON u.id = d.user_id
               ${where.sql}
              ORDER BY m.created_at, m.id
              LIMIT ? OFFSET ?`,
            [...where.params, window.limit, window.offset],
          )
        : [];
    return { rows, total: Number(total) };
  }
}
