import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { DatabaseConfig, DatabaseFlavour } from '../config/configuration';

/** One collation on every table and column (DECISIONS.md D4): MariaDB and MySQL both have it. */
export const DEFAULT_CHARSET = 'utf8mb4';
export const DEFAULT_COLLATION = 'utf8mb4_unicode_ci';
export const MIGRATIONS_TABLE = 'migrations';

export const ENTITIES_GLOB = join(__dirname, '..', 'modules', '**', 'entities', '*.entity.{ts,js}');
export const MIGRATIONS_GLOB = join(__dirname, 'migrations', '*.{ts,js}');
export const MIGRATIONS_DIR = join(__dirname, 'migrations');

/**
 * THE DataSource definition, shared by the app (TypeOrmModule), the db CLI and the tests, so they can
 * never drift apart. `flavour` comes from the wait-for-database probe (DECISIONS.md D8) or DB_TYPE.
 */
export function buildDataSourceOptions(db: DatabaseConfig, flavour: DatabaseFlavour): DataSourceOptions {
  const c = db.connection;
  return {
    type: flavour,
    host: c.host,
    port: c.port,
    username: c.user,
    password: c.password,
    database: c.database,
    charset: DEFAULT_COLLATION,
    timezone: 'Z',
    // DATE and TIME stay strings: a dive_date never shifts a day with the server's time zone (D8).
    dateStrings: ['DATE'],
    connectTimeout: db.connect.timeoutMs,
    poolSize: db.poolSize,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    entities: [ENTITIES_GLOB],
    migrations: [MIGRATIONS_GLOB],
    // TypeORM 0.3 defaults to GeomFromText/AsText, removed in MySQL 8 (spec/spatial-notes.md §5).
    legacySpatialSupport: false,
    logging: db.logQueries ? 'all' : ['error', 'warn', 'migration'],
    maxQueryExecutionTime: 1000,
  };
}

/** Minimal surface of mysql2's callback-style pool that the session settings need. */
interface CallbackPool {
  on(event: 'connection', listener: (connection: CallbackConnection) => void): void;
  query(sql: string, callback: (error: Error | null) => void): void;
}
interface CallbackConnection {
  query(sql: string, callback: (error: Error | null) => void): void;
}

const SESSION_SQL = "SET time_zone = '+00:00'";

/**
 * Every pooled connection works in UTC, whatever the server's time zone, so TIMESTAMP columns read
 * back with `timezone: 'Z'` are the instants that were written. mysql2 has no init-SQL option, so the
 * statement runs on each new pool connection, and on the one TypeORM opened while initialising.
 */
export async function applySessionSettings(ds: DataSource): Promise<void> {
  const pool = (ds.driver as unknown as { pool?: CallbackPool }).pool;
  if (!pool) return;
  pool.on('connection', (connection) => connection.query(SESSION_SQL, () => undefined));
  await new Promise<void>((resolve, reject) =>
    pool.query(SESSION_SQL, (error) => (error ? reject(error) : resolve())),
  );
}

/** Builds and initialises a DataSource with the shared options and session settings. */
export async function createDataSource(db: DatabaseConfig, flavour: DatabaseFlavour): Promise<DataSource> {
  const ds = new DataSource(buildDataSourceOptions(db, flavour));
  await ds.initialize();
  await applySessionSettings(ds);
  return ds;
}
