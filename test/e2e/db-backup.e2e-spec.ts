import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { format } from 'mysql2/promise';
import { runCli } from '../../src/database/cli/cli';
import { spatialSql } from '../../src/database/spatial';
import {
  dropDatabase,
  serverConnection,
  TEST_DATABASE_URL,
  testDatabaseUrl,
  testServer,
  workerDatabaseName,
} from '../support/database';

/**
 * `npm run db -- backup | restore | up --backup` end to end on the real server with the real dump
 * tools (mariadb-dump / mariadb here), in-process through runCli() like test/e2e/db-cli.e2e-spec.ts.
 * The database belongs to a user with a password full of characters that need quoting, created the
 * way operators create it (`create-database`), so the option-file path is what is exercised.
 */

const DB = workerDatabaseName('backup');
const USER = `dmbk_${process.env.DIVEMAP_TEST_RUN ?? 'local'}_${process.env.JEST_WORKER_ID ?? '1'}`;
const PASSWORD = `p@ss "w\\rd" #1; 'q' $HOME`;

function databaseUrl(database = DB): string {
  const url = new URL(testDatabaseUrl(database));
  url.username = encodeURIComponent(USER);
  url.password = encodeURIComponent(PASSWORD);
  return url.toString();
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  lines: string[];
}

async function db(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(args, {
    env: {
      NODE_ENV: 'test',
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl(),
      DB_ADMIN_URL: TEST_DATABASE_URL,
      DB_CONNECT_ATTEMPTS: '1',
      DB_MIGRATION_LOCK_TIMEOUT_S: '5',
      DB_BACKUP_DIR: backupDir,
      ...env,
    },
    out: { log: (l) => stdout.push(l), error: (l) => stderr.push(l) },
  });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n'), lines: stdout };
}

async function ok(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const result = await db(args, env);
  if (result.code !== 0) throw new Error(`db ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
}

async function query<T>(sql: string, values: unknown[] = []): Promise<T[]> {
  const conn = await serverConnection();
  try {
    const [rows] = await conn.query(sql, values);
    return rows as T[];
  } finally {
    await conn.end();
  }
}

const tables = async (): Promise<string[]> =>
  (
    await query<{ name: string }>(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1",
      [DB],
    )
  ).map((r) => r.name);

/** Exact row counts of every table (COUNT(*), not information_schema's estimates). */
async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of await tables()) {
    const [row] = await query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM \`${DB}\`.\`${t}\``);
    counts[t] = Number(row.n);
  }
  return counts;
}

async function dropAllTables(): Promise<void> {
  const conn = await serverConnection();
  try {
    await conn.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const t of await tables()) await conn.query(`DROP TABLE \`${DB}\`.\`${t}\``);
    await conn.query('SET FOREIGN_KEY_CHECKS = 1');
  } finally {
    await conn.end();
  }
}

let backupDir: string;
let scratch: string;

beforeAll(async () => {
  backupDir = mkdtempSync(join(tmpdir(), 'divemap-backups-'));
  scratch = mkdtempSync(join(tmpdir(), 'divemap-backup-scratch-'));
  await dropDatabase(DB);
  for (const host of ['%', 'localhost']) await query(format('DROP USER IF EXISTS ?@?', [USER, host]));
  await ok(['create-database']);
});

