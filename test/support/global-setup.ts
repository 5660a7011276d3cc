import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

/** Runs of `npm test` older than this are surely over (CI stops at 90 min): their databases go. */
const STALE_AFTER_MINUTES = 180;

/**
 * Runs once before all tests:
 * - writes src/metadata.ts (the Swagger plugin metadata `nest build` would inline; tests use SWC);
 * - names this run (`DIVEMAP_TEST_RUN` = minutes since the epoch in base 36 + a random tag), so two
 *   runs on one server never touch each other's databases (`divemap_test_<run>_<worker>[_suffix]`);
 * - drops what crashed runs older than STALE_AFTER_MINUTES left behind. global-teardown drops this run's.
 */
export default async function globalSetup(): Promise<void> {
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'generate-swagger-metadata.js')], {
    stdio: 'inherit',
  });
  const minutes = Math.floor(Date.now() / 60000);
  process.env.DIVEMAP_TEST_RUN ??= `${minutes.toString(36)}${randomBytes(2).toString('hex')}`;

  const conn = await adminConnection();
  try {
    const [rows] = await conn.query("SHOW DATABASES LIKE 'divemap\\_test\\_%'");
    for (const row of rows as Array<Record<string, string>>) {
      const name = Object.values(row)[0];
      const run = /^divemap_test_([0-9a-z]{5,7})[0-9a-f]{4}_/.exec(name);
      const startedMinute = run ? parseInt(run[1], 36) : 0; // unrecognised names are old leftovers
      if (minutes - startedMinute > STALE_AFTER_MINUTES)
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    }
  } finally {
    await conn.end();
  }
}

export async function adminConnection() {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306');
  return createConnection({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
}
