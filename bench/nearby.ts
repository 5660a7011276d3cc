/**
 * `npm run bench -- nearby`: GET /api/v1/diving-centers/nearby (the spatial index, expanding radius)
 * next to the same radius query done as a full scan — the spec's SQL, `WHERE ST_Distance_Sphere(…)
 * <= r ORDER BY distance LIMIT n` — on the same 200,000 clustered centers (spec/spatial-notes.md §8).
 *
 * - Its own database (BENCH_NEARBY_DATABASE_URL, default …/divemap_bench_nearby; never `divemap`),
 *   migrated by the service at start, seeded in bulk (multi-row INSERTs, the spatial index rebuilt
 *   after the rows are in: the fast order of spatial-notes §1) and reused while the row count and a
 *   data fingerprint match.
 * - Both are measured the same way: autocannon over loopback, BENCH_CONNECTIONS (32) connections,
 *   query points rotated across requests. The full scan answers through a tiny HTTP server in this
 *   process on a mysql2 pool as large as the service's (DB_POOL_SIZE, 10).
 * - Before measuring, both answer every query point and must return the same ids.
 *
 * Environment: BENCH_NEARBY_DATABASE_URL, BENCH_DURATION_S (default 5), BENCH_CONNECTIONS (32),
 * BENCH_NEARBY_RADIUS_KM (100), BENCH_NEARBY_LIMIT (25), BENCH_POOL_SIZE (10), BENCH_NEARBY_ROWS (200000).
 */
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { parseDatabaseUrl } from '../src/database/database-url';
import { spatialSql, type SpatialSql } from '../src/database/spatial';
import { coastQueryPoints, generateCenters, type SeedCenter } from './nearby-data';
import { ensureDatabase, freePort, ROOT, startService } from './service';

const DATABASE_URL =
  process.env.BENCH_NEARBY_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/divemap_bench_nearby';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const RADIUS_KM = Number(process.env.BENCH_NEARBY_RADIUS_KM ?? 100);
const LIMIT = Number(process.env.BENCH_NEARBY_LIMIT ?? 25);
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? 10);
const ROWS = Number(process.env.BENCH_NEARBY_ROWS ?? 200_000);
const INSERT_CHUNK = 5000;

interface Point {
  lat: number;
  lng: number;
}

/** The coast points the requests rotate through (two per coast, plus both sides of ±180 at Fiji). */
const QUERY_POINTS: Point[] = [
  ...coastQueryPoints(2),
  { lat: -16.8, lng: 179.95 },
  { lat: -16.8, lng: -179.95 },
];

async function serverFlavour(pool: Pool): Promise<'mariadb' | 'mysql'> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT VERSION() AS v');
  return String(rows[0].v).includes('MariaDB') ? 'mariadb' : 'mysql';
}

/** A cheap fingerprint of the data (count and coordinate sums), to tell whether a re-seed is needed. */
function fingerprintOf(centers: SeedCenter[]): string {
  let lat = 0;
  let lng = 0;
  for (const c of centers) {
    lat += c.lat ?? 0;
    lng += c.lng ?? 0;
  }
  return `${centers.length}:${lat.toFixed(2)}:${lng.toFixed(2)}`;
}

async function databaseFingerprint(pool: Pool): Promise<string> {
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT COUNT(*) AS n, COALESCE(SUM(latitude), 0) AS lat, COALESCE(SUM(longitude), 0) AS lng FROM diving_centers',
  );
  return `${Number(rows[0].n)}:${Number(rows[0].lat).toFixed(2)}:${Number(rows[0].lng).toFixed(2)}`;
}

