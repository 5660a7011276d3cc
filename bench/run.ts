/**
 * `npm run bench`: the product next to a framework-free baseline running exactly its SQL (issue 15).
 *
 * Per server (MariaDB on 3306, then MySQL on 3307; a server that does not answer is skipped):
 *  1. the bench database — reused while its fingerprint (generator version, scale, row counts)
 *     matches, else dropped, migrated by the service at its start and seeded (bench/seed.ts);
 *  2. cold starts of the service (`node dist/main.js`, rebuilt when src/ is newer) on the migrated
 *     database, timed to the first `/health` 200; the last one serves the run, its memory sampled;
 *  3. per scenario path (bench/scenarios.ts): one warm request, then one request with the general
 *     log on, capturing the statements the product sent (bench/capture.ts);
 *  4. the baseline server (bench/baseline.ts) replays them; before measuring, the product's ids must
 *     equal the baseline page statement's ids ("same ids"), and the full scan's for nearby;
 *  5. per scenario, product, baseline (and the full scan) measured back to back with autocannon.
 * Then the tables, bench/results/<date>-<server>.json, bench/results/latest.md, and the README's
 * bench section (full-scale runs).
 *
 * Environment: BENCH_SERVERS (mariadb,mysql), BENCH_MARIADB_URL (or BENCH_DATABASE_URL; default
 * mysql://root@127.0.0.1:3306/divemap_bench), BENCH_MYSQL_URL (…:3307/divemap_bench), BENCH_SCALE (1),
 * BENCH_DURATION_S (5), BENCH_CONNECTIONS (32), BENCH_POOL_SIZE (DB_POOL_SIZE or 10), BENCH_FILTER
 * (substring of scenario names), BENCH_RESEED=1, BENCH_COLD_STARTS (3), BENCH_QUERY_TIMEOUT_MS (30000:
 * the service's DB_QUERY_TIMEOUT_MS and DB_ACQUIRE_TIMEOUT_MS, so a slow query is measured rather than
 * turned into a 503), BENCH_TIMEOUT_MIN (60), BENCH_CONTINUE_ON_MISMATCH=1, BENCH_README=0, BENCH_NODE_FLAGS
 * (the service's Node flags; default the image's, docker/Dockerfile CMD).
 * `npm run bench -- nearby`: only the nearby scenarios. `npm run bench -- readme`: the README section
 * again from the newest full-scale results saved in bench/results (one per server).
 */
import { createHmac } from 'node:crypto';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import type { DatabaseFlavour } from '../src/config/configuration';
import { explain, GeneralLogCapture } from './capture';
import { BENCH_USER, buildDataSet, SEED_SCHEMA_UP_TO, volumesAt } from './data';
import { spatialSql } from '../src/database/spatial';
import { routeKey, startBaseline, type RunningBaseline } from './baseline';
import { drain, measure, unloaded, type LoadResult } from './measure';
import { join } from 'node:path';
import {
  latestSaved,
  RESULTS_DIR,
  markdownReport,
  planDifferences,
  printRun,
  saveRun,
  updateReadme,
  writeLatest,
  type ScenarioResult,
  type ServerRun,
} from './report';
import { buildScenarios, type Scenario } from './scenarios';
import { seed, staleReason } from './seed';
import {
  benchTarget,
  ensureDatabase,
  entryPoint,
  migrateTo,
  sampleMemory,
  startService,
  type EntryPoint,
  type RunningService,
} from './service';

const env = process.env;
const SERVERS = (env.BENCH_SERVERS ?? 'mariadb,mysql')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const URLS: Record<string, string> = {
  mariadb: env.BENCH_MARIADB_URL ?? env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/divemap_bench',
  mysql: env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3307/divemap_bench',
};
const SCALE = Number(env.BENCH_SCALE ?? 1);
const DURATION_S = Number(env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 32);
const POOL_SIZE = Number(env.BENCH_POOL_SIZE ?? env.DB_POOL_SIZE ?? 10);
const COLD_STARTS = Math.max(1, Number(env.BENCH_COLD_STARTS ?? 3));
const QUERY_TIMEOUT_MS = Number(env.BENCH_QUERY_TIMEOUT_MS ?? 30_000);
const TIMEOUT_MIN = Number(env.BENCH_TIMEOUT_MIN ?? 60);
const JWT_SECRET = 'bench-only-secret-bench-only-secret-0123456789';
const MODES = ['nearby', 'readme'] as const;

