import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, freePort, startService, waitForHttp, type ChildResult } from '../support/child-app';
import {
  dropDatabase,
  recreateDatabase,
  serverConnection,
  testDatabaseUrl,
  workerDatabaseName,
} from '../support/database';

/**
 * The standalone migrate entry (src/database/migrate.ts → dist/database/migrate.js), the command of
 * the Kubernetes migration Job and of fly.io's release_command, run as a child process like main.ts.
 */

const FAST_WAIT = {
  DB_CONNECT_ATTEMPTS: '2',
  DB_CONNECT_MIN_DELAY_MS: '10',
  DB_CONNECT_MAX_DELAY_MS: '30',
  DB_CONNECT_TIMEOUT_MS: '2000',
};

const migrationNames = () =>
  readdirSync(join(ROOT, 'src', 'database', 'migrations'))
    .filter((f) => /^\d{13}-\w+\.ts$/.test(f))
    .map((f) => f.replace(/^(\d{13})-(\w+)\.ts$/, '$2$1'));

/** Runs a migrate entry (the TypeScript source through ts-node + SWC, or a compiled file) to its end. */
function runMigrate(env: Record<string, string>, entry = join(ROOT, 'src', 'database', 'migrate.ts')) {
  const args = entry.endsWith('.ts') ? ['-r', 'ts-node/register', entry] : [entry];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      NODE_ENV: 'test',
      ...FAST_WAIT,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise<ChildResult>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, output })),
  );
}

/** The `msg` of each JSON line the entry printed. */
const messages = (output: string): string[] =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as { msg: string }).msg);

async function recordedMigrations(database: string): Promise<Array<{ name: string; n: number }>> {
  const conn = await serverConnection();
  try {
    const [rows] = await conn.query(
      `SELECT name, COUNT(*) AS n FROM \`${database}\`.migrations GROUP BY name ORDER BY name`,
    );
    return (rows as Array<{ name: string; n: number | string }>).map((r) => ({
      name: r.name,
      n: Number(r.n),
    }));
  } finally {
    await conn.end();
  }
}

describe('standalone migrate entry (node dist/database/migrate.js)', () => {
  const database = workerDatabaseName('migrate');
  beforeEach(() => recreateDatabase(database));
  afterAll(() => dropDatabase(database));

  it('and an app instance started together on an empty database: every migration recorded once', async () => {
    const port = await freePort();
    const app = startService({
      ...FAST_WAIT,
      DATABASE_URL: testDatabaseUrl(database),
      PORT: String(port),
      HOST: '127.0.0.1',
      DB_MIGRATIONS_RUN: 'true',
    });
    const job = runMigrate({ DATABASE_URL: testDatabaseUrl(database) });
    try {
      const result = await job;
      expect({ code: result.code, output: result.output }).toMatchObject({ code: 0 });
      await waitForHttp(`http://127.0.0.1:${port}/health/ready`);
      const recorded = await recordedMigrations(database);
      expect(recorded.map((r) => r.name).sort()).toEqual(migrationNames().sort());
      expect(recorded.every((r) => r.n === 1)).toBe(true);

      // Exactly one of the two applied the migrations, under the lock; the other found none pending.
      const jobLines = messages(result.output);
      const jobApplied = jobLines.some((m) => /^Applied \d+ migration\(s\): /.test(m));
      const jobIdle = jobLines.includes('No pending migrations: the database is up to date');
      expect(jobApplied !== jobIdle).toBe(true);
      const appOutput = app.output();
      expect(/Applied \d+ migration\(s\): /.test(appOutput)).toBe(!jobApplied);
      expect(appOutput.includes('No pending migrations')).toBe(jobApplied);
      if (jobApplied) {
        // The job names each migration it applied.
        for (const name of migrationNames()) expect(jobLines).toContain(`Applied ${name}`);
      }
    } finally {
      app.child.kill('SIGTERM');
      await app.done;
    }
  });

  it('exits 0 with "No pending migrations" on an up-to-date database, ignoring DB_MIGRATIONS_RUN=false', async () => {
    const first = await runMigrate({ DATABASE_URL: testDatabaseUrl(database), DB_MIGRATIONS_RUN: 'false' });
    expect(first.code).toBe(0);
    expect(messages(first.output)).toContain(
      `Applied ${migrationNames().length} migration(s): ${migrationNames().join(', ')}`,
    );
    const again = await runMigrate({ DATABASE_URL: testDatabaseUrl(database) });
    expect(again.code).toBe(0);
    expect(messages(again.output)).toContain('No pending migrations: the database is up to date');
  });

  it('exits 1 with one clear line when the database never answers', async () => {
    const port = await freePort();
    const result = await runMigrate({ DATABASE_URL: `mysql://root@127.0.0.1:${port}/divemap` });
    expect(result.code).toBe(1);
    expect(messages(result.output).at(-1)).toMatch(
      /^Migration failed: Database .* is not reachable after 2 attempts: connection refused/,
    );
  });

  it('exits 1 on a malformed variable, naming it', async () => {
    const result = await runMigrate({ DATABASE_URL: testDatabaseUrl(database), DB_POOL_SIZE: 'many' });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/Migration failed: Invalid configuration: DB_POOL_SIZE: /);
  });

  describe('compiled (what the image runs)', () => {
    const outDir = join(ROOT, 'node_modules', '.cache', `migrate-entry-${workerDatabaseName()}`);
    afterAll(() => rmSync(outDir, { recursive: true, force: true }));

    it('tsc -p tsconfig.build.json emits dist/database/migrate.js, which migrates from the compiled .js migrations', async () => {
      const tsc = spawnSync(
        process.execPath,
        [
          require.resolve('typescript/bin/tsc'),
          '-p',
          'tsconfig.build.json',
          '--outDir',
          outDir,
          '--incremental',
          'false',
        ],
        { cwd: ROOT, encoding: 'utf8' },
      );
      // Type errors are the typecheck step's business (tsc emits regardless); this test needs the JS.
      const entry = join(outDir, 'database', 'migrate.js');
      if (!existsSync(entry))
        throw new Error(`tsc emitted no ${entry} (status ${tsc.status}): ${tsc.stdout}`);
      const result = await runMigrate({ DATABASE_URL: testDatabaseUrl(database) }, entry);
      expect({ code: result.code, output: result.output }).toMatchObject({ code: 0 });
      expect((await recordedMigrations(database)).map((r) => r.name).sort()).toEqual(migrationNames().sort());
    }, 120_000);
  });
});