/** Replaces the centers with `centers`: rows first, the spatial index after (3 s instead of a minute). */
async function seed(pool: Pool, spatial: SpatialSql, centers: SeedCenter[]): Promise<void> {
  const conn = await pool.getConnection();
  try {
    await conn.query('SET FOREIGN_KEY_CHECKS = 0');
    await conn.query('TRUNCATE TABLE diving_centers');
    await conn.query('SET FOREIGN_KEY_CHECKS = 1');
    const [indexes] = await conn.query<RowDataPacket[]>(
      `SELECT 1 FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'diving_centers' AND INDEX_NAME = 'idx_diving_centers_location'`,
    );
    if (indexes.length > 0)
      await conn.query('ALTER TABLE diving_centers DROP INDEX idx_diving_centers_location');
    for (let start = 0; start < centers.length; start += INSERT_CHUNK) {
      const values: string[] = [];
      const params: unknown[] = [];
      for (const c of centers.slice(start, start + INSERT_CHUNK)) {
        if (c.lat !== null && c.lng !== null) {
          values.push(`(?, ?, ?, ?, ?, ${spatial.point('?', '?')})`);
          params.push(c.name, c.country, c.region, c.lat, c.lng, c.lng, c.lat);
        } else {
          values.push(`(?, ?, ?, NULL, NULL, ${spatial.sentinel()})`);
          params.push(c.name, c.country, c.region);
        }
      }
      await conn.query(
        `INSERT INTO diving_centers (name, country, region, latitude, longitude, location) VALUES ${values.join(', ')}`,
        params,
      );
    }
    await conn.query('ALTER TABLE diving_centers ADD SPATIAL INDEX idx_diving_centers_location (location)');
    await conn.query('ANALYZE TABLE diving_centers');
  } finally {
    conn.release();
  }
}

/**
 * The spec's naive nearby SQL (spatial-notes §4 (a)) with the sentinel filter, so both sides answer
 * the same rows: every row's distance is computed (type=ALL), then sorted.
 */
function fullScanSql(spatial: SpatialSql): string {
  const distance = spatial.distanceSphere('location', spatial.point('?', '?'));
  return `SELECT id, name, country, region, city, ${distance} AS distance_m FROM diving_centers
    WHERE latitude IS NOT NULL AND ${distance} <= ? ORDER BY distance_m, id LIMIT ?`;
}