// Whatever happens (error, Ctrl-C, the overall time limit), these run before the process exits:
// the server's general-log settings are restored and every child process is stopped.
const cleanups: Array<() => Promise<void>> = [];
let cleaning: Promise<void> | undefined;
/** Runs the pending clean-ups once; a second caller (a signal during an error) waits for the same run. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of cleanups.splice(0).reverse())
      await c().catch((e: unknown) => console.error('clean-up:', e));
  })().finally(() => (cleaning = undefined));
  return cleaning;
}
function onExit(signal: string, code: number) {
  console.error(`\n${signal}: stopping the service and the baseline, restoring the general log...`);
  void cleanUp().finally(() => process.exit(code));
}

function accessToken(): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({
    sub: String(BENCH_USER.id),
    username: BENCH_USER.username,
    is_admin: false,
    is_moderator: false,
    type: 'access',
    iat,
    exp: iat + 6 * 3600,
  })}`;
  return `${body}.${createHmac('sha256', JWT_SECRET).update(body).digest('base64url')}`;
}

async function connectAdmin(url: string): Promise<Connection | null> {
  const c = benchTarget(url);
  try {
    return await createConnection({
      host: c.host,
      port: c.port,
      user: c.user,
      password: c.password,
      connectTimeout: 3000,
      charset: 'utf8mb4_unicode_ci',
    });
  } catch (error) {
    console.log(`NOTICE: ${c.host}:${c.port} does not answer (${(error as Error).message}): skipped`);
    return null;
  }
}

function idsOf(body: unknown, where: Scenario['ids']): unknown[] | undefined {
  const list =
    where === 'array' ? body : where === 'items' ? (body as { items?: unknown })?.items : undefined;
  return Array.isArray(list) ? list.map((x) => (x as { id?: unknown }).id) : undefined;
}

/** Index of the page statement: the first/last statement matching the rule whose rows carry `id`. */
function pageIndex(s: Scenario, statements: string[], results: unknown[]): number {
  if (!s.page) return -1;
  const candidates = statements.flatMap((sql, i) => {
    const rows = results[i];
    const hasId = Array.isArray(rows) && (rows.length === 0 || 'id' in (rows[0] as object));
    return s.page!.sql.test(sql) && hasId ? [i] : [];
  });
  return (s.page.pick === 'first' ? candidates[0] : candidates.at(-1)) ?? -1;
}

async function getJson(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const r = await fetch(url, { headers });
  const text = await r.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: r.status, body };
}

const short = (ids: unknown[]) =>
  ids.length > 12 ? `${ids.slice(0, 12).join(',')},… (${ids.length})` : ids.join(',');

