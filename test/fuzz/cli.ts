/**
 * Long fuzz campaigns (issue 13, point 4) against the real application, booted in-process on a
 * database of its own (`divemap_fuzz`, created fresh, migrated, dropped at the end):
 *
 *   npm run fuzz -- --requests 20000 --seed 42
 *   npm run fuzz -- --seed 42 --only 1234,5678          # replay requests of a failed run
 *   TEST_DATABASE_URL=mysql://root@127.0.0.1:3307 npm run fuzz     # or --admin-url <url>
 *
 * Options: --requests N (20000), --seed S (random, printed), --concurrency C (8), --timeout MS (10000),
 * --only i,j (request indexes), --database NAME (divemap_fuzz), --keep (keep the database),
 * --verbose (statuses per operation). Prints a summary (requests, status histogram, every 5xx) and
 * exits 1 on any 5xx or unanswered request, or when GET /health is not 200 at the end.
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import type { OpenAPIV3 } from 'openapi-types';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    seed: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
    timeout: { type: 'string', default: '10000' },
    only: { type: 'string' },
    database: { type: 'string', default: 'divemap_fuzz' },
    'admin-url': { type: 'string' },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

function integer(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) {
    process.stderr.write(`fuzz: --${name} must be an integer, not ${text}\n`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<number> {
  // Read by test/support/database.ts when it is loaded: set before the dynamic imports below.
  if (values['admin-url']) process.env.TEST_DATABASE_URL = values['admin-url'];
  process.env.NODE_ENV = 'test';
  process.env.TEST_LOG_LEVEL ??= 'silent';
  const { createTestApp } = await import('../support/app');
  const { openDataSource, recreateDatabase, dropDatabase, testDatabaseConfig, TEST_DATABASE_URL } =
    await import('../support/database');
  const { runPendingMigrations } = await import('../../src/database/migration-lock');
  const { JSON_BODY_LIMIT } = await import('../../src/app.module');
  const { seedFuzzData } = await import('./fuzz-seed');
  const { createPlan, finalHealth, formatSummary, runFuzz } = await import('./openapi-fuzzer');

  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : integer('seed', values.seed);
  const only = values.only?.split(',').map((i) => integer('only', i.trim()));
  const requests = only ? only.length : integer('requests', values.requests);
  const database = values.database;
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`--database: not a plain name: ${database}`);
  const server = new URL(TEST_DATABASE_URL);
  process.stdout.write(`fuzz: seed ${seed}, ${requests} requests, database ${database} on ${server.host}\n`);

  await recreateDatabase(database);
  const ds = await openDataSource(database);
  try {
    await runPendingMigrations(ds, 60);
  } finally {
    await ds.destroy();
  }
  const t = await createTestApp({ database: testDatabaseConfig(database) });
  try {
    await t.app.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const doc = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as OpenAPIV3.Document;
    const limit = /^(\d+)mb$/i.exec(JSON_BODY_LIMIT);
    const ctx = await seedFuzzData(
      baseUrl,
      t.ds,
      t.config.jwt.secret,
      limit ? Number(limit[1]) * 1024 * 1024 : 2 * 1024 * 1024,
    );
    const plan = createPlan(doc, ctx, seed);
    process.stdout.write(`fuzz: ${plan.operations.length} operations in the document\n`);
    const report = await runFuzz({
      baseUrl,
      plan,
      requests,
      only,
      concurrency: integer('concurrency', values.concurrency),
      timeoutMs: integer('timeout', values.timeout),
      onProgress: (done, total) => process.stdout.write(`  ${done}/${total}\n`),
    });
    if (values.verbose)
      for (const [op, statuses] of Object.entries(report.byOperation).sort())
        process.stdout.write(
          `  ${op}: ${Object.entries(statuses)
            .map(([s, n]) => `${s}×${n}`)
            .join(' ')}\n`,
        );
    process.stdout.write(`${formatSummary(report, 50)}\n`);
    const health = await finalHealth(baseUrl);
    process.stdout.write(`fuzz: GET /health at the end: ${health.status ?? health.error}\n`);
    return report.failures.length === 0 && health.status === 200 ? 0 : 1;
  } finally {
    await t.app.close();
    if (!values.keep) await dropDatabase(database);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `fuzz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
