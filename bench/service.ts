/**
 * What the bench needs around the real service: its bench database (created, or dropped and
 * re-created for a fresh migration before a seed), the built entry point (`node dist/main.js`, the
 * image's; rebuilt first when src/ is newer), the service started as its own process on a free
 * loopback port with its cold start timed to the first `/health` 200, and its memory sampled from
 * /proc. Only loopback hosts are ever targeted.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { MigrationInterface } from 'typeorm';
import { loadConfig, type DatabaseFlavour } from '../src/config/configuration';
import { buildDataSourceOptions, DivemapDataSource, MIGRATIONS_DIR } from '../src/database/data-source';
import { parseDatabaseUrl, type ConnectionParams } from '../src/database/database-url';
import { runPendingMigrations } from '../src/database/migration-lock';
import { imageNodeFlags } from './image-entry';

export const ROOT = join(__dirname, '..');
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/** The URL's parameters, refusing anything but a loopback server and a database of the bench's own. */
export function benchTarget(databaseUrl: string): ConnectionParams {
  const c = parseDatabaseUrl(databaseUrl);
  if (!LOOPBACK.has(c.host)) throw new Error(`Refusing ${c.host}: the bench only talks to 127.0.0.1`);
  if (!/bench/i.test(c.database)) {
    throw new Error(
      `Refusing database "${c.database}": the bench seeds (and re-creates) a database whose name contains "bench"`,
    );
  }
  return c;
}

