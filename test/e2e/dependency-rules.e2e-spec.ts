import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The dependency rule (docs/architecture.md, .dependency-cruiser.cjs) bites: dependency-cruiser, run
 * as `npm run deps:check` runs it, reports every deliberately wrong import of a fixture tree laid
 * out like src/ (test/fixtures/dependency-rules, cruised with the real config) and exits non-zero;
 * the real tree has no violation beyond the recorded baseline; and the architecture page's table and
 * the generated graph agree with the rule and the code (issue 14). No database involved.
 */
const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'dependency-rules');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const BASELINE = join(ROOT, '.dependency-cruiser-known-violations.json');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}
interface CruiseResult {
  summary: { violations: Violation[]; error: number; warn: number; ignore: number };
}

function depcruise(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  return run;
}

function cruiseJson(cwd: string, ...args: string[]): { json: string; result: CruiseResult } {
  const run = depcruise(cwd, '--output-type', 'json', ...args);
  if (run.status !== 0) throw new Error(`depcruise failed (${run.status}): ${run.stderr}`);
  return { json: run.stdout, result: JSON.parse(run.stdout) as CruiseResult };
}

const brief = (v: Violation) => `${v.rule.name}: ${v.from} -> ${v.to}`;

describe('the dependency rule (npm run deps:check)', () => {
  /** src/ cruised once as deps:check does, shared by the last three tests. */
  let real: { json: string; result: CruiseResult } | undefined;
  const realTree = () => (real ??= cruiseJson(ROOT, '--ignore-known', BASELINE));

  it('reports each wrong import of the fixture tree, and only those', () => {
    const { result } = cruiseJson(FIXTURE, '--ignore-known', BASELINE);
    const reported = result.summary.violations
      .filter((v) => v.rule.severity === 'error')
      .map(brief)
      .sort();
    expect(reported).toEqual(
      [
        'arrow-from-sites: src/modules/sites/counts-dives.ts -> src/modules/dives/dives.service.ts',
        'cli-uses-features-through-services: src/database/cli/seed-sites.ts -> src/modules/sites/entities/dive-site.entity.ts',
        'core-imports-no-feature: src/common/site-count.ts -> src/modules/sites/dive-sites.service.ts',
        'foreign-entity-outside-entities: src/modules/dives/reads-site-rows.ts -> src/modules/sites/entities/dive-site.entity.ts',
        'module-not-in-the-rule: src/modules/newcomer/newcomer.service.ts -> src/modules/sites/dive-sites.service.ts',
        'no-circular: src/modules/tags/tag-a.ts -> src/modules/tags/tag-b.ts',
        'src-imports-no-test: src/common/uses-test-support.ts -> test/support/helper.ts',
        'through-public-surface: src/modules/dives/reads-site-rows.ts -> src/modules/sites/dive-sites.repository.ts',
      ].sort(),
    );
  });

  it('fails (non-zero exit) on a wrong import, as npm run lint then does', () => {
    const run = depcruise(FIXTURE, '--ignore-known', BASELINE, '--output-type', 'err');
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('error core-imports-no-feature: src/common/site-count.ts');
  });

  it('finds no violation in src/ beyond the recorded baseline', () => {
    const fresh = realTree()
      .result.summary.violations.filter((v) => v.rule.severity !== 'ignore')
      .map(brief);
    expect(fresh).toEqual([]);
  });

  it("matches docs/architecture.md's table of allowed arrows", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ALLOWED } = require(CONFIG) as { ALLOWED: Record<string, string[]> };
    const page = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
    const section = page.slice(page.indexOf('### Allowed arrows'), page.indexOf('### The rules as encoded'));
    const table: Record<string, string[]> = {};
    for (const [, module, allowed] of section.matchAll(/^\| `([a-z-]+)` \| ([^|]*) \|/gm)) {
      table[module] = [...allowed.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]).sort();
    }
    const rule = Object.fromEntries(Object.entries(ALLOWED).map(([m, a]) => [m, [...a].sort()]));
    expect(table).toEqual(rule);
  });

  it('has docs/module-graph.md up to date with the code (npm run deps:graph)', () => {
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'scripts', 'module-graph.mjs'), '--check', '--stdin'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        input: realTree().json,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe("SQL names only the module's own tables (npm run sql:check)", () => {
  const CHECK = join(ROOT, 'scripts', 'check-sql-ownership.mjs');
  const check = (...args: string[]) =>
    spawnSync(process.execPath, [CHECK, ...args], { cwd: ROOT, encoding: 'utf8' });

  it("reports each statement of the fixture tree that names another module's table, and only those", () => {
    const run = check('--root', join(ROOT, 'test', 'fixtures', 'sql-ownership'));
    expect(run.status).toBe(1);
    const reported = [...run.stderr.matchAll(/error sql-ownership: (\S+): names the table (\w+) of module (\w+)/g)]
      .map((m) => `${m[1]} ${m[2]} (${m[3]})`)
      .sort();
    expect(reported).toEqual([
      'src/common/reviews-store.ts:2 parsed_dive_trips (trips)',
      'src/modules/trips/trips.repository.ts:5 dive_sites (sites)',
      'src/modules/trips/trips.repository.ts:7 dive_sites (sites)',
    ]);
  });

  it('finds none in src/: other modules are read through the read models their owners export', () => {
    const run = check();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