async function benchServer(
  server: 'mariadb' | 'mysql',
  entry: EntryPoint,
  filter: string,
): Promise<ServerRun | null> {
  const url = URLS[server];
  const target = benchTarget(url);
  const log = (m: string) => console.log(`[${server}] ${m}`);
  const probe = await connectAdmin(url);
  if (!probe) return null;
  const [versionRows] = await probe.query<RowDataPacket[]>('SELECT VERSION() AS v');
  const version = String(versionRows[0].v);
  const flavour: DatabaseFlavour = version.includes('MariaDB') ? 'mariadb' : 'mysql';
  if (flavour !== server) log(`NOTICE: ${target.host}:${target.port} is ${version}, measured as ${flavour}`);
  await probe.end();

  const volumes = volumesAt(SCALE);
  const runDate = new Date().toISOString();
  const logFile = join(RESULTS_DIR, `${runDate.replace(/[:.]/g, '-')}-${server}-service.log`);
  log(`the service's output goes to ${logFile}`);
  const serviceEnv = {
    JWT_SECRET,
    DB_POOL_SIZE: String(POOL_SIZE),
    DB_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
    DB_ACQUIRE_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
  };

  // 1. The data: reused, or a fresh database migrated by the service and seeded.
  await ensureDatabase(url);
  let admin = await connectAdmin(url);
  if (!admin) return null;
  await admin.query(`USE \`${target.database}\``);
  const reason = env.BENCH_RESEED === '1' ? 'BENCH_RESEED=1' : await staleReason(admin, SCALE);
  await admin.end();
  const data = buildDataSet(volumes, spatialSql(flavour));
  const seedInfo: ServerRun['seed'] = { reused: reason === null };
  if (reason !== null) {
    log(`(re)seeding ${target.database}: ${reason}`);
    const started = Date.now();
    await ensureDatabase(url, true);
    const applied = await migrateTo(url, flavour, SEED_SCHEMA_UP_TO);
    log(`migrated a fresh ${target.database} to the seed's schema (${applied.length} migrations)`);
    admin = (await connectAdmin(url))!;
    await admin.query(`USE \`${target.database}\``);
    await seed(admin, data, log);
    await admin.end();
    seedInfo.reason = reason;
    seedInfo.seconds = (Date.now() - started) / 1000;
    log(
      `seeded in ${seedInfo.seconds.toFixed(1)} s; the service applies the later migrations to these rows:`,
    );
  } else log(`reusing the seeded ${target.database} (fingerprint matches)`);
  const migrateStarted = Date.now();
  const first = await startService(entry, url, serviceEnv, 30 * 60_000, logFile);
  await first.stop();
  const migrateSeconds = (Date.now() - migrateStarted) / 1000;
  log(`first start (pending migrations applied) took ${migrateSeconds.toFixed(1)} s`);
  if (seedInfo.seconds !== undefined) seedInfo.laterMigrationsSeconds = migrateSeconds;

  // 2. Cold starts on the migrated database; the last one serves the run.
  const coldStartMs: number[] = [];
  const firstLogMs: number[] = [];
  let service: RunningService | undefined;
  for (let i = 0; i < COLD_STARTS; i++) {
    service = await startService(entry, url, serviceEnv, 120_000, logFile);
    coldStartMs.push(Math.round(service.startMs));
    if (service.firstLogMs !== undefined) firstLogMs.push(Math.round(service.firstLogMs));
    if (i < COLD_STARTS - 1) await service.stop();
  }
  const svc = service!;
  cleanups.push(() => svc.stop());
  log(
    `cold start ${coldStartMs.join(', ')} ms (${entry.label}; first log line after ${firstLogMs.join(', ')} ms)`,
  );
  const memory = sampleMemory(svc.pid);

  admin = (await connectAdmin(url))!;
  const adminConn = admin;
  cleanups.push(() => adminConn.end());
  await admin.query(`USE \`${target.database}\``);
  const settle = () => drain(adminConn, flavour, target.database);

  // 3. Capture what the product sends for every path.
  const token = accessToken();
  const scenarios = buildScenarios(data).filter((s) => s.name.includes(filter));
  const headersOf = (s: Scenario) => (s.auth ? { authorization: `Bearer ${token}` } : undefined);
  const capture = new GeneralLogCapture(
    admin,
    flavour,
    target.database,
    join(RESULTS_DIR, `.general-log-settings-${target.port}.json`),
  );
  cleanups.push(() => capture.close());
  await capture.open();
  const captured = new Map<
    string,
    { statements: string[]; threads: number; status: number; body: unknown }
  >();
  const failures = new Map<string, string>();
  let droppedTotal = 0;
  try {
    for (const s of scenarios) {
      for (const path of s.paths) {
        if (failures.has(s.name)) break;
        await getJson(`${svc.base}${path}`, headersOf(s));
        let c = await capture.capture(() => getJson(`${svc.base}${path}`, headersOf(s)));
        // One more try: a statement can outlast the service's timeout on a machine busy with other work.
        if (c.result.status !== 200)
          c = await capture.capture(() => getJson(`${svc.base}${path}`, headersOf(s)));
        droppedTotal += c.dropped;
        if (c.result.status !== 200) {
          failures.set(
            s.name,
            `${path} answered ${c.result.status} twice (${c.statements.length} statements sent): ` +
              JSON.stringify(c.result.body).slice(0, 300),
          );
        }
        captured.set(routeKey(path), {
          statements: c.statements,
          threads: c.threads,
          status: c.result.status,
          body: c.result.body,
        });
      }
    }
  } finally {
    await capture.close();
  }
  log(
    `captured ${captured.size} request(s) of ${scenarios.length} scenario(s)` +
      (droppedTotal > 0 ? ` (${droppedTotal} pool connection set-up statement(s) left out)` : ''),
  );

  // 4. The baseline, and the same-ids check before measuring.
  const baseline: RunningBaseline = await startBaseline({
    db: target,
    flavour,
    poolSize: POOL_SIZE,
    routes: Object.fromEntries([...captured].map(([k, v]) => [k, v.statements])),
  });
  cleanups.push(() => baseline.stop());
  const results: ScenarioResult[] = [];
  for (const s of scenarios) {
    const caps = s.paths.flatMap((p) => captured.get(routeKey(p)) ?? []);
    const r: ScenarioResult = {
      scenario: s.name,
      paths: s.paths.length,
      statements: Math.round((caps.reduce((n, c) => n + c.statements.length, 0) / caps.length) * 10) / 10,
      connections: Math.round((caps.reduce((n, c) => n + c.threads, 0) / caps.length) * 10) / 10,
      sameIds: 'n/a',
    };
    results.push(r);
    const failure = failures.get(s.name);
    if (failure) {
      r.failure = `capture failed: ${failure}`;
      log(`${s.name}: ${failure}`);
      continue;
    }
    if (s.ids === 'none') {
      r.captured = { path: s.paths[0], statements: caps[0].statements };
      continue;
    }
    let same = true;
    let fullSame = true;
    for (let i = 0; i < s.paths.length; i++) {
      const path = s.paths[i];
      const cap = caps[i];
      const product = idsOf(cap.body, s.ids);
      const b = await getJson(`${baseline.base}${path}`);
      const sets = Array.isArray(b.body) ? (b.body as unknown[]) : [];
      const index = b.status === 200 ? pageIndex(s, cap.statements, sets) : -1;
      const base = index >= 0 ? (sets[index] as Array<{ id: unknown }>).map((x) => x.id) : undefined;
      if (i === 0) r.captured = { path, statements: cap.statements };
      if (i === 0 && index >= 0) {
        r.pageStatement = cap.statements[index];
        r.plan = await explain(adminConn, flavour, cap.statements[index]).catch(() => undefined);
      }
      if (!product || !base || JSON.stringify(product) !== JSON.stringify(base)) {
        same = false;
        log(
          `${s.name}: ${path}: product ids [${product ? short(product) : 'none'}] vs baseline page statement ` +
            `${index >= 0 ? `#${index + 1}` : '(not found)'} [${base ? short(base) : b.status}]`,
        );
      }
      if (s.fullScan) {
        const f = await getJson(`${baseline.base}${s.fullScan[i]}`);
        const full = Array.isArray(f.body) ? (f.body as Array<{ id: unknown }>).map((x) => x.id) : undefined;
        if (!product || !full || JSON.stringify(product) !== JSON.stringify(full)) {
          fullSame = false;
          log(
            `${s.name}: ${path}: product ids [${product ? short(product) : 'none'}] vs full scan [${full ? short(full) : f.status}]`,
          );
        }
      }
    }
    r.sameIds = same ? 'yes' : 'no';
    if (s.fullScan) r.fullScanSameIds = fullSame ? 'yes' : 'no';
    log(`same ids: ${r.sameIds}${s.fullScan ? ` (full scan: ${r.fullScanSameIds})` : ''} — ${s.name}`);
  }
  // A scenario whose ids differ is not measured (the comparison would be meaningless), unless asked;
  // the run then fails at the end. The other scenarios are measured.
  const skip = (r: ScenarioResult) =>
    r.failure !== undefined ||
    ((r.sameIds === 'no' || r.fullScanSameIds === 'no') && env.BENCH_CONTINUE_ON_MISMATCH !== '1');
  const skipped = results.filter(skip).map((r) => r.scenario);
  if (skipped.length > 0) {
    log(
      `not measured (failed capture or different ids; BENCH_CONTINUE_ON_MISMATCH=1 measures the latter): ${skipped.join('; ')}`,
    );
  }

  // 5. Measure, side by side.
  {
    for (const s of scenarios) {
      const r = results.find((x) => x.scenario === s.name)!;
      if (skip(r)) continue;
      const opts = { paths: s.paths, connections: CONNECTIONS, durationS: DURATION_S };
      r.product = await measure({ ...opts, base: svc.base, headers: headersOf(s) }, settle);
      r.baseline = await measure({ ...opts, base: baseline.base }, settle);
      r.ratio = r.baseline.rps > 0 ? r.product.rps / r.baseline.rps : undefined;
      if (s.fullScan) {
        r.fullScan = await measure({ ...opts, base: baseline.base, paths: s.fullScan }, settle);
        r.fullScanRatio = r.fullScan.rps > 0 ? r.product.rps / r.fullScan.rps : undefined;
      }
      if (s.unloaded) {
        const p = await unloaded(svc.base, s.paths, headersOf(s));
        const b = await unloaded(baseline.base, s.paths);
        r.unloaded = { product: p, baseline: b, n: p.n };
        if (p.errors + b.errors > 0)
          log(`unloaded: ${p.errors} product / ${b.errors} baseline non-200 answers`);
      }
      const show = (x?: LoadResult) => (x ? `${x.rps} req/s p50 ${x.p50} p99 ${x.p99} err ${x.errors}` : '—');
      log(
        `${s.name}: product ${show(r.product)} | baseline ${show(r.baseline)}${r.fullScan ? ` | full scan ${show(r.fullScan)}` : ''}`,
      );
    }
  }

  const mem = memory.stop();
  await baseline.stop();
  await svc.stop();
  await adminConn.end().catch(() => undefined);
  cleanups.length = 0;
  const run: ServerRun = {
    server,
    version,
    date: runDate,
    node: process.version,
    entry: entry.label,
    volumes,
    seed: seedInfo,
    coldStartMs,
    firstLogMs,
    memory: mem,
    connections: CONNECTIONS,
    durationS: DURATION_S,
    poolSize: POOL_SIZE,
    scenarios: results,
  };
  return run;
}

