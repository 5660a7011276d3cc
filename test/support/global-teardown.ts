import { adminConnection } from './global-setup';

/** Drops the databases of this run (see global-setup). */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.DIVEMAP_TEST_RUN;
  if (!run) return;
  const conn = await adminConnection();
  try {
    const [rows] = await conn.query(`SHOW DATABASES LIKE 'divemap\\_test\\_${run}\\_%'`);
    for (const row of rows as Array<Record<string, string>>) {
      await conn.query(`DROP DATABASE IF EXISTS \`${Object.values(row)[0]}\``);
    }
  } finally {
    await conn.end();
  }
}
