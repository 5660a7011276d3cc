import { createConnection, type Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../../src/config/configuration';
import {
  createDataSource,
  DEFAULT_CHARSET,
  DEFAULT_COLLATION,
  MIGRATIONS_TABLE,
} from '../../src/database/data-source';
import { parseDatabaseUrl, type ConnectionParams } from '../../src/database/database-url';
import { runPendingMigrations } from '../../src/database/migration-lock';
import { flavourOfOptions } from '../../src/database/spatial';
import { probeDatabase, type DatabaseServerInfo } from '../../src/database/wait-for-database';

/** The test server (DECISIONS.md D2): root on the local MariaDB unless TEST_DATABASE_URL says otherwise. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306';
export const TEST_DATABASE_PREFIX = 'divemap_test_';

export function serverParams(): ConnectionParams {
  return { ...parseDatabaseUrl(TEST_DATABASE_URL), database: '' };
}

/** A URL for `database` on the test server (for child processes and config tests). */
export function testDatabaseUrl(database: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * `divemap_test_<run>_<worker>[_suffix]`: each Jest worker of each run owns its databases (the run
 * id comes from global-setup), so parallel runs on one server never drop each other's.
 */
export function workerDatabaseName(suffix = ''): string {
  const run = process.env.DIVEMAP_TEST_RUN ?? 'local';
  return `${TEST_DATABASE_PREFIX}${run}_${process.env.JEST_WORKER_ID ?? '1'}${suffix ? `_${suffix}` : ''}`;
}

export function testDatabaseConfig(
  database: string,
  overrides: Partial<DatabaseConfig> = {},
): DatabaseConfig {
  return {
    url: testDatabaseUrl(database),
    connection: { ...serverParams(), database },
    replicas: [],
    migrationsRun: false,
    poolSize: 5,
    connect: { attempts: 1, minDelayMs: 0, maxDelayMs: 0, timeoutMs: 5000 },
    requestTimeouts: { acquireMs: 2000, queryMs: 3000 },
    retryAfterS: 2,
    migrationLockTimeoutS: 60,
    healthTimeoutMs: 1000,
    logQueries: false,
    resultCache: { ttlMs: 10_000, maxBytes: 16 * 1024 * 1024 },
    ...overrides,
  };
}

export async function serverConnection(): Promise<Connection> {
  const c = serverParams();
  return createConnection({ host: c.host, port: c.port, user: c.user, password: c.password });
}

let serverInfo: Promise<DatabaseServerInfo> | undefined;
/** Version and flavour of the test server, probed once per worker. */
export function testServer(): Promise<DatabaseServerInfo> {
  serverInfo ??= probeDatabase(serverParams(), 5000);
  return serverInfo;
}

export async function recreateDatabase(name: string): Promise<void> {
  const conn = await serverConnection();
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await conn.query(
      `CREATE DATABASE \`${name}\` CHARACTER SET ${DEFAULT_CHARSET} COLLATE ${DEFAULT_COLLATION}`,
    );
  } finally {
    await conn.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  const conn = await serverConnection();
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}

/** A DataSource on a database of this worker (not migrated unless asked). */
export async function openDataSource(
  database: string,
  overrides: Partial<DatabaseConfig> = {},
): Promise<DataSource> {
  const { flavour } = await testServer();
  return createDataSource(testDatabaseConfig(database, overrides), flavour);
}

/**
 * The worker's main test database, migrated to head. Created fresh by the first test file of the
 * worker (global-setup dropped the previous run's), then reused; tests clean it with resetDatabase().
 */
export async function migratedDataSource(): Promise<DataSource> {
  const name = workerDatabaseName();
  const conn = await serverConnection();
  try {
    await conn.query(
      `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET ${DEFAULT_CHARSET} COLLATE ${DEFAULT_COLLATION}`,
    );
  } finally {
    await conn.end();
  }
  const ds = await openDataSource(name);
  await runPendingMigrations(ds, 60);
  return ds;
}

/** Tables whose rows are reference data written by migrations: kept by resetDatabase(). */
export const SEEDED_TABLES = new Set([MIGRATIONS_TABLE, 'difficulty_levels']);

/** Empties every table but the migration-seeded ones, so each test starts from a known state. */
export async function resetDatabase(ds: DataSource): Promise<void> {
  const rows = await ds.query<Array<{ name: string }>>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'`,
  );
  const tables = rows.map((r) => r.name).filter((t) => !SEEDED_TABLES.has(t));
  if (tables.length === 0) return;
  const qr = ds.createQueryRunner();
  try {
    await qr.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const t of tables) await qr.query(`TRUNCATE TABLE \`${t}\``);
    await qr.query('SET FOREIGN_KEY_CHECKS = 1');
  } finally {
    await qr.release();
  }
}

/** One row of the classic tabular EXPLAIN output (the columns the plan assertions read). */
export interface PlanRow {
  table: string;
  key: string | null;
  type: string;
}

/**
 * The tabular plan of `sql` on either server. MySQL 9 prints a tree by default (explain_format=TREE),
 * so MySQL is asked for FORMAT=TRADITIONAL, which MySQL 8.0+ understands and MariaDB does not.
 */
export async function explainPlan(ds: DataSource, sql: string, params: unknown[]): Promise<PlanRow[]> {
  const explain = flavourOfOptions(ds.options) === 'mariadb' ? 'EXPLAIN' : 'EXPLAIN FORMAT=TRADITIONAL';
  return ds.query<PlanRow[]>(`${explain} ${sql}`, params);
}

/**
 * The index a nearby-search branch must range-scan (src/database/spatial-search.ts): the spatial index,
 * except on MySQL for a box that reaches ±180 (every box of a search whose radius crosses it), where
 * the branch filters by latitude/longitude and so scans their B-tree index.
 */
export function expectedNearbyIndex(
  table: 'dive_sites' | 'diving_centers',
  ds: DataSource,
  crossesAntimeridian: boolean,
): string {
  return flavourOfOptions(ds.options) === 'mysql' && crossesAntimeridian
    ? `idx_${table}_latitude_longitude`
    : `idx_${table}_location`;
}
