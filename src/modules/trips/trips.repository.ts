import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { containsPattern, LIKE_ESCAPE } from '../../common/pagination/like';
import { flavourOfOptions, spatialSql } from '../../database/spatial';
import { CenterReadModel } from '../centers/center.read-model';
import { DifficultyReadModel } from '../difficulty/difficulty.read-model';
import { DiveReadModel } from '../dives/dive.read-model';
import { SiteReadModel } from '../sites/site.read-model';
import { TagReadModel } from '../tags/tag.read-model';
import type { TripStatus } from './entities/parsed-dive-trip.entity';
import type { CenterCandidate, SiteCandidate } from './parser/newsletter-parser';
import { tripSearchCondition } from './trip-search';
import { VIEW_COUNT_ONLY } from '../../database/result-cache';

/**
 * SQL of the trips module. Dive sites, their aliases, diving centers, ratings, tags and dives belong
 * to other modules: they are only read here (never written), through the read models their modules
 * export (SiteReadModel, CenterReadModel, DifficultyReadModel, TagReadModel, DiveReadModel), which the
 * servers merge into these statements (issue 14).
 */

const SITES = SiteReadModel.sites;
const LIVE_SITES = SiteReadModel.liveSites;
const CENTERS = CenterReadModel.centers;

type Queryable = Pick<EntityManager, 'query'>;

const NO_ALIASES: readonly string[] = Object.freeze([]);

export interface TripFilter {
  startDate?: string;
  endDate?: string;
  divingCenterId?: number;
  diveSiteId?: number;
  tripStatus?: TripStatus;
  minPrice?: number;
  maxPrice?: number;
  minDuration?: number;
  maxDuration?: number;
  /** A difficulty_levels id */
  difficultyId?: number;
  excludeUnspecifiedDifficulty?: boolean;
  /** Words of the description, requirements, center's name or a live site's names (trip-search.ts) */
  searchQuery?: string;
  locationQuery?: string;
  country?: string;
  region?: string;
}

export type TripSortField =
  | 'trip_date'
  | 'trip_price'
  | 'trip_duration'
  | 'created_at'
  | 'difficulty_level'
  | 'popularity'
  | 'distance';

export interface TripSort {
  field: TripSortField;
  order: 'ASC' | 'DESC';
  /** For `distance` */
  from?: { lat: number; lon: number };
}

export interface TripRow {
  id: number;
  diving_center_id: number | null;
  trip_date: string;
  trip_time: string | null;
  trip_duration: number | null;
  trip_difficulty_id: number | null;
  trip_price: string | null;
  trip_currency: string;
  group_size_limit: number | null;
  current_bookings: number;
  trip_description: string | null;
  special_requirements: string | null;
  trip_status: TripStatus;
  source_newsletter_id: number | null;
  view_count: number;
  extracted_at: Date;
  created_at: Date;
  updated_at: Date;
  diving_center_name: string | null;
  diving_center_country: string | null;
  diving_center_region: string | null;
  center_latitude: string | null;
  center_longitude: string | null;
  max_depth: string | null;
}

/** A trip as it is written (its id, view count and timestamps come from the column defaults). */
export interface TripValues {
  divingCenterId: number | null;
  tripDate: string;
  tripTime: string | null;
  tripDuration: number | null;
  tripDifficultyId: number | null;
  tripPrice: number | null;
  tripCurrency: string;
  groupSizeLimit: number | null;
  currentBookings: number;
  tripDescription: string | null;
  specialRequirements: string | null;
  tripStatus: TripStatus;
  sourceNewsletterId: number | null;
}

/** A dive as it is written: its site (or none), number, time, duration and description. */
export interface DiveValues {
  diveSiteId: number | null;
  diveNumber: number;
  diveTime: string | null;
  diveDuration: number | null;
  diveDescription: string | null;
}