/** Creates the database of `databaseUrl` when missing; with `fresh`, drops it first. */
export async function ensureDatabase(databaseUrl: string, fresh = false): Promise<void> {
  const c = benchTarget(databaseUrl);
  const conn = await createConnection({
    host: c.host,
    port: c.port,
    user: c.user,
    password: c.password,
    connectTimeout: 5000,
  });
  try {
    if (fresh) await conn.query(`DROP DATABASE IF EXISTS \`${c.database}\``);
    await conn.query(
      `CREATE DATABASE IF NOT EXISTS \`${c.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await conn.end();
  }
}

/**
 * Applies the project's migrations up to and including the one whose timestamp is `upTo` (the schema
 * the generators of bench/data.ts write), not the later ones: those run at the service's start on the
 * seeded rows, as on a production database being upgraded, so what they derive from existing rows
 * (search documents, aggregates...) is derived by the product's own code. Returns the names applied.
 */
export async function migrateTo(
  databaseUrl: string,
  flavour: DatabaseFlavour,
  upTo: number,
): Promise<string[]> {
  benchTarget(databaseUrl);
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d+-.+\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !f.includes('.spec.'))
    .filter((f) => Number(f.split('-')[0]) <= upTo)
    .sort();
  const migrations: Array<new () => MigrationInterface> = [];
  for (const f of files) {
    const exports = (await import(join(MIGRATIONS_DIR, f))) as Record<string, unknown>;
    for (const x of Object.values(exports)) {
      if (typeof x === 'function') migrations.push(x as new () => MigrationInterface);
    }
  }
  const config = loadConfig({ DATABASE_URL: databaseUrl, NODE_ENV: 'test' });
  const ds = new DivemapDataSource({
    ...buildDataSourceOptions(config.database, flavour),
    entities: [],
    migrations,
    logging: ['error'],
  });
  await ds.initialize();
  try {
    return (await runPendingMigrations(ds, 60)).map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export interface EntryPoint {
  args: string[];
  label: string;
}

/**
 * `node dist/main.js`, built first (`npm run build`) when missing or older than src/. When the build
 * fails (someone's half-written change), the bench falls back to ts-node on src/main.ts and says so.
 */
export function entryPoint(log: (m: string) => void): EntryPoint {
  const dist = join(ROOT, 'dist', 'main.js');
  const stale = !existsSync(dist) || statSync(dist).mtimeMs < newestMtime(join(ROOT, 'src'));
  if (stale) {
    log('dist/ is missing or older than src/: npm run build ...');
    const started = Date.now();
    const r = spawnSync('npm', ['run', 'build'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
      env: process.env,
    });
    if (r.status === 0) log(`  built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    else {
      const output = `${r.stdout?.toString() ?? ''}${r.stderr?.toString() ?? ''}`
        .trim()
        .split('\n')
        .slice(-15)
        .join('\n');
      log(`  npm run build failed (${r.error?.message ?? `exit ${r.status}`}):\n${output}`);
      log('  NOTICE: measuring ts-node on src/main.ts instead (start time and memory include the compiler)');
      return { args: ['-r', 'ts-node/register', join(ROOT, 'src', 'main.ts')], label: 'ts-node src/main.ts' };
    }
  }
  // The image's flags (docker/Dockerfile CMD); BENCH_NODE_FLAGS ("" or e.g. "--max-semi-space-size=32")
  // replaces them for an experiment.
  const override = process.env.BENCH_NODE_FLAGS;
  const flags = override !== undefined ? override.split(/\s+/).filter(Boolean) : imageNodeFlags();
  return { args: [...flags, dist], label: ['node', ...flags, 'dist/main.js'].join(' ') };
}


export interface RunningService {
  /** http://127.0.0.1:<port> */
  base: string;
  child: ChildProcess;
  pid: number;
  /** Spawn to the first `/health` 200, in ms. */
  startMs: number;
  /** Spawn to the service's first log line (Node's start and module loading), in ms, when known. */
  firstLogMs?: number;
  /** Where its stdout and stderr go. */
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts the service on `databaseUrl` (it applies pending migrations before listening) and waits
 * for its first `/health` 200, polling every 20 ms.
 */
export async function startService(
  entry: EntryPoint,
  databaseUrl: string,
  env: Record<string, string> = {},
  timeoutMs = 120_000,
  logFile = join(ROOT, 'bench', 'results', 'service.log'),
): Promise<RunningService> {
  const port = await freePort();
  // The service's own log lines (e.g. TypeORM's slow-query warnings under load) go to a file, not
  // between the bench's lines; appended, one file per server and run.
  mkdirSync(join(logFile, '..'), { recursive: true });
  const out = openSync(logFile, 'a');
  const logOffset = statSync(logFile).size;
  const spawnedAt = Date.now();
  const started = performance.now();
  const child = spawn(process.execPath, entry.args, {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      LOG_PRETTY: 'false',
      ...env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const tail = () => {
    try {
      return `; the end of ${logFile}:\n${readFileSync(logFile, 'utf8').trim().split('\n').slice(-15).join('\n')}`;
    } catch {
      return '';
    }
  };
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(killer);
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = started + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`the service (${entry.label}) exited during start-up${tail()}`);
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`the service did not answer /health 200 within ${timeoutMs / 1000} s${tail()}`);
    }
    try {
      const r = await fetch(`${base}/health`);
      await r.arrayBuffer();
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const startMs = performance.now() - started;
  return {
    base,
    child,
    pid: child.pid!,
    startMs,
    firstLogMs: firstLogDelay(logFile, logOffset, spawnedAt),
    logFile,
    stop,
  };
}

/** Milliseconds from `spawnedAt` to the `time` of the first JSON log line written after `offset`. */
function firstLogDelay(logFile: string, offset: number, spawnedAt: number): number | undefined {
  try {
    const text = readFileSync(logFile).subarray(offset).toString('utf8');
    for (const line of text.split('\n')) {
      if (!line.startsWith('{')) continue;
      const time = (JSON.parse(line) as { time?: unknown }).time;
      if (typeof time === 'number') return Math.max(0, time - spawnedAt);
    }
  } catch {
    // no log line yet, or not JSON
  }
  return undefined;
}

/** A field of /proc/<pid>/status in MB (VmRSS, VmHWM), or null when the process is gone. */
export function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's resident set every `everyMs`; `stop()` adds the kernel's peak (VmHWM). */
export function sampleMemory(pid: number, everyMs = 250) {
  let maxRss = 0;
  let samples = 0;
  const tick = () => {
    const rss = procStatusMb(pid, 'VmRSS');
    if (rss !== null) {
      maxRss = Math.max(maxRss, rss);
      samples++;
    }
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    stop(): { peakMb: number | null; maxSampledMb: number; samples: number } {
      tick();
      clearInterval(timer);
      return { peakMb: procStatusMb(pid, 'VmHWM'), maxSampledMb: maxRss, samples };
    },
  };
}
