import type { DatabaseFlavour } from '../config/configuration';

/**
 * All SQL that differs between MySQL 8 and MariaDB for SRID-4326 points lives here
 * (spec/spatial-notes.md §1–2). The measured facts it encodes:
 * - DDL: MySQL 8 takes `POINT SRID 4326` (and its optimizer ignores a spatial index on a column
 *   without SRID); MariaDB rejects that and takes `POINT REF_SYSTEM_ID=4326` (metadata only).
 * - Values: MySQL needs `ST_SRID(POINT(lng, lat), 4326)`; the two-argument ST_SRID is an error on
 *   MariaDB, where `POINT(lng, lat)` is the value. Never ST_GeomFromText(wkt, 4326) without
 *   'axis-order=long-lat' on MySQL: it reads WKT in SRID 4326 as lat-long.
 * - Coordinates are never read back through ST_X/ST_Y/ST_AsText (ST_X is the latitude on MySQL):
 *   the DECIMAL latitude/longitude columns are the source of truth.
 */
export const SRID = 4326;

/** Earth radius passed explicitly to ST_Distance_Sphere, so both servers measure the same sphere. */
export const EARTH_RADIUS_M = 6370986;

export interface SpatialSql {
  /** Column type for a NOT NULL SRID-4326 point (nullable while a migration backfills it). */
  pointColumnType(nullable?: boolean): string;
  /**
   * Column type for a NOT NULL SRID-4326 point whose database default is the sentinel, so inserts
   * that omit it succeed. For new tables; a populated table takes the column the fast way instead
   * (add NULL, backfill, NOT NULL, then the index: spec/spatial-notes.md §1).
   */
  pointColumnWithSentinelDefault(): string;
  /** A point value from two SQL expressions (placeholders or column names): longitude first. */
  point(lngSql: string, latSql: string): string;
  /** The POINT(0 0) sentinel for rows without coordinates (never returned by spatial searches). */
  sentinel(): string;
  /**
   * The sentinel default as the server reports it in information_schema.COLUMNS.COLUMN_DEFAULT
   * (measured: MariaDB 10.11 `point(0,0)`, MySQL 9.7 `st_srid(point(0,0),4326)`): the text an entity's
   * `default` must repeat so that TypeORM's schema diff finds nothing to change.
   */
  sentinelDefaultAsStored(): string;
  /** A geometry from WKT whose coordinates are written longitude first. */
  fromLngLatWkt(wktSql: string): string;
  /** Great-circle distance in metres on the sphere of radius EARTH_RADIUS_M. */
  distanceSphere(aSql: string, bSql: string): string;
}

const mysql: SpatialSql = {
  pointColumnType: (nullable = false) => `POINT SRID ${SRID} ${nullable ? 'NULL' : 'NOT NULL'}`,
  pointColumnWithSentinelDefault: () => `${mysql.pointColumnType()} DEFAULT (${mysql.sentinel()})`,
  point: (lng, lat) => `ST_SRID(POINT(${lng}, ${lat}), ${SRID})`,
  sentinel: () => `ST_SRID(POINT(0, 0), ${SRID})`,
  sentinelDefaultAsStored: () => `st_srid(point(0,0),${SRID})`,
  fromLngLatWkt: (wkt) => `ST_GeomFromText(${wkt}, ${SRID}, 'axis-order=long-lat')`,
  distanceSphere: (a, b) => `ST_Distance_Sphere(${a}, ${b}, ${EARTH_RADIUS_M})`,
};

const mariadb: SpatialSql = {
  pointColumnType: (nullable = false) => `POINT REF_SYSTEM_ID=${SRID} ${nullable ? 'NULL' : 'NOT NULL'}`,
  pointColumnWithSentinelDefault: () => `${mariadb.pointColumnType()} DEFAULT (${mariadb.sentinel()})`,
  point: (lng, lat) => `POINT(${lng}, ${lat})`,
  sentinel: () => 'POINT(0, 0)',
  sentinelDefaultAsStored: () => 'point(0,0)',
  fromLngLatWkt: (wkt) => `ST_GeomFromText(${wkt}, ${SRID})`,
  distanceSphere: (a, b) => `ST_Distance_Sphere(${a}, ${b}, ${EARTH_RADIUS_M})`,
};

export function spatialSql(flavour: DatabaseFlavour): SpatialSql {
  return flavour === 'mariadb' ? mariadb : mysql;
}

/** The flavour of a DataSource built by buildDataSourceOptions (its `type` is the detected flavour). */
export function flavourOfOptions(options: { type: string }): DatabaseFlavour {
  return options.type === 'mariadb' ? 'mariadb' : 'mysql';
}