/**
 * Rows per multi-row INSERT: 100 trips with the longest texts the parser returns (4,000 + 2,000
 * characters, 4 bytes each at most) make 2.4 MB, 500 dives (255-character descriptions) 0.5 MB — far
 * below max_allowed_packet (16 MB on MariaDB, 64 MB on MySQL by default).
 */
export const TRIP_BATCH = 100;
export const DIVE_BATCH = 500;

export interface DiveRow {
  id: number;
  trip_id: number;
  dive_site_id: number | null;
  dive_number: number;
  dive_time: string | null;
  dive_duration: number | null;
  dive_description: string | null;
  created_at: Date;
  updated_at: Date;
  dive_site_name: string | null;
  dive_site_country: string | null;
  dive_site_region: string | null;
  dive_site_average_rating: string | null;
  latitude: string | null;
  longitude: string | null;
}

export interface UserDiveRow {
  id: number;
  name: string | null;
  dive_date: string;
  dive_site_id: number;
  dive_time: string | null;
}

export interface NewsletterRow {
  id: number;
  content: string;
  received_at: Date;
  trips_count: string | number;
}

const TRIP_SORT_SQL: Record<Exclude<TripSortField, 'distance'>, { expr: string; nullable: boolean }> = {
  trip_date: { expr: 'f.trip_date', nullable: false },
  trip_price: { expr: 'f.trip_price', nullable: true },
  trip_duration: { expr: 'f.trip_duration', nullable: true },
  created_at: { expr: 'f.created_at', nullable: false },
  difficulty_level: { expr: 'f.difficulty_order', nullable: true },
  popularity: { expr: 'f.view_count', nullable: false },
};

const like = (column: string) => `${column} LIKE ? ESCAPE '${LIKE_ESCAPE}'`;

