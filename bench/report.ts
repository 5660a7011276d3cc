/**
 * The bench's output: the per-server table (console and Markdown), bench/results/<date>-<server>.json,
 * bench/results/latest.md with the machine it ran on, and the same Markdown in the README between
 * `<!-- bench:start -->` and `<!-- bench:end -->` (full-scale runs only).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { PlanRow } from './capture';
import type { Volumes } from './data';
import type { LoadResult } from './measure';
import { ROOT } from './service';

export const RESULTS_DIR = join(ROOT, 'bench', 'results');
export const TARGETS = { rssMb: 250, coldStartMs: 1500 };

export interface ScenarioResult {
  scenario: string;
  paths: number;
  /** Statements per request (mean over the paths) the product sent and the baseline replays. */
  statements: number;
  /** Pool connections the product used for one request (mean; the baseline always uses one). */
  connections: number;
  product?: LoadResult;
  baseline?: LoadResult;
  fullScan?: LoadResult;
  /** product req/s ÷ baseline req/s */
  ratio?: number;
  /** product req/s ÷ full-scan req/s */
  fullScanRatio?: number;
  sameIds: 'yes' | 'no' | 'n/a';
  fullScanSameIds?: 'yes' | 'no';
  /** The first path and the statements captured for it (what the baseline replays). */
  captured?: { path: string; statements: string[] };
  /** The first path's page statement and its plan. */
  pageStatement?: string;
  plan?: PlanRow[];
  unloaded?: { product: { p50: number; p90: number }; baseline: { p50: number; p90: number }; n: number };
  failure?: string;
}

export interface ServerRun {
  server: 'mariadb' | 'mysql';
  version: string;
  date: string;
  node: string;
  entry: string;
  volumes: Volumes;
  seed: { reused: boolean; seconds?: number; reason?: string; laterMigrationsSeconds?: number };
  coldStartMs: number[];
  /** Spawn to the service's first log line (Node start-up and module loading) of each cold start. */
  firstLogMs?: number[];
  memory: { peakMb: number | null; maxSampledMb: number; samples: number };
  connections: number;
  durationS: number;
  poolSize: number;
  scenarios: ScenarioResult[];
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n)
    ? '—'
    : n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratioText = (r: number | undefined) =>
  r === undefined || !Number.isFinite(r) ? '—' : `${r.toFixed(2)}x`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Latency of a window without a single answer is unknown, not 0. */
const latency = (r: LoadResult | undefined, q: 'p50' | 'p99') => (r && r.requests > 0 ? fmt(r[q]) : '—');

function rows(run: ServerRun): string[][] {
  return run.scenarios.map((s) => [
    s.scenario,
    fmt(s.product?.rps, 1),
    latency(s.product, 'p50'),
    latency(s.product, 'p99'),
    fmt(s.baseline?.rps, 1),
    latency(s.baseline, 'p50'),
    latency(s.baseline, 'p99'),
    ratioText(s.ratio),
    s.fullScan ? `${fmt(s.fullScan.rps, 1)} (${ratioText(s.fullScanRatio)})` : '—',
    `${fmt(s.statements, 1)} / ${fmt(s.connections, 1)}`,
    s.failure
      ? 'capture failed'
      : s.fullScanSameIds
        ? `${s.sameIds}, full scan ${s.fullScanSameIds}`
        : s.sameIds,
    s.product || s.baseline ? `${s.product?.errors ?? '—'} / ${s.baseline?.errors ?? '—'}` : '—',
  ]);
}

const HEADER = [
  'scenario',
  'product req/s',
  'p50 ms',
  'p99 ms',
  'baseline req/s',
  'p50 ms',
  'p99 ms',
  'product/baseline',
  'full-scan req/s (product/full scan)',
  'SQL statements / product connections per request',
  'same ids',
  'errors (product / baseline)',
];

function summaryLines(run: ServerRun): string[] {
  const lines: string[] = [];
  const cold = run.coldStartMs.length > 0 ? median(run.coldStartMs) : undefined;
  lines.push(
    `Cold start (spawn of ${run.entry} on the migrated database → first /health 200): ` +
      `median ${fmt(cold)} ms of ${run.coldStartMs.map((x) => fmt(x)).join(', ')} ms ` +
      `(target < ${TARGETS.coldStartMs} ms: ${cold !== undefined && cold < TARGETS.coldStartMs ? 'met' : 'NOT met'})` +
      (run.firstLogMs?.length
        ? `; of which spawn → first log line (Node and module loading) ${run.firstLogMs.map((x) => fmt(x)).join(', ')} ms`
        : ''),
  );
  const peak = run.memory.peakMb;
  lines.push(
    `Peak RSS of the service over the run: VmHWM ${fmt(peak ?? undefined)} MB, highest sampled VmRSS ${fmt(run.memory.maxSampledMb)} MB ` +
      `(${run.memory.samples} samples; target ≤ ${TARGETS.rssMb} MB: ${peak !== null && peak <= TARGETS.rssMb ? 'met' : 'NOT met'})`,
  );
  for (const s of run.scenarios) {
    if (s.failure) lines.push(`${s.scenario}: not measured, ${s.failure}`);
    if (s.unloaded) {
      lines.push(
        `Unloaded, one client, ${s.unloaded.n} sequential requests, ${s.scenario}: product p50 ${s.unloaded.product.p50} ms ` +
          `(p90 ${s.unloaded.product.p90}), baseline p50 ${s.unloaded.baseline.p50} ms (p90 ${s.unloaded.baseline.p90})`,
      );
    }
  }
  return lines;
}

