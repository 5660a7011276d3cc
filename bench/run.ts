/**
 * `npm run bench`: starts the real service (src/main.ts) as its own process on a bench database,
 * then drives each scenario of bench/scenarios.ts with autocannon over loopback and prints
 * throughput and latency percentiles. Bounded in time and count; only 127.0.0.1 is ever targeted.
 *
 * Environment: BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/divemap_bench),
 * BENCH_DURATION_S (default 5), BENCH_CONNECTIONS (default 32), BENCH_FILTER (substring of names).
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { parseDatabaseUrl } from '../src/database/database-url';
import { SCENARIOS } from './scenarios';

const ROOT = join(__dirname, '..');
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/divemap_bench';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const FILTER = process.env.BENCH_FILTER ?? '';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

async function ensureDatabase(): Promise<void> {
  const c = parseDatabaseUrl(DATABASE_URL);
  const conn = await createConnection({ host: c.host, port: c.port, user: c.user, password: c.password });
  try {
    await conn.query(
      `CREATE DATABASE IF NOT EXISTS \`${c.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await conn.end();
  }
}

async function waitUntilUp(base: string, deadlineMs: number, exited: () => boolean): Promise<void> {
  while (Date.now() < deadlineMs) {
    if (exited()) throw new Error('the service exited during start-up (see its output above)');
    try {
      if ((await fetch(`${base}/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the service did not become ready in time');
}

async function main(): Promise<void> {
  await ensureDatabase();
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', 'ts-node/register', join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-only-secret-bench-only-secret-0123456789',
      LOG_LEVEL: 'warn',
      LOG_PRETTY: 'false',
      DATABASE_URL,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  const base = `http://127.0.0.1:${port}`;
  const results: Array<Record<string, number | string>> = [];
  try {
    await waitUntilUp(base, Date.now() + 60000, () => exited);
    for (const s of SCENARIOS.filter((x) => x.name.includes(FILTER))) {
      // One unrecorded second first: JIT, pool connections and caches warm up outside the figures.
      await autocannon({
        url: `${base}${s.path}`,
        method: s.method ?? 'GET',
        connections: CONNECTIONS,
        duration: 1,
      });
      const r = await autocannon({
        url: `${base}${s.path}`,
        method: s.method ?? 'GET',
        connections: CONNECTIONS,
        duration: DURATION_S,
      });
      const bad = r.non2xx + r.errors + r.timeouts;
      results.push({
        scenario: s.name,
        'req/s': Math.round(r.requests.average),
        'p50 ms': r.latency.p50,
        'p99 ms': r.latency.p99,
        'max ms': r.latency.max,
        requests: r.requests.total,
        errors: bad,
      });
    }
  } finally {
    child.kill('SIGTERM');
  }
  console.table(results);
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ connections: CONNECTIONS, durationS: DURATION_S, results }, null, 2));
  console.log(`Results written to ${file}`);
  if (results.some((r) => Number(r.errors) > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
