import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import {
  DataSource,
  type DataSourceOptions,
  type EntityManager,
  type QueryRunner,
  type ReplicationMode,
} from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { isDeadlockError, PoolAcquireTimeoutError } from './errors';
import { currentRequestContext } from './request-context';
import { flavourOfOptions, spatialSql } from './spatial';
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
  const credentials = (p: typeof c) => ({
    host: p.host,
    port: p.port,
    username: p.user,
    password: p.password,
    database: p.database,
  });
  return {
    type: flavour,
    ...credentials(c),
    // With replicas, SELECTs outside transactions go to a replica (round robin); writes, transactions
    // and raw queries to the primary — and, within one request, everything after the first use of the
    // primary (ReplicaAwareDataSource), so a client never reads its own write from a lagging replica.
    ...(db.replicas.length > 0
      ? {
          replication: {
            master: credentials(c),
            slaves: db.replicas.map(credentials),
            selector: 'RR' as const,
            defaultMode: 'slave' as const,
            restoreNodeTimeout: 5000,
          },
        }
      : {}),
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
export interface CallbackPool {
  on(event: 'connection', listener: (connection: CallbackConnection) => void): void;
  query(sql: string, callback: (error: Error | null) => void): void;
  getConnection(callback: (error: Error | null, connection: PooledConnection) => void): void;
}
export interface PooledConnection {
  query(options: { sql: string; timeout: number }, callback: (error: Error | null) => void): void;
  release(): void;
  destroy(): void;
}
interface CallbackPoolCluster {
  _nodes: Record<string, { pool: CallbackPool }>;
  getConnection(pattern: string, callback: (error: Error | null, connection: PooledConnection) => void): void;
}

/** Every mysql2 pool behind a DataSource: the one pool, or the primary's and each replica's. */
export function poolsOf(ds: DataSource): CallbackPool[] {
  const driver = ds.driver as unknown as { pool?: CallbackPool; poolCluster?: CallbackPoolCluster };
  if (driver.pool) return [driver.pool];
  return driver.poolCluster ? Object.values(driver.poolCluster._nodes).map((n) => n.pool) : [];
}

/** A connection to the primary, from its pool (the health check pings the primary). */
export function getPrimaryConnection(
  ds: DataSource,
  callback: (error: Error | null, connection: PooledConnection) => void,
): void {
  const driver = ds.driver as unknown as { pool?: CallbackPool; poolCluster?: CallbackPoolCluster };
  if (driver.pool) driver.pool.getConnection(callback);
  else if (driver.poolCluster) driver.poolCluster.getConnection('MASTER', callback);
  else callback(new Error('The DataSource is not initialised'), undefined as never);
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
  for (const pool of poolsOf(ds)) {
    pool.on('connection', (connection) => connection.query(SESSION_SQL, () => undefined));
    await new Promise<void>((resolve, reject) =>
      pool.query(SESSION_SQL, (error) => (error ? reject(error) : resolve())),
    );
  }
}

/**
 * The project's DataSource: TypeORM's, with the entity metadata made to match the server it talks to.
 * A sentinel-defaulted POINT column (`location`) has a default expression that each server stores in
 * its own words (spatialSql().sentinelDefaultAsStored()); TypeORM compares the entity's default with
 * that text, so with one fixed text `db generate` would propose an ALTER on the other server. The
 * metadata is this DataSource's own, so two DataSources on different servers do not interfere.
 */
export class DivemapDataSource extends DataSource {
  /**
   * A transaction that dies in a deadlock (InnoDB rolled it back whole) runs once more before the
   * error surfaces: two writers crossing on the same rows is a race, not the caller's mistake.
   */
  override transaction<T>(run: (em: EntityManager) => Promise<T>): Promise<T>;
  override transaction<T>(isolation: IsolationLevel, run: (em: EntityManager) => Promise<T>): Promise<T>;
  override async transaction<T>(
    first: IsolationLevel | ((em: EntityManager) => Promise<T>),
    second?: (em: EntityManager) => Promise<T>,
  ): Promise<T> {
    const attempt = () =>
      typeof first === 'function' ? super.transaction(first) : super.transaction(first, second!);
    try {
      return await attempt();
    } catch (error) {
      if (!isDeadlockError(error)) throw error;
      new Logger('Database').warn('Transaction rolled back by a deadlock; retrying it once');
      return attempt();
    }
  }

  protected override async buildMetadatas(): Promise<void> {
    await super.buildMetadatas();
    const stored = spatialSql(flavourOfOptions(this.options)).sentinelDefaultAsStored();
    for (const entity of this.entityMetadatas) {
      for (const column of entity.columns) {
        if (column.type === 'point' && column.default !== undefined) column.default = () => stored;
      }
    }
  }
}

/**
 * Read-your-writes with replicas (DECISIONS.md D25): within one HTTP request, once anything used the
 * primary (a write, a transaction, a raw query), every later query of that request goes to the
 * primary too. Outside a request (CLI, start-up) TypeORM's defaults apply.
 */
export class ReplicaAwareDataSource extends DivemapDataSource {
  override createQueryRunner(mode: ReplicationMode = 'master'): QueryRunner {
    const context = currentRequestContext();
    if (context) {
      if (mode === 'master') context.usedPrimary = true;
      else if (context.usedPrimary) mode = 'master';
    }
    return super.createQueryRunner(mode);
  }
}

/** The part of TypeORM's MysqlDriver that hands out pool connections. */
interface ConnectionSource {
  obtainMasterConnection(): Promise<TimedConnection>;
  obtainSlaveConnection(): Promise<TimedConnection>;
}
type QueryFn = (sql: unknown, values?: unknown, callback?: unknown) => unknown;
interface TimedConnection {
  query: QueryFn;
  release(): void;
  destroy(): void;
  [STATEMENT_TIMEOUT]?: true;
}
const STATEMENT_TIMEOUT = Symbol('divemap.statementTimeout');

/**
 * Fail fast on a sick database (issue 13): inside an HTTP request, a pool connection must come within
 * `acquireMs` (mysql2's pool queues forever) and every statement is given mysql2's client-side
 * `timeout` of `queryMs` (the connection is destroyed when it fires, so a hung socket never returns
 * to the pool). Both surface as errors classified `unavailable` (503). Outside a request (migrations,
 * the CLI, jobs) TypeORM's behaviour is unchanged: a long ALTER must not be cut.
 */
export function installRequestTimeouts(
  ds: DataSource,
  timeouts: { acquireMs: number; queryMs: number },
): void {
  const driver = ds.driver as unknown as ConnectionSource;
  const withTimeouts = (obtain: () => Promise<TimedConnection>) => (): Promise<TimedConnection> => {
    if (!currentRequestContext()) return obtain();
    return new Promise<TimedConnection>((resolve, reject) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        reject(new PoolAcquireTimeoutError(timeouts.acquireMs));
      }, timeouts.acquireMs);
      obtain().then(
        (connection) => {
          // Nobody waits for it any more: back to the pool for the next request.
          if (late) return connection.release();
          clearTimeout(timer);
          resolve(withStatementTimeout(connection, timeouts.queryMs));
        },
        // As mysql2 raised it: its code and `fatal` flag classify it (database/errors.ts).
        (error: Error) => {
          if (late) return;
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  };
  // obtainSlaveConnection falls back to obtainMasterConnection without replicas: the acquire wait is
  // then bounded twice by the same limit, and the statement timeout is installed once per connection.
  driver.obtainMasterConnection = withTimeouts(driver.obtainMasterConnection.bind(driver));
  driver.obtainSlaveConnection = withTimeouts(driver.obtainSlaveConnection.bind(driver));
}

function withStatementTimeout(connection: TimedConnection, queryMs: number): TimedConnection {
  if (connection[STATEMENT_TIMEOUT]) return connection;
  const query = connection.query;
  connection.query = function (this: unknown, sql: unknown, values?: unknown, callback?: unknown) {
    // The pooled connection outlives the request: the timeout applies only to a request's statements.
    if (typeof sql !== 'string' || !currentRequestContext()) return query.call(this, sql, values, callback);
    // mysql2 answers a timed-out statement with an error but keeps it as the connection's current
    // command, so every later statement on that connection would queue behind it forever: the
    // connection is destroyed (and leaves the pool) before the error goes on.
    const onTimeout =
      (done: (error: unknown, ...rest: unknown[]) => void) =>
      (error: unknown, ...rest: unknown[]) => {
        if ((error as { code?: string } | null)?.code === 'PROTOCOL_SEQUENCE_TIMEOUT') connection.destroy();
        done(error, ...rest);
      };
    const timed = { sql, timeout: queryMs };
    if (typeof values === 'function') return query.call(this, timed, onTimeout(values as never));
    return query.call(
      this,
      timed,
      values,
      typeof callback === 'function' ? onTimeout(callback as never) : callback,
    );
  };
  connection[STATEMENT_TIMEOUT] = true;
  return connection;
}

/** Builds and initialises a DataSource with the shared options and session settings. */
export async function createDataSource(db: DatabaseConfig, flavour: DatabaseFlavour): Promise<DataSource> {
  const ds = new ReplicaAwareDataSource(buildDataSourceOptions(db, flavour));
  await ds.initialize();
  await applySessionSettings(ds);
  return ds;
}
