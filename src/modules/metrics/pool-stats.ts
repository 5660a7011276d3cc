import type { DataSource } from 'typeorm';

/** The parts of mysql2's callback Pool the gauges read (lib/base/pool.js: three queues and the limit). */
interface Mysql2Pool {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
  config?: { connectionLimit?: number };
}

/** mysql2's PoolCluster, which TypeORM uses instead of one pool when replication is configured. */
interface Mysql2PoolCluster {
  _nodes?: Record<string, { pool?: Mysql2Pool }>;
}

export interface PoolStats {
  /** `primary`, or `replica<N>` for TypeORM's SLAVE<N> cluster nodes. */
  pool: string;
  /** Connections handed out and not yet released (a query or transaction is using them). */
  inUse: number;
  /** Open connections waiting in the pool. */
  idle: number;
  /** getConnection() calls queued because every connection is in use. */
  waiting: number;
  /** The pool's connection limit (DB_POOL_SIZE). */
  max: number;
}

function statsOf(name: string, pool: Mysql2Pool | undefined): PoolStats | undefined {
  const all = pool?._allConnections?.length;
  const free = pool?._freeConnections?.length;
  const queued = pool?._connectionQueue?.length;
  if (typeof all !== 'number' || typeof free !== 'number' || typeof queued !== 'number') return undefined;
  return {
    pool: name,
    inUse: Math.max(0, all - free),
    idle: free,
    waiting: queued,
    max: pool?.config?.connectionLimit ?? 0,
  };
}

function clusterNodeName(id: string): string {
  if (id === 'MASTER') return 'primary';
  const replica = /^SLAVE(\d+)$/.exec(id);
  return replica ? `replica${replica[1]}` : id.toLowerCase();
}

/**
 * The live state of the DataSource's mysql2 pool(s), read from the pool's own queues at the moment of
 * the scrape (measured, not counted on the side): all connections minus the free ones are in use,
 * the free ones are idle, and the queue holds callers waiting for a connection. Empty when the
 * DataSource is not initialised or its driver is not mysql2's.
 */
export function readPoolStats(ds: DataSource): PoolStats[] {
  if (!ds.isInitialized) return [];
  const driver = ds.driver as unknown as { pool?: Mysql2Pool; poolCluster?: Mysql2PoolCluster };
  if (driver.poolCluster?._nodes) {
    return Object.entries(driver.poolCluster._nodes)
      .map(([id, node]) => statsOf(clusterNodeName(id), node.pool))
      .filter((s): s is PoolStats => s !== undefined);
  }
  const single = statsOf('primary', driver.pool);
  return single ? [single] : [];
}
