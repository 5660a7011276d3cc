import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

/**
 * Runs once before all tests: writes src/metadata.ts (Swagger plugin metadata), drops the databases a previous run left (divemap_test_*), so every run
 * migrates from scratch with the current migrations. Workers create theirs on first use.
 */
export default async function globalSetup(): Promise<void> {
  // The Swagger CLI plugin's metadata, as `nest build` would inline it (tests run through SWC).
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'generate-swagger-metadata.js')], {
    stdio: 'inherit',
  });
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306');
  const conn = await createConnection({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  try {
    const [rows] = await conn.query("SHOW DATABASES LIKE 'divemap\\_test\\_%'");
    for (const row of rows as Array<Record<string, string>>) {
      await conn.query(`DROP DATABASE IF EXISTS \`${Object.values(row)[0]}\``);
    }
  } finally {
    await conn.end();
  }
}