async function main(filter: string): Promise<void> {
  const timer = setTimeout(() => {
    console.error(`The bench ran longer than BENCH_TIMEOUT_MIN=${TIMEOUT_MIN} min`);
    onExit('timeout', 1);
  }, TIMEOUT_MIN * 60_000);
  timer.unref();
  for (const s of SERVERS) {
    if (!(s in URLS)) throw new Error(`BENCH_SERVERS: unknown server "${s}" (mariadb, mysql)`);
  }
  const entry = entryPoint((m) => console.log(m));
  const runs: ServerRun[] = [];
  for (const server of SERVERS as Array<'mariadb' | 'mysql'>) {
    const run = await benchServer(server, entry, filter);
    if (!run) continue;
    printRun(run);
    console.log(`Results written to ${saveRun(run)}`);
    runs.push(run);
  }
  if (runs.length === 0) throw new Error('No database server answered: nothing measured');
  let notes = planDifferences(runs);
  if (runs.length === 1) {
    const other = latestSaved(runs[0].server === 'mariadb' ? 'mysql' : 'mariadb', SCALE);
    if (other) {
      notes = planDifferences([runs[0], other]).map(
        (n) => `${n} (${other.server} from its run of ${other.date})`,
      );
    }
  }
  console.log(
    notes.length > 0
      ? `\nPage-statement plans that differ between the servers:\n${notes.map((n) => `  - ${n}`).join('\n')}`
      : '\nPage-statement plans: no difference between the servers (or only one server measured).',
  );
  const markdown = markdownReport(runs, notes);
  console.log(`Markdown table written to ${writeLatest(markdown)}`);
  if (env.BENCH_README === '0') console.log('README not updated (BENCH_README=0)');
  else if (SCALE !== 1 || filter)
    console.log('README not updated: only a full-scale run of every scenario goes there');
  else
    console.log(
      updateReadme(markdown)
        ? 'README benchmark section updated'
        : 'README has no bench markers: not updated',
    );
  const failed = runs.flatMap((r) =>
    r.scenarios
      .filter((s) => s.sameIds === 'no' || s.fullScanSameIds === 'no' || s.failure)
      .map((s) => `${r.server}: ${s.scenario}`),
  );
  if (failed.length > 0) {
    console.error(`\nFAILED: different ids or failed captures in ${failed.join('; ')}`);
    process.exitCode = 1;
  }
}

/** `npm run bench -- readme`: the README section again, from the newest full-scale results saved. */
function readmeFromSaved(): void {
  const runs = (['mariadb', 'mysql'] as const).flatMap((server) => latestSaved(server, 1) ?? []);
  if (runs.length === 0) throw new Error('No full-scale (BENCH_SCALE=1) results in bench/results');
  const markdown = markdownReport(runs, planDifferences(runs));
  console.log(
    updateReadme(markdown)
      ? `README updated from ${runs.map((r) => `${r.server} ${r.date}`).join(', ')}`
      : 'README has no bench markers',
  );
}

const mode = process.argv[2];
if (mode !== undefined && !(MODES as readonly string[]).includes(mode)) {
  console.error(`Unknown bench mode "${mode}"; modes: ${MODES.join(', ')} (none: every scenario)`);
  process.exit(2);
}
process.once('SIGINT', () => onExit('SIGINT', 130));
process.once('SIGTERM', () => onExit('SIGTERM', 143));
if (mode === 'readme') {
  try {
    readmeFromSaved();
    process.exit(0);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
main(mode === 'nearby' ? 'nearby' : (env.BENCH_FILTER ?? ''))
  .then(cleanUp)
  .catch(async (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    await cleanUp();
    process.exit(1);
  });
