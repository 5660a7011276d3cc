/**
 * The baseline server: node:http + mysql2, no framework. Its own process (forked by the bench, as
 * the product is its own process), so neither shares an event loop with the load generator.
 *
 * - Replay: every URL the bench captured maps to the statement list the product sent for it
 *   (bench/capture.ts). A request takes one pooled connection, runs the statements in order on it
 *   (the same round trips) and answers their result sets as JSON: `[rows of statement 1, …]`. The
 *   pool is the service's: DB_POOL_SIZE connections, the same mysql2 options TypeORM passes, the
 *   same per-connection `SET time_zone`.
 * - Full scan: `/__fullscan/centers` and `/__fullscan/sites` answer nearby with the spec's naive SQL
 *   (spatial-notes §4 (a): every row's distance, then sort), the reference of the nearby scenarios.
 *
 * Protocol: the parent sends `{ type: 'init', … }`, the child answers `{ type: 'ready', port }`.
 */
import { createServer, type ServerResponse } from 'node:http';
import { fork, type ChildProcess } from 'node:child_process';
import { createPool, type Pool, type PoolConnection } from 'mysql2';
import type { ConnectionParams } from '../src/database/database-url';
import type { DatabaseFlavour } from '../src/config/configuration';
import { spatialSql } from '../src/database/spatial';

export interface BaselineInit {
  type: 'init';
  db: ConnectionParams;
  flavour: DatabaseFlavour;
  poolSize: number;
  /** URL (path + query) → the statements to run, in order. */
  routes: Record<string, string[]>;
}

/** Path + query of a URL, normalised the same way for the bench and the server. */
export const routeKey = (url: string) => {
  const u = new URL(url, 'http://127.0.0.1');
  return `${u.pathname}${u.search}`;
};

/** The spec's full-scan nearby SQL (with the sentinel filter, so both answer the same rows). */
export function fullScanSql(flavour: DatabaseFlavour, table: 'diving_centers' | 'dive_sites'): string {
  const spatial = spatialSql(flavour);
  const distance = spatial.distanceSphere('location', spatial.point('?', '?'));
  const extra = table === 'dive_sites' ? ' AND deleted_at IS NULL AND id <> ?' : '';
  const columns = table === 'dive_sites' ? 'id, name, country, region' : 'id, name, country, region, city';
  return `SELECT ${columns}, ${distance} AS distance_m FROM ${table}
    WHERE latitude IS NOT NULL${extra} AND ${distance} <= ? ORDER BY distance_m, id LIMIT ?`;
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body);
}

function runAll(conn: PoolConnection, statements: string[], done: (e: Error | null, r?: unknown[]) => void) {
  const results: unknown[] = [];
  const next = (i: number) => {
    if (i === statements.length) return done(null, results);
    conn.query(statements[i], (error, rows) => {
      if (error) return done(error);
      results.push(rows);
      next(i + 1);
    });
  };
  next(0);
}

function serve(init: BaselineInit): Promise<number> {
  const pool: Pool = createPool({
    host: init.db.host,
    port: init.db.port,
    user: init.db.user,
    password: init.db.password,
    database: init.db.database,
    connectionLimit: init.poolSize,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: ['DATE'],
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  pool.on('connection', (c) => c.query("SET time_zone = '+00:00'", () => undefined));
  const routes = new Map(Object.entries(init.routes));
  const centersSql = fullScanSql(init.flavour, 'diving_centers');
  const sitesSql = fullScanSql(init.flavour, 'dive_sites');

  const server = createServer((req, res) => {
    const key = routeKey(req.url ?? '/');
    if (key.startsWith('/__fullscan/')) {
      const q = new URL(key, 'http://127.0.0.1').searchParams;
      const lat = Number(q.get('lat'));
      const lng = Number(q.get('lng'));
      const radiusM = Number(q.get('radius_km')) * 1000;
      const limit = Number(q.get('limit'));
      const sites = key.startsWith('/__fullscan/sites');
      const params = sites
        ? [lng, lat, Number(q.get('exclude')), lng, lat, radiusM, limit]
        : [lng, lat, lng, lat, radiusM, limit];
      pool.query(sites ? sitesSql : centersSql, params, (error, rows) => {
        if (error) return send(res, 500, String(error), 'text/plain');
        const list = rows as Array<Record<string, unknown>>;
        send(
          res,
          200,
          JSON.stringify(
            list.map((r) => ({ ...r, distance_km: Math.round(Number(r.distance_m) / 10) / 100 })),
          ),
        );
      });
      return;
    }
    const statements = routes.get(key);
    if (!statements) return send(res, 404, JSON.stringify({ detail: `not captured: ${key}` }));
    pool.getConnection((error, conn) => {
      if (error) return send(res, 503, String(error), 'text/plain');
      runAll(conn, statements, (e, results) => {
        conn.release();
        if (e) return send(res, 500, String(e), 'text/plain');
        send(res, 200, JSON.stringify(results));
      });
    });
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

export interface RunningBaseline {
  base: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Forks this file as the baseline server and hands it the captured routes. */
export async function startBaseline(init: Omit<BaselineInit, 'type'>): Promise<RunningBaseline> {
  const child = fork(__filename, ['--baseline-child'], {
    execArgv: ['-r', 'ts-node/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the baseline server did not start within 60 s')),
      60_000,
    );
    child.once('exit', (code) => reject(new Error(`the baseline server exited (${code}) during start-up`)));
    child.on('message', (m: { type?: string; port?: number }) => {
      if (m.type === 'ready' && m.port) {
        clearTimeout(timer);
        resolve(m.port);
      }
    });
    child.send({ type: 'init', ...init } satisfies BaselineInit);
  });
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(killer);
    },
  };
}

if (require.main === module && process.argv.includes('--baseline-child')) {
  process.on('message', (m: BaselineInit) => {
    if (m.type !== 'init') return;
    serve(m).then(
      (port) => process.send?.({ type: 'ready', port }),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
}
