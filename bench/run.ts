/**
 * `npm run bench`: starts the real service (src/main.ts) as its own process on a bench database,
 * then drives each scenario of bench/scenarios.ts with autocannon over loopback and prints
 * throughput and latency percentiles. Bounded in time and count; only 127.0.0.1 is ever targeted.
 *
 * `npm run bench -- nearby`: the nearby-search benchmark of bench/nearby.ts (its own database and
 * 200,000 clustered centers; the endpoint next to the spec's full-scan SQL).
 *
 * Environment: BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/divemap_bench),
 * BENCH_DURATION_S (default 5), BENCH_CONNECTIONS (default 32), BENCH_FILTER (substring of names).
 */
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNearbyBenchmark } from './nearby';
import { SCENARIOS } from './scenarios';
import { ensureDatabase, ROOT, startService } from './service';

const MODES = ['nearby'] as const;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/divemap_bench';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const FILTER = process.env.BENCH_FILTER ?? '';

async function main(): Promise<void> {
  await ensureDatabase(DATABASE_URL);
  const service = await startService(DATABASE_URL);
  const base = service.base;
  const results: Array<Record<string, number | string>> = [];
  try {
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
    service.stop();
  }
  console.table(results);
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ connections: CONNECTIONS, durationS: DURATION_S, results }, null, 2));
  console.log(`Results written to ${file}`);
  if (results.some((r) => Number(r.errors) > 0)) process.exitCode = 1;
}

const mode = process.argv[2];
if (mode !== undefined && !(MODES as readonly string[]).includes(mode)) {
  console.error(`Unknown bench mode "${mode}"; modes: ${MODES.join(', ')} (none: the default scenarios)`);
  process.exit(2);
}
(mode === 'nearby' ? runNearbyBenchmark() : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