function describeRun(run: ServerRun): string {
  const v = run.volumes;
  const seed = run.seed.reused
    ? 'reused'
    : `seeded in ${fmt(run.seed.seconds, 1)} s + ${fmt(run.seed.laterMigrationsSeconds, 1)} s of later migrations on the rows`;
  return (
    `${run.server} ${run.version}: ${v.sites.toLocaleString('en')} sites, ${v.centers.toLocaleString('en')} centers, ` +
    `${v.dives.toLocaleString('en')} dives, ${v.users.toLocaleString('en')} users, ${v.trips.toLocaleString('en')} trips ` +
    `(scale ${v.scale}, data ${seed}); ${run.connections} connections, ${run.durationS} s per run after 1 s warm-up, ` +
    `pool ${run.poolSize}`
  );
}

export function printRun(run: ServerRun): void {
  console.log(`\n=== ${describeRun(run)}`);
  const table = rows(run).map((r) =>
    Object.fromEntries(HEADER.map((h, i) => [i === 5 || i === 6 ? `b ${h}` : h, r[i]])),
  );
  console.table(table);
  for (const line of summaryLines(run)) console.log(line);
}

export function markdownTable(run: ServerRun): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows(run).map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** Scenarios whose page statement's plan (table, access type, key per row) differs between servers. */
export function planDifferences(runs: ServerRun[]): string[] {
  if (runs.length < 2) return [];
  const [a, b] = runs;
  const row = (r: PlanRow) => `${r.table}:${r.type}:${r.key}`;
  const text = (p: PlanRow[]) => p.map(row).join(', ');
  const out: string[] = [];
  for (const sa of a.scenarios) {
    const sb = b.scenarios.find((x) => x.scenario === sa.scenario);
    if (!sb?.plan?.length || !sa.plan?.length) continue;
    if (text(sa.plan) === text(sb.plan)) continue;
    // One server leaving out a LEFT JOINed table it can prove unused (MariaDB's table elimination),
    // every other row the same: worth saying, but not a different access path.
    const [ra, rb] = [sa.plan.map(row), sb.plan.map(row)];
    const onlyA = ra.filter((x) => !rb.includes(x));
    const onlyB = rb.filter((x) => !ra.includes(x));
    if (onlyA.length === 0 || onlyB.length === 0) {
      const [more, extra] = onlyA.length === 0 ? [b.server, onlyB] : [a.server, onlyA];
      out.push(
        `${sa.scenario}: same access paths; only ${more} also reads ${extra.join(', ')} (the other eliminates it)`,
      );
    } else {
      out.push(`${sa.scenario}: ${a.server} [${text(sa.plan)}] vs ${b.server} [${text(sb.plan)}]`);
    }
  }
  return out;
}

/** The newest saved run of `server` at `scale` (for plan comparison when only the other server ran). */
export function latestSaved(server: string, scale: number): ServerRun | undefined {
  if (!existsSync(RESULTS_DIR)) return undefined;
  const files = readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith(`-${server}.json`))
    .sort()
    .reverse();
  for (const f of files) {
    const run = JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) as ServerRun;
    if (run.volumes?.scale === scale) return run;
  }
  return undefined;
}

export function saveRun(run: ServerRun): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${run.date.replace(/[:.]/g, '-')}-${run.server}.json`);
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  return file;
}

export function machine(): string {
  let cpu = cpus()[0]?.model ?? 'unknown CPU';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // not Linux
  }
  let nproc = String(cpus().length);
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // no coreutils
  }
  return `${nproc} CPUs (nproc), ${cpu}, ${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM, Node ${process.version}`;
}

export function markdownReport(runs: ServerRun[], planNotes: string[]): string {
  const parts: string[] = [
    `Benchmark of ${runs[0]?.date ?? new Date().toISOString()} on ${machine()}; servers: ` +
      `${runs.map((r) => `${r.server} ${r.version}`).join(', ')}. The load generator, both servers and the database ` +
      'share the machine; absolute figures are noisy, ratios measured side by side hold better. ' +
      'The baseline is node:http + mysql2 replaying the statements the product sent for the same URL (captured from ' +
      'the general log); "same ids" compares the product\'s ids with the baseline\'s page statement.',
  ];
  for (const run of runs) {
    parts.push(
      `### ${describeRun(run)}`,
      markdownTable(run),
      summaryLines(run)
        .map((l) => `- ${l}`)
        .join('\n'),
    );
  }
  parts.push(
    planNotes.length > 0
      ? `Page-statement plans that differ between the servers:\n\n${planNotes.map((l) => `- ${l}`).join('\n')}`
      : runs.length > 1
        ? 'Page-statement plans (tables, access types, keys): the same on both servers.'
        : '',
  );
  return parts.filter(Boolean).join('\n\n');
}

export function writeLatest(markdown: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, 'latest.md');
  writeFileSync(file, `# npm run bench: latest results\n\n${markdown}\n`);
  return file;
}

/** Replaces what is between the README's bench markers; false when the markers are absent. */
export function updateReadme(markdown: string): boolean {
  const file = join(ROOT, 'README.md');
  const text = readFileSync(file, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) return false;
  writeFileSync(file, `${text.slice(0, i + start.length)}\n${markdown}\n${text.slice(j)}`);
  return true;
}