afterAll(async () => {
  rmSync(backupDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
  await dropDatabase(DB);
  for (const host of ['%', 'localhost']) await query(format('DROP USER IF EXISTS ?@?', [USER, host]));
});

const backupsIn = (dir: string) => readdirSync(dir).filter((f) => !f.startsWith('.'));

describe('db CLI: backups', () => {
  it('up --backup on a database with pending migrations leaves a dump in DB_BACKUP_DIR, then migrates', async () => {
    const r = await ok(['up', '--backup']);
    const files = backupsIn(backupDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^divemap-${DB}-\\d{8}T\\d{6}Z\\.sql\\.gz$`));
    const backupLine = r.lines.findIndex((l) =>
      l.startsWith(`Backup written to ${join(backupDir, files[0])} (`),
    );
    const firstApplied = r.lines.findIndex((l) => l.startsWith('Applied '));
    expect(backupLine).toBeGreaterThan(0);
    // The backup is taken before the first migration runs.
    expect(firstApplied).toBeGreaterThan(backupLine);
    expect(r.lines.at(-1)).toMatch(/^Applied \d+ migrations; current revision: /);
    // A dump of the database as it was: no tables yet.
    const sql = gunzipSync(readFileSync(join(backupDir, files[0]))).toString('utf8');
    expect(sql).toMatch(/dump/i);
    expect(sql).not.toContain('CREATE TABLE');
    expect(statSync(join(backupDir, files[0])).mode & 0o777).toBe(0o600);
  });

  it('up --backup with nothing pending takes no backup, and says so', async () => {
    const r = await ok(['up', '--backup']);
    expect(r.lines.slice(-2)).toEqual([
      expect.stringMatching(/^Nothing to apply: database is up to date/),
      'No backup taken: nothing was pending',
    ]);
    expect(backupsIn(backupDir)).toHaveLength(1);
  });

  it('backup → drop every table → restore gives back every table with the same row counts and values', async () => {
    const { flavour } = await testServer();
    const point = spatialSql(flavour).point('?', '?');
    const conn = await serverConnection();
    try {
      await conn.query(`USE \`${DB}\``);
      for (let i = 1; i <= 3; i++) {
        await conn.query('INSERT INTO users (username, email, password_hash, name) VALUES (?, ?, ?, ?)', [
          `diver${i}`,
          `diver${i}@example.org`,
          '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
          `Zoë Ångström 🐠 ${i}`,
        ]);
        await conn.query('INSERT INTO available_tags (name, description) VALUES (?, ?)', [
          `tag-${i}`,
          `Wreck "${i}" – naïve 'quotes' \\ back\\slash`,
        ]);
      }
      await conn.query(
        `INSERT INTO dive_sites (name, latitude, longitude, location, max_depth, created_by) VALUES (?, ?, ?, ${point}, ?, 1)`,
        ['Blue Hole', 17.31579, -87.53469, -87.53469, 17.31579, 124.5],
      );
      await conn.query('INSERT INTO dive_site_tags (dive_site_id, tag_id) VALUES (1, 1), (1, 2)');
    } finally {
      await conn.end();
    }
    const before = await rowCounts();
    expect(before).toMatchObject({ users: 3, available_tags: 3, dive_sites: 1, dive_site_tags: 2 });
    expect(before.migrations).toBeGreaterThan(0);
    expect(before.difficulty_levels).toBe(4);
    const snapshot = async () => ({
      users: await query(`SELECT id, username, name FROM \`${DB}\`.users ORDER BY id`),
      tags: await query(`SELECT id, name, description FROM \`${DB}\`.available_tags ORDER BY id`),
      sites: await query(
        `SELECT id, name, latitude, longitude, max_depth, ST_AsBinary(location) AS wkb FROM \`${DB}\`.dive_sites`,
      ),
    });
    const values = await snapshot();

    const file = join(scratch, 'nested', 'dir', 'before-drop.sql.gz');
    const r = await ok(['backup', file]);
    expect(r.lines.at(-1)).toMatch(
      new RegExp(`^Backup written to ${file} \\(\\d+(\\.\\d)? (B|KiB|MiB), .+\\)$`),
    );
    const sql = gunzipSync(readFileSync(file)).toString('utf8');
    expect(sql).toContain('CREATE TABLE `dive_sites`');
    expect(sql).not.toContain(PASSWORD);
    expect(backupsIn(join(scratch, 'nested', 'dir'))).toEqual(['before-drop.sql.gz']); // no .partial left

    await dropAllTables();
    expect(await tables()).toEqual([]);

    const restored = await ok(['restore', file]);
    expect(restored.lines.at(-1)).toMatch(new RegExp(`^Restored ${file} \\(.+\\) with .+`));
    expect(await rowCounts()).toEqual(before);
    expect(await snapshot()).toEqual(values);
    // The restored schema is the migrated one: nothing pending.
    expect((await ok(['status'])).lines.at(-1)).toBe('Database is up to date');
  });

  it('backup without a file name writes divemap-<db>-<UTC timestamp>.sql.gz into DB_BACKUP_DIR', async () => {
    const dir = join(scratch, 'default-dir');
    const r = await ok(['backup'], { DB_BACKUP_DIR: dir });
    const files = backupsIn(dir);
    expect(files).toEqual([expect.stringMatching(new RegExp(`^divemap-${DB}-\\d{8}T\\d{6}Z\\.sql\\.gz$`))]);
    const stamp = /-(\d{8}T\d{6}Z)\.sql\.gz$/.exec(files[0])![1];
    const when = Date.parse(
      stamp.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
    );
    expect(Math.abs(Date.now() - when)).toBeLessThan(60_000);
    expect(r.lines.at(-1)).toContain(join(dir, files[0]));
  });

  it('restore loads a plain .sql file too', async () => {
    const file = join(scratch, 'plain.sql');
    writeFileSync(
      file,
      'CREATE TABLE restore_plain (id INT PRIMARY KEY);\nINSERT INTO restore_plain VALUES (1), (2);\n',
    );
    await ok(['restore', file]);
    expect(await query(`SELECT id FROM \`${DB}\`.restore_plain ORDER BY id`)).toEqual([{ id: 1 }, { id: 2 }]);
    await query(`DROP TABLE \`${DB}\`.restore_plain`);
  });

  it('restore refuses a missing file (before touching the database) and needs exactly one argument', async () => {
    const missing = join(scratch, 'nope.sql.gz');
    const r = await db(['restore', missing], { DATABASE_URL: 'mysql://nobody@127.0.0.1:1/nothing' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: no such backup file: ${missing}`);
    expect((await db(['restore'])).code).toBe(2);
    expect((await db(['backup', 'a', 'b'])).code).toBe(2);
  });

  it('a failing restore reports the client error, exit code 1', async () => {
    const file = join(scratch, 'broken.sql');
    writeFileSync(file, 'THIS IS NOT SQL;\n');
    const r = await db(['restore', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: \S*(mariadb|mysql) exited with code 1: ERROR 1064 .*at line 1/);
  });

  describe('with a stand-in dump tool on PATH (to see how it is called)', () => {
    let bin: string;
    let failingBin: string;
    let record: string;
    /** A mariadb-dump/mysqldump that records how it was called, prints a line, then fails or finishes. */
    function standIn(dir: string, fail: boolean): void {
      for (const name of ['mariadb-dump', 'mysqldump']) {
        const script = join(dir, name);
        writeFileSync(
          script,
          `#!/bin/sh
if [ "$1" = "--version" ]; then echo "${name}  Ver 10.19 Distrib 10.11.0-MariaDB (stand-in)"; exit 0; fi
defaults="\${1#--defaults-extra-file=}"
{ printf 'argv:'; for a in "$@"; do printf ' [%s]' "$a"; done; echo
  echo "mode: $(stat -c %a "$defaults")"
  echo "defaults:"; cat "$defaults"; echo "path: $defaults"; } > "${record}"
echo "-- partial dump"
${fail ? 'echo "mysqldump: Got error: 1044: boom" >&2; exit 2' : 'echo "SELECT 1;"'}
`,
        );
        chmodSync(script, 0o755);
      }
    }
    beforeAll(() => {
      bin = mkdtempSync(join(tmpdir(), 'divemap-fake-bin-'));
      failingBin = mkdtempSync(join(tmpdir(), 'divemap-fake-bin-failing-'));
      record = join(bin, 'record.txt');
      standIn(bin, false);
      standIn(failingBin, true);
    });
    afterAll(() => {
      rmSync(bin, { recursive: true, force: true });
      rmSync(failingBin, { recursive: true, force: true });
    });
    const env = (dir = bin) => ({ PATH: `${dir}:${process.env.PATH ?? ''}` });

    it('passes the password only through a 0600 --defaults-extra-file that is gone afterwards', async () => {
      const file = join(scratch, 'fake.sql.gz');
      await ok(['backup', file], env());
      const text = readFileSync(record, 'utf8');
      const argv = /^argv: (.*)$/m.exec(text)![1];
      expect(argv).toMatch(/^\[--defaults-extra-file=\/.+\/client\.cnf\] /);
      expect(argv).toContain('[--single-transaction] [--routines] [--triggers]');
      expect(argv.endsWith(`[${DB}]`)).toBe(true);
      expect(argv).not.toContain('p@ss');
      // Whole arguments only: a random temp-dir name may contain "-p…" (e.g. divemap-db-pXfEng).
      expect(argv).not.toMatch(/\[(?:--password|-p)/);
      expect(text).toContain('mode: 600');
      expect(text).toContain(`password="p@ss \\"w\\\\rd\\" #1; 'q' $HOME"`);
      expect(text).toContain(`user="${USER}"`);
      expect(text).toContain('protocol=TCP');
      const defaultsPath = /^path: (.*)$/m.exec(text)![1];
      expect(() => statSync(defaultsPath)).toThrow();
      expect(gunzipSync(readFileSync(file)).toString()).toBe('-- partial dump\nSELECT 1;\n');
    });

    it('a failing dump exits 1 with the tool message and leaves no file, not even a partial one', async () => {
      const dir = join(scratch, 'failing');
      const r = await db(['backup'], { ...env(failingBin), DB_BACKUP_DIR: dir });
      expect(r.code).toBe(1);
      // The tool tried first is the server's own (src/database/backup.ts): mysqldump on MySQL.
      const { flavour } = await testServer();
      const tool = flavour === 'mariadb' ? 'mariadb-dump' : 'mysqldump';
      expect(r.stderr).toMatch(
        new RegExp(`^error: .*/${tool} exited with code 2: mysqldump: Got error: 1044: boom$`),
      );
      expect(backupsIn(dir)).toEqual([]);
      const defaultsPath = /^path: (.*)$/m.exec(readFileSync(record, 'utf8'))![1];
      expect(() => statSync(defaultsPath)).toThrow();
    });
  });
});