@Injectable()
export class TripsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private db(em?: EntityManager): Queryable {
    return em ?? this.dataSource;
  }

  /** What the parser matches against: live sites with their aliases, and every center. */
  async loadParseContext(
    em?: EntityManager,
  ): Promise<{ sites: SiteCandidate[]; centers: CenterCandidate[] }> {
    const db = this.db(em);
    const sites = await db.query<Array<{ id: number; name: string }>>(
      `SELECT s.id, s.name FROM ${LIVE_SITES} s ORDER BY s.id`,
    );
    const aliases = await db.query<Array<{ dive_site_id: number; alias: string }>>(
      `SELECT a.dive_site_id, a.alias FROM ${SiteReadModel.aliases} a
         JOIN ${LIVE_SITES} s ON s.id = a.dive_site_id
        ORDER BY a.id`,
    );
    const centers = await db.query<Array<{ id: number; name: string }>>(
      `SELECT c.id, c.name FROM ${CENTERS} c ORDER BY c.id`,
    );
    const bySite = new Map<number, string[]>();
    for (const a of aliases) {
      const list = bySite.get(a.dive_site_id);
      if (list) list.push(a.alias);
      else bySite.set(a.dive_site_id, [a.alias]);
    }
    return {
      sites: sites.map((s) => ({ id: s.id, name: s.name, aliases: bySite.get(s.id) ?? NO_ALIASES })),
      centers: centers.map((c) => ({ id: c.id, name: c.name })),
    };
  }

  /**
   * A fingerprint of everything loadParseContext() returns, from one cheap statement (a scan of the
   * three relations without sorting or transferring them): per relation the row count, the highest id
   * and two checksums (XOR and sum of CRC32) of each row's id and text — the live sites' names, every
   * alias with its site, every center's name. Any insert, delete, rename, archive or restore changes it
   * (also renaming an alias, which has no updated_at, and changes committed out of timestamp order),
   * while edits the parser never sees (descriptions, coordinates, view counts) leave it alone.
   */
  async parseContextFingerprint(em?: EntityManager): Promise<string> {
    const sum = (id: string, text: string) =>
      `CONCAT_WS(':', COUNT(*), MAX(${id}), BIT_XOR(CRC32(CONCAT_WS(':', ${text}))), SUM(CRC32(CONCAT_WS(':', ${text}))))`;
    const [row] = await this.db(em).query<Array<{ sites: string; aliases: string; centers: string }>>(
      `SELECT (SELECT ${sum('s.id', 's.id, s.name')} FROM ${LIVE_SITES} s) AS sites,
              (SELECT ${sum('a.id', 'a.id, a.dive_site_id, a.alias')} FROM ${SiteReadModel.aliases} a) AS aliases,
              (SELECT ${sum('c.id', 'c.id, c.name')} FROM ${CENTERS} c) AS centers`,
    );
    return `sites ${row.sites}; aliases ${row.aliases}; centers ${row.centers}`;
  }

  /**
   * loadParseContext() and its fingerprint read in one snapshot (a REPEATABLE READ transaction: InnoDB
   * takes the snapshot at its first read), so the fingerprint describes exactly the rows returned.
   */
  async loadFingerprintedParseContext(): Promise<{
    fingerprint: string;
    sites: SiteCandidate[];
    centers: CenterCandidate[];
  }> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const fingerprint = await this.parseContextFingerprint(em);
      return { fingerprint, ...(await this.loadParseContext(em)) };
    });
  }

  async centerExists(id: number, em?: EntityManager): Promise<boolean> {
    const rows = await this.db(em).query<unknown[]>(`SELECT 1 FROM ${CENTERS} c WHERE c.id = ?`, [id]);
    return rows.length > 0;
  }

  /** Which of these site ids exist (archived sites included: a trip may still go there). */
  async existingSiteIds(ids: number[], em?: EntityManager): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db(em).query<Array<{ id: number }>>(
      `SELECT s.id FROM ${SITES} s WHERE s.id IN (?)`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  // ----------------------------------------------------------------------------------- newsletters

  async listNewsletters(limit: number, offset: number): Promise<NewsletterRow[]> {
    return this.dataSource.query<NewsletterRow[]>(
      `SELECT n.id, n.content, n.received_at,
              (SELECT COUNT(*) FROM parsed_dive_trips t WHERE t.source_newsletter_id = n.id) AS trips_count
         FROM newsletters n
        ORDER BY n.received_at DESC, n.id DESC
        LIMIT ? OFFSET ?`,
      [limit, offset],
    );
  }

  async findNewsletter(id: number, em?: EntityManager): Promise<NewsletterRow | undefined> {
    const [row] = await this.db(em).query<NewsletterRow[]>(
      `SELECT n.id, n.content, n.received_at,
              (SELECT COUNT(*) FROM parsed_dive_trips t WHERE t.source_newsletter_id = n.id) AS trips_count
         FROM newsletters n WHERE n.id = ?`,
      [id],
    );
    return row;
  }

  // ----------------------------------------------------------------------------------------- trips

  /**
   * One page of trip ids and the size of the whole list. For anonymous callers only the two earliest
   * trips of each center (after the filters) are listed and trips without a center are not: the same
   * rule for `total` and `items`, so pages add up.
   */
  async listTripIds(
    filter: TripFilter,
    sort: TripSort,
    page: { offset: number; limit: number },
    anonymous: boolean,
  ): Promise<{ ids: number[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      conditions.push(sql);
      params.push(...values);
    };
    const siteExists = (sql: string) =>
      `EXISTS (SELECT 1 FROM parsed_dives pd JOIN ${LIVE_SITES} s ON s.id = pd.dive_site_id
                WHERE pd.trip_id = t.id AND ${sql})`;
    if (filter.startDate) add('t.trip_date >= ?', filter.startDate);
    if (filter.endDate) add('t.trip_date <= ?', filter.endDate);
    if (filter.divingCenterId !== undefined) add('t.diving_center_id = ?', filter.divingCenterId);
    if (filter.diveSiteId !== undefined) {
      add(
        'EXISTS (SELECT 1 FROM parsed_dives pd WHERE pd.trip_id = t.id AND pd.dive_site_id = ?)',
        filter.diveSiteId,
      );
    }
    if (filter.tripStatus) add('t.trip_status = ?', filter.tripStatus);
    if (filter.minPrice !== undefined) add('t.trip_price >= ?', filter.minPrice);
    if (filter.maxPrice !== undefined) add('t.trip_price <= ?', filter.maxPrice);
    if (filter.minDuration !== undefined) add('t.trip_duration >= ?', filter.minDuration);
    if (filter.maxDuration !== undefined) add('t.trip_duration <= ?', filter.maxDuration);
    if (filter.difficultyId !== undefined) add('t.trip_difficulty_id = ?', filter.difficultyId);
    if (filter.excludeUnspecifiedDifficulty) add('t.trip_difficulty_id IS NOT NULL');
    if (filter.searchQuery) {
      const search = tripSearchCondition(filter.searchQuery);
      add(search.sql, ...search.params);
    }
    if (filter.locationQuery) {
      const p = containsPattern(filter.locationQuery);
      add(
        `(${like('c.country')} OR ${like('c.region')} OR ${like('c.city')} OR ${like('c.address')}
          OR ${siteExists(`(${like('s.country')} OR ${like('s.region')})`)})`,
        p,
        p,
        p,
        p,
        p,
        p,
      );
    }
    if (filter.country) {
      const p = containsPattern(filter.country);
      add(`(${like('c.country')} OR ${siteExists(like('s.country'))})`, p, p);
    }
    if (filter.region) {
      const p = containsPattern(filter.region);
      add(`(${like('c.region')} OR ${siteExists(like('s.region'))})`, p, p);
    }

    const rank = anonymous
      ? ', ROW_NUMBER() OVER (PARTITION BY t.diving_center_id ORDER BY t.trip_date, t.trip_time, t.id) AS center_rank'
      : '';
    const inner = `
      SELECT t.id, t.diving_center_id, t.trip_date, t.trip_time, t.trip_price, t.trip_duration, t.created_at,
             t.view_count, dl.order_index AS difficulty_order, c.latitude AS center_lat, c.longitude AS center_lng${rank}
        FROM parsed_dive_trips t
        LEFT JOIN ${CENTERS} c ON c.id = t.diving_center_id
        LEFT JOIN ${DifficultyReadModel.levels} dl ON dl.id = t.trip_difficulty_id
       ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}`;
    const outerWhere = anonymous ? 'WHERE f.diving_center_id IS NOT NULL AND f.center_rank <= 2' : '';

    const [{ total }] = await this.dataSource.query<Array<{ total: string | number }>>(
      `SELECT COUNT(*) AS total FROM (${inner}) f ${outerWhere}`,
      params,
    );

    const order: string[] = [];
    const orderParams: unknown[] = [];
    if (sort.field === 'distance' && sort.from) {
      // The one great-circle formula of the project (database/spatial: ST_Distance_Sphere, EARTH_RADIUS_M).
      const spatial = spatialSql(flavourOfOptions(this.dataSource.options));
      const distance = spatial.distanceSphere(
        spatial.point('f.center_lng', 'f.center_lat'),
        spatial.point('?', '?'),
      );
      order.push(`f.center_lat IS NULL`, `${distance} ${sort.order}`);
      orderParams.push(sort.from.lon, sort.from.lat);
    } else {
      const { expr, nullable } = TRIP_SORT_SQL[sort.field === 'distance' ? 'trip_date' : sort.field];
      if (nullable) order.push(`${expr} IS NULL`);
      order.push(`${expr} ${sort.order}`);
    }
    if (sort.field === 'trip_date') order.push(`f.trip_time IS NULL`, `f.trip_time ${sort.order}`);
    order.push(`f.id ${sort.order}`);
    const rows = await this.dataSource.query<Array<{ id: number }>>(
      `SELECT f.id FROM (${inner}) f ${outerWhere} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`,
      [...params, ...orderParams, page.limit, page.offset],
    );
    return { ids: rows.map((r) => r.id), total: Number(total) };
  }

  /**
   * Trips by id with their center and deepest site, in the order of `ids`. Not the text of their
   * newsletter (up to 1 MB each, and most callers are not shown it): see newsletterContents().
   */
  async loadTrips(ids: number[], em?: EntityManager): Promise<TripRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.db(em).query<TripRow[]>(
      `SELECT t.id, t.diving_center_id, t.trip_date, t.trip_time, t.trip_duration, t.trip_difficulty_id,
              t.trip_price, t.trip_currency, t.group_size_limit, t.current_bookings, t.trip_description,
              t.special_requirements, t.trip_status, t.source_newsletter_id, t.view_count, t.extracted_at,
              t.created_at, t.updated_at,
              c.name AS diving_center_name, c.country AS diving_center_country, c.region AS diving_center_region,
              c.latitude AS center_latitude, c.longitude AS center_longitude,
              (SELECT MAX(s.max_depth) FROM parsed_dives pd JOIN ${SITES} s ON s.id = pd.dive_site_id
                WHERE pd.trip_id = t.id) AS max_depth
         FROM parsed_dive_trips t
         LEFT JOIN ${CENTERS} c ON c.id = t.diving_center_id
        WHERE t.id IN (?)`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is TripRow => r !== undefined);
  }

  /** The stored text of these newsletters, each once however many trips came from it. */
  async newsletterContents(ids: number[], em?: EntityManager): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db(em).query<Array<{ id: number; content: string }>>(
      'SELECT n.id, n.content FROM newsletters n WHERE n.id IN (?)',
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.content]));
  }

  /** The dives of these trips with their site's name, place, coordinates and average rating. */
  async loadDives(tripIds: number[], em?: EntityManager): Promise<DiveRow[]> {
    if (tripIds.length === 0) return [];
    return this.db(em).query<DiveRow[]>(
      `SELECT d.id, d.trip_id, d.dive_site_id, d.dive_number, d.dive_time, d.dive_duration, d.dive_description,
              d.created_at, d.updated_at,
              s.name AS dive_site_name, s.country AS dive_site_country, s.region AS dive_site_region,
              ${SiteReadModel.averageRating('s.id')} AS dive_site_average_rating,
              s.latitude, s.longitude
         FROM parsed_dives d
         LEFT JOIN ${LIVE_SITES} s ON s.id = d.dive_site_id
        WHERE d.trip_id IN (?)
        ORDER BY d.trip_id, d.dive_number, d.id`,
      [tripIds],
    );
  }

  async loadSiteTags(
    siteIds: number[],
    em?: EntityManager,
  ): Promise<Map<number, Array<{ id: number; name: string }>>> {
    const tags = new Map<number, Array<{ id: number; name: string }>>();
    if (siteIds.length === 0) return tags;
    const rows = await this.db(em).query<Array<{ dive_site_id: number; id: number; name: string }>>(
      `SELECT st.dive_site_id, t.id, t.name FROM ${SiteReadModel.siteTags} st JOIN ${TagReadModel.tags} t ON t.id = st.tag_id
        WHERE st.dive_site_id IN (?) ORDER BY t.name, t.id`,
      [siteIds],
    );
    for (const r of rows)
      tags.set(r.dive_site_id, [...(tags.get(r.dive_site_id) ?? []), { id: r.id, name: r.name }]);
    return tags;
  }

  /** The caller's own dives at these sites on these dates (only ever the caller's: never someone else's). */
  async userDives(
    userId: number,
    pairs: Array<{ date: string; siteId: number }>,
    em?: EntityManager,
  ): Promise<UserDiveRow[]> {
    if (pairs.length === 0) return [];
    const dates = [...new Set(pairs.map((p) => p.date))];
    const sites = [...new Set(pairs.map((p) => p.siteId))];
    return this.db(em).query<UserDiveRow[]>(
      `SELECT d.id, d.name, d.dive_date, d.dive_site_id, d.dive_time FROM ${DiveReadModel.dives} d
        WHERE d.user_id = ? AND d.dive_date IN (?) AND d.dive_site_id IN (?)
        ORDER BY d.id`,
      [userId, dates, sites],
    );
  }

  // ----------------------------------------------------------------------------------------- writes

  /**
   * Inserts trips of a newsletter with multi-row INSERTs (TRIP_BATCH rows a statement) in the
   * caller's transaction and returns their ids in the order of `trips`. The ids are read back rather
   * than computed from the statement's insertId: consecutive ids per statement hold for simple
   * inserts under innodb_autoinc_lock_mode 0, 1 and 2 on both servers, but not with
   * auto_increment_increment > 1 (Galera, multi-source setups). The newsletter's trips from the first
   * id on are the ones inserted here: its other trips are older (smaller ids), and no other
   * transaction writes trips of a newsletter that is new (uncommitted) or locked (reparse).
   */
  async insertTrips(trips: TripValues[], em: EntityManager): Promise<number[]> {
    if (trips.length === 0) return [];
    const newsletters = new Set(trips.map((t) => t.sourceNewsletterId));
    const [newsletterId] = newsletters;
    if (newsletters.size !== 1 || newsletterId === null)
      throw new Error('insertTrips writes the trips of one newsletter');
    let firstId: number | undefined;
    for (let i = 0; i < trips.length; i += TRIP_BATCH) {
      const chunk = trips.slice(i, i + TRIP_BATCH);
      const result = await em.query<{ insertId: number; affectedRows: number }>(
        `INSERT INTO parsed_dive_trips
           (diving_center_id, trip_date, trip_time, trip_duration, trip_difficulty_id, trip_price, trip_currency,
            group_size_limit, current_bookings, trip_description, special_requirements, trip_status,
            source_newsletter_id)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((t) => [
          t.divingCenterId,
          t.tripDate,
          t.tripTime,
          t.tripDuration,
          t.tripDifficultyId,
          t.tripPrice,
          t.tripCurrency,
          t.groupSizeLimit,
          t.currentBookings,
          t.tripDescription,
          t.specialRequirements,
          t.tripStatus,
          t.sourceNewsletterId,
        ]),
      );
      firstId ??= Number(result.insertId);
    }
    const rows = await em.query<Array<{ id: number }>>(
      'SELECT t.id FROM parsed_dive_trips t WHERE t.source_newsletter_id = ? AND t.id >= ? ORDER BY t.id',
      [newsletterId, firstId],
    );
    if (rows.length !== trips.length)
      throw new Error(`Inserted ${trips.length} trips but read back ${rows.length}`);
    return rows.map((r) => r.id);
  }

  /** Inserts dives (of any trips) with multi-row INSERTs, in the caller's transaction. */
  async insertDives(dives: Array<DiveValues & { tripId: number }>, em: EntityManager): Promise<void> {
    for (let i = 0; i < dives.length; i += DIVE_BATCH) {
      const chunk = dives.slice(i, i + DIVE_BATCH);
      await em.query(
        `INSERT INTO parsed_dives (trip_id, dive_site_id, dive_number, dive_time, dive_duration, dive_description)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((d) => [
          d.tripId,
          d.diveSiteId,
          d.diveNumber,
          d.diveTime,
          d.diveDuration,
          d.diveDescription,
        ]),
      );
    }
  }

  /** view_count + 1 without touching updated_at. */
  async incrementViewCount(id: number): Promise<void> {
    await this.dataSource.query(
      `${VIEW_COUNT_ONLY} UPDATE parsed_dive_trips SET view_count = view_count + 1, updated_at = updated_at WHERE id = ?`,
      [id],
    );
  }
}
