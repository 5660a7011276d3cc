/**
 * How a scenario is measured: autocannon over loopback, `connections` connections, the request
 * path rotating through the scenario's parameter sets, a 1 s unrecorded warm-up, then — once the
 * database has finished what the warm-up left running — `durationS` recorded seconds. Plus the
 * unloaded latency: sequential requests from one client.
 */
import autocannon from 'autocannon';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { DatabaseFlavour } from '../src/config/configuration';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
}

export interface LoadOptions {
  base: string;
  paths: string[];
  headers?: Record<string, string>;
  connections: number;
  durationS: number;
}

function run(o: LoadOptions, duration: number): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: o.base,
    connections: o.connections,
    duration,
    timeout: 30,
    headers: o.headers,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: o.paths[next++ % o.paths.length] }),
      },
    ],
  });
}

/**
 * Waits until no statement of the bench database is running (what a warm-up or the previous run
 * left behind must not eat into the next window); at most `timeoutMs`.
 */
export async function drain(
  admin: Connection,
  flavour: DatabaseFlavour,
  database: string,
  timeoutMs = 180_000,
): Promise<void> {
  const table = flavour === 'mysql' ? 'performance_schema.processlist' : 'information_schema.PROCESSLIST';
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [rows] = await admin.query<RowDataPacket[]>(
      `SELECT COUNT(*) AS n FROM ${table} WHERE DB = ? AND COMMAND = 'Query' AND ID <> ?`,
      [database, admin.threadId],
    );
    if (Number(rows[0].n) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`NOTICE: statements were still running on ${database} after ${timeoutMs / 1000} s; going on`);
}

export async function measure(o: LoadOptions, settle: () => Promise<void>): Promise<LoadResult> {
  await run(o, 1);
  await settle();
  const r = await run(o, o.durationS);
  await settle();
  return {
    rps: Math.round(r.requests.average * 10) / 10,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    requests: r.requests.total,
    errors: r.non2xx + r.errors + r.timeouts,
  };
}

/** p50 and p90 (ms) of `n` sequential requests from one client, after `warm` unrecorded ones. */
export async function unloaded(
  base: string,
  paths: string[],
  headers: Record<string, string> = {},
  n = 50,
  warm = 5,
): Promise<{ p50: number; p90: number; n: number; errors: number }> {
  const times: number[] = [];
  let errors = 0;
  for (let i = 0; i < n + warm; i++) {
    const started = performance.now();
    const r = await fetch(`${base}${paths[i % paths.length]}`, { headers });
    await r.arrayBuffer();
    if (r.status !== 200) errors++;
    else if (i >= warm) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    times.length === 0
      ? NaN
      : Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] * 10) / 10;
  return { p50: at(0.5), p90: at(0.9), n, errors };
}
