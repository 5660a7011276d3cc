import type { DatabaseFlavour } from '../config/configuration';
import { boundingBoxes, boxToWkt, type Box, type LatLng } from '../common/geo/geo';
import { spatialSql } from './spatial';

/**
 * THE nearby query (DESIGN.md "Database rules", spec/spatial-notes.md §4–§5 and §8), shared by dive
 * sites and diving centers: every row of `table` within `radiusM` of `center`, nearest first.
 *
 * - One branch per box of boundingBoxes() (exact longitude half-width, split at ±180, all longitudes
 *   when a pole is inside), each with its own `MBRIntersects(box, location)` so the spatial index is
 *   used; two boxes are joined with UNION ALL (an OR loses the index: full scan). MBRIntersects is the
 *   portable, boundary-inclusive predicate (MBRWithin drops points on the edge, e.g. the pole).
 * - `latitude IS NOT NULL` drops the POINT(0 0) sentinels of rows without coordinates.
 * - The exact radius and the order come from ST_Distance_Sphere with the explicit EARTH_RADIUS_M.
 * - MySQL 8 reads its box polygon in geographic SRID 4326, where -180 is not a valid longitude and an
 *   edge wider than 180° wraps the other way round (spatial-notes §4.1, §7: unverified there). So on
 *   MySQL a box that touches ±180 (the split and the pole cases, both rare) filters with a plain
 *   latitude/longitude range instead; every other box, and every box on MariaDB, uses the index.
 */

export type SpatialTable = 'dive_sites' | 'diving_centers';

/** A parameterised SQL fragment or statement (`?` placeholders, mysql2 style). */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

export interface NearbyQuery {
  flavour: DatabaseFlavour;
  table: SpatialTable;
  /** Plain column names of `table` to return (`id` is always returned, first). */
  columns: readonly string[];
  /** An extra condition on the rows, e.g. `{ sql: 'deleted_at IS NULL AND id <> ?', params: [7] }`. */
  where?: SqlFragment;
  center: LatLng;
  radiusM: number;
  limit: number;
}

/** A row of a nearby search: the requested columns and the distance in metres. */
export type NearbyRow<T> = T & { id: number; distance_m: number };

/** Anything that runs SQL: a DataSource, an EntityManager or a QueryRunner. */
export interface SqlRunner {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

const COLUMN = /^[a-z_][a-z0-9_]*$/;

function quoteColumn(name: string): string {
  if (!COLUMN.test(name)) throw new Error(`Not a plain column name: ${name}`);
  return `\`${name}\``;
}

/** Whether a box reaches the antimeridian (MySQL's geographic polygons cannot express it safely). */
function touchesAntimeridian(box: Box): boolean {
  return box.minLng <= -180 || box.maxLng >= 180;
}

/** The SQL of one nearby search (exported for unit tests of the generated SQL). */
export function nearbySql(q: NearbyQuery): SqlFragment {
  if (!Number.isInteger(q.limit) || q.limit < 1) throw new Error(`Bad limit: ${q.limit}`);
  const spatial = spatialSql(q.flavour);
  const point = spatial.point('?', '?');
  const distance = spatial.distanceSphere('`location`', point);
  const columns = ['id', ...q.columns.filter((c) => c !== 'id')].map(quoteColumn).join(', ');
  const table = quoteColumn(q.table);
  const { lat, lng } = q.center;

  const params: unknown[] = [];
  const branches = boundingBoxes(q.center, q.radiusM).map((box) => {
    const conditions: string[] = [];
    params.push(lng, lat);
    if (q.flavour === 'mysql' && touchesAntimeridian(box)) {
      conditions.push('`latitude` BETWEEN ? AND ? AND `longitude` BETWEEN ? AND ?');
      params.push(box.minLat, box.maxLat, box.minLng, box.maxLng);
    } else {
      conditions.push(`MBRIntersects(${spatial.fromLngLatWkt('?')}, \`location\`)`);
      params.push(boxToWkt(box));
    }
    conditions.push('`latitude` IS NOT NULL');
    if (q.where) {
      conditions.push(`(${q.where.sql})`);
      params.push(...q.where.params);
    }
    conditions.push(`${distance} <= ?`);
    params.push(lng, lat, q.radiusM);
    return `SELECT ${columns}, ${distance} AS distance_m FROM ${table} WHERE ${conditions.join(' AND ')}`;
  });

  params.push(q.limit);
  const sql =
    branches.length === 1
      ? `${branches[0]} ORDER BY distance_m, id LIMIT ?`
      : `SELECT * FROM (${branches.join(' UNION ALL ')}) AS nearby ORDER BY distance_m, id LIMIT ?`;
  return { sql, params };
}

/** Runs one nearby search: rows within the radius, nearest first (ties by id), at most `limit`. */
export async function findNearby<T extends object>(
  runner: SqlRunner,
  q: NearbyQuery,
): Promise<Array<NearbyRow<T>>> {
  const { sql, params } = nearbySql(q);
  const rows = await runner.query<Array<NearbyRow<T>>>(sql, params);
  return rows.map((row) => ({ ...row, distance_m: Number(row.distance_m) }));
}

export interface ExpandingOptions {
  /** The first radius tried (default 10 km). */
  startM?: number;
  /** How much the radius grows per step (default 4). */
  factor?: number;
}

/** The radii an expanding search tries: start, ×factor, …, capped at (and ending with) radiusM. */
export function expandingRadii(radiusM: number, options: ExpandingOptions = {}): number[] {
  const factor = options.factor ?? 4;
  if (!(factor > 1)) throw new Error(`Bad factor: ${factor}`);
  const radii: number[] = [];
  let r = Math.min(options.startM ?? 10_000, radiusM);
  for (;;) {
    radii.push(r);
    if (r >= radiusM) return radii;
    r = Math.min(r * factor, radiusM);
  }
}

/**
 * The same answer as findNearby, found faster in dense areas (spec/spatial-notes.md §8): search 10 km,
 * then ×4 … capped at the radius, and stop as soon as the current radius holds `limit` rows — every
 * row outside it is farther than all of those, so they are the `limit` nearest within the radius.
 */
export async function findNearbyExpanding<T extends object>(
  runner: SqlRunner,
  q: NearbyQuery,
  options: ExpandingOptions = {},
): Promise<Array<NearbyRow<T>>> {
  let rows: Array<NearbyRow<T>> = [];
  for (const radiusM of expandingRadii(q.radiusM, options)) {
    rows = await findNearby<T>(runner, { ...q, radiusM });
    if (rows.length >= q.limit) return rows;
  }
  return rows;
}