/** A loopback HTTP server answering `/?lat&lng&radius_km&limit` with the full-scan SQL. */
async function startFullScanServer(pool: Pool, sql: string): Promise<{ base: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const lat = Number(url.searchParams.get('lat'));
    const lng = Number(url.searchParams.get('lng'));
    const radiusM = Number(url.searchParams.get('radius_km')) * 1000;
    const limit = Number(url.searchParams.get('limit'));
    pool
      .query<RowDataPacket[]>(sql, [lng, lat, lng, lat, radiusM, limit])
      .then(([rows]) => {
        const body = rows.map((r) => ({
          id: r.id as number,
          name: r.name as string,
          country: r.country as string | null,
          region: r.region as string | null,
          city: r.city as string | null,
          distance_km: Math.round(Number(r.distance_m) / 10) / 100,
        }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      })
      .catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${port}`, server };
}

const pathOf = (prefix: string, p: Point) =>
  `${prefix}?lat=${p.lat}&lng=${p.lng}&radius_km=${RADIUS_KM}&limit=${LIMIT}`;

/** Every query point through both: same ids in the same order, or the benchmark stops. */
async function checkSameResults(
  endpoint: string,
  fullScan: string,
): Promise<{ points: number; meanRows: number }> {
  let rows = 0;
  for (const p of QUERY_POINTS) {
    const [a, b] = await Promise.all(
      [`${endpoint}${pathOf('/api/v1/diving-centers/nearby', p)}`, `${fullScan}${pathOf('/', p)}`].map(
        async (url) => (await (await fetch(url)).json()) as Array<{ id: number }>,
      ),
    );
    const ids = (x: Array<{ id: number }>) => x.map((r) => r.id).join(',');
    if (ids(a) !== ids(b))
      throw new Error(`Different results at ${JSON.stringify(p)}: ${ids(a)} vs ${ids(b)}`);
    rows += a.length;
  }
  return { points: QUERY_POINTS.length, meanRows: rows / QUERY_POINTS.length };
}

/** How many centers lie within the radius of each query point (median): the density the query faces. */
async function medianWithinRadius(pool: Pool, spatial: SpatialSql): Promise<number> {
  const distance = spatial.distanceSphere('location', spatial.point('?', '?'));
  const counts: number[] = [];
  for (const p of QUERY_POINTS) {
    const [rows] = await pool.query<RowDataPacket[]>(
      `SELECT COUNT(*) AS n FROM diving_centers WHERE latitude IS NOT NULL AND ${distance} <= ?`,
      [p.lng, p.lat, RADIUS_KM * 1000],
    );
    counts.push(Number(rows[0].n));
  }
  counts.sort((a, b) => a - b);
  return counts[Math.floor(counts.length / 2)];
}

/** Drives `base` + a path per request (rotating through the query points) with autocannon. */
async function measure(name: string, base: string, prefix: string, durationS: number) {
  let next = 0;
  const run = (limits: { duration: number } | { amount: number }) =>
    autocannon({
      url: base,
      connections: CONNECTIONS,
      ...limits,
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => ({
            ...req,
            path: pathOf(prefix, QUERY_POINTS[next++ % QUERY_POINTS.length]),
          }),
        },
      ],
    });
  // Warm-up (not recorded): one answered request per connection, so no backlog of slow full scans is
  // still running when the measured window opens.
  await run({ amount: CONNECTIONS });
  const r = await run({ duration: durationS });
  return {
    scenario: name,
    'req/s': Math.round(r.requests.average * 10) / 10,
    'p50 ms': r.latency.p50,
    'p99 ms': r.latency.p99,
    'max ms': r.latency.max,
    requests: r.requests.total,
    errors: r.non2xx + r.errors + r.timeouts,
  };
}

export async function runNearbyBenchmark(): Promise<void> {
  const target = parseDatabaseUrl(DATABASE_URL);
  if (target.database === 'divemap' || !target.database) {
    throw new Error(
      `Refusing to seed "${target.database}": the nearby benchmark needs a database of its own`,
    );
  }
  await ensureDatabase(DATABASE_URL);
  const service = await startService(DATABASE_URL, { DB_POOL_SIZE: String(POOL_SIZE) });
  const pool = createPool({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    connectionLimit: POOL_SIZE,
    timezone: 'Z',
  });
  let fullScan: { base: string; server: Server } | undefined;
  try {
    const spatial = spatialSql(await serverFlavour(pool));
    const centers = generateCenters(ROWS);
    const expected = fingerprintOf(centers);
    if ((await databaseFingerprint(pool)) === expected) {
      console.log(`Reusing the ${ROWS.toLocaleString('en')} seeded centers in ${target.database}`);
    } else {
      const started = Date.now();
      await seed(pool, spatial, centers);
      console.log(
        `Seeded ${ROWS.toLocaleString('en')} centers into ${target.database} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    fullScan = await startFullScanServer(pool, fullScanSql(spatial));
    const check = await checkSameResults(service.base, fullScan.base);
    const within = await medianWithinRadius(pool, spatial);
    console.log(
      `Same ids from both at all ${check.points} coast points (${check.meanRows.toFixed(1)} rows each on average; ` +
        `median ${within} centers within ${RADIUS_KM} km)`,
    );

    const results = [
      await measure(
        `GET /diving-centers/nearby (${RADIUS_KM} km, limit ${LIMIT})`,
        service.base,
        '/api/v1/diving-centers/nearby',
        DURATION_S,
      ),
      await measure(`full scan, spec SQL (${RADIUS_KM} km, limit ${LIMIT})`, fullScan.base, '/', DURATION_S),
    ];
    console.table(results);
    const [fast, slow] = results;
    if (slow.requests === 0) {
      throw new Error('The full scan answered nothing within the window: raise BENCH_DURATION_S');
    }
    const speedUp = {
      'req/s': fast['req/s'] / slow['req/s'],
      p50: slow['p50 ms'] / fast['p50 ms'],
      p99: slow['p99 ms'] / fast['p99 ms'],
    };
    console.log(
      `Speed-up of the endpoint over the full scan: ${speedUp['req/s'].toFixed(1)}× in req/s, ` +
        `${speedUp.p50.toFixed(1)}× at p50, ${speedUp.p99.toFixed(1)}× at p99 ` +
        `(${CONNECTIONS} connections, pool ${POOL_SIZE}, ${QUERY_POINTS.length} rotating coast points)`,
    );
    const dir = join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `nearby-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          mode: 'nearby',
          rows: ROWS,
          radiusKm: RADIUS_KM,
          limit: LIMIT,
          connections: CONNECTIONS,
          poolSize: POOL_SIZE,
          durationS: DURATION_S,
          queryPoints: QUERY_POINTS.length,
          medianWithinRadius: within,
          results,
          speedUp,
        },
        null,
        2,
      ),
    );
    console.log(`Results written to ${file}`);
    if (results.some((r) => r.errors > 0)) process.exitCode = 1;
  } finally {
    fullScan?.server.close();
    await pool.end();
    service.stop();
  }
}
