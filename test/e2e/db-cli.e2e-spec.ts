import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConnection, format } from 'mysql2/promise';
import type { DataSource, MigrationInterface } from 'typeorm';
import { runCli } from '../../src/database/cli/cli';
import { PasswordService } from '../../src/modules/auth/password.service';
import { CliMigrationExecutor } from '../../src/database/cli/migrations';
import {
  dropDatabase,
  openDataSource,
  recreateDatabase,
  serverConnection,
  TEST_DATABASE_URL,
  testDatabaseUrl,
  workerDatabaseName,
} from '../support/database';

/**
 * `npm run db -- <command>` end to end on the real server: each command runs in-process through
 * runCli() with its own environment and captured output, against databases of this worker only.
 * The steps of the first block build on each other (one migration history walked up and down).
 */

const DB = workerDatabaseName('cli');
const CREATED_DB = workerDatabaseName('cli_created');
const APP_USER = `dmcli_${process.env.DIVEMAP_TEST_RUN ?? 'local'}_${process.env.JEST_WORKER_ID ?? '1'}`;
const ROOT = resolve(__dirname, '..', '..');

const baseEnv = (database: string): Record<string, string> => ({
  NODE_ENV: 'test',
  DATABASE_URL: testDatabaseUrl(database),
  DB_CONNECT_ATTEMPTS: '1',
  DB_CONNECT_MIN_DELAY_MS: '0',
  DB_CONNECT_MAX_DELAY_MS: '0',
  DB_MIGRATION_LOCK_TIMEOUT_S: '5',
});

let migrationsDir: string;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  lines: string[];
}

async function db(args: string[], env: Record<string, string> = {}, database = DB): Promise<Result> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(args, {
    env: { ...baseEnv(database), ...env },
    out: { log: (l) => stdout.push(l), error: (l) => stderr.push(l) },
    migrationsDir,
  });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n'), lines: stdout };
}

/** Runs a command that must succeed, failing the test with its error output otherwise. */
async function ok(args: string[], env: Record<string, string> = {}, database = DB): Promise<Result> {
  const result = await db(args, env, database);
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

const tablesOf = async (database: string): Promise<string[]> =>
  (
    await query<{ name: string }>(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1",
      [database],
    )
  ).map((r) => r.name);

/** Migrations that change no schema (data repairs): reverting one leaves the schema as it was. */
const SCHEMALESS_MIGRATIONS = new Set(['RebuildSearchFulltextOnMysql1796550000000']);

/** Tables, columns and indexes: what a migration's up/down changes. */
async function schemaOf(database: string): Promise<string[]> {
  const columns = await query<{ c: string }>(
    "SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME, ' ', COLUMN_TYPE, ' ', IS_NULLABLE) AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY 1",
    [database],
  );
  const indexes = await query<{ c: string }>(
    "SELECT DISTINCT CONCAT(TABLE_NAME, ' index ', INDEX_NAME) AS c FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY 1",
    [database],
  );
  return [...columns, ...indexes].map((r) => r.c);
}

const recorded = async (database = DB): Promise<string[]> =>
  (await query<{ name: string }>(`SELECT name FROM \`${database}\`.migrations ORDER BY id`)).map(
    (r) => r.name,
  );

/** The migrations the code defines, in TypeORM's order, read the way the CLI reads them. */
async function knownMigrations(): Promise<string[]> {
  const ds = await openDataSource(DB);
  try {
    return new CliMigrationExecutor(ds).knownMigrations().map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

const bareName = (name: string): string => name.replace(/\d{13}$/, '');

function execNpm(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      'npm',
      args,
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let known: string[];

beforeAll(async () => {
  migrationsDir = mkdtempSync(join(tmpdir(), 'divemap-cli-migrations-'));
  await recreateDatabase(DB);
  known = await knownMigrations();
});

afterAll(async () => {
  rmSync(migrationsDir, { recursive: true, force: true });
  await dropDatabase(DB);
});

describe('db CLI: the migration history, walked up and down', () => {
  let fullSchema: string[];

  it('has migrations to work with', () => {
    expect(known.length).toBeGreaterThanOrEqual(3);
    expect(known).toContain(known.find((n) => n.startsWith('CreateDivingOrganizations')));
  });

  it('status on a fresh database lists every migration as pending', async () => {
    const r = await ok(['status']);
    expect(r.lines[0]).toMatch(new RegExp(`^Database root@.*/${DB} \\(.+\\)$`));
    expect(r.lines[1]).toBe('Current revision: none (no migrations applied)');
    expect(r.lines[2]).toBe(`Pending migrations (${known.length}):`);
    expect(r.lines.slice(3)).toEqual(known.map((n) => `  ${n}`));
    expect(r.stderr).toBe('');
  });

  it('up applies them all, in order, and records them', async () => {
    const r = await ok(['up']);
    expect(r.lines.slice(1, -1)).toEqual(known.map((n) => `Applied ${n}`));
    expect(r.lines.at(-1)).toBe(`Applied ${known.length} migrations; current revision: ${known.at(-1)}`);
    expect(await recorded()).toEqual(known);
    expect(await tablesOf(DB)).toEqual(expect.arrayContaining(['migrations', 'diving_organizations']));
    fullSchema = await schemaOf(DB);
  });

  it('status then says the database is up to date, and up has nothing to apply', async () => {
    expect((await ok(['status'])).lines.slice(1)).toEqual([
      `Current revision: ${known.at(-1)}`,
      'Database is up to date',
    ]);
    const again = await ok(['up']);
    expect(again.lines.at(-1)).toBe(
      `Nothing to apply: database is up to date (current revision: ${known.at(-1)})`,
    );
  });

  it('stamp <middle> un-records the later migrations without running their down()', async () => {
    const middle = known[1];
    const r = await ok(['stamp', middle]);
    const later = known.slice(2);
    expect(r.lines).toEqual(
      expect.arrayContaining([...later.map((n) => `Unstamped ${n} (record removed, down() not run)`)]),
    );
    expect(r.lines.at(-1)).toBe(`Current revision: ${middle}`);
    expect(await recorded()).toEqual(known.slice(0, 2));
    expect(await schemaOf(DB)).toEqual(fullSchema);

    const status = await ok(['status']);
    expect(status.lines.slice(1)).toEqual([
      `Current revision: ${middle}`,
      `Pending migrations (${later.length}):`,
      ...later.map((n) => `  ${n}`),
    ]);

    const history = await ok(['history']);
    for (const [i, name] of known.entries()) {
      const row = history.lines.find((l) => l.includes(` ${name} `));
      const expected = i < 1 ? 'applied' : i === 1 ? 'applied (current)' : 'pending';
      expect(row).toMatch(new RegExp(`^\\s*${i + 1}\\s+${name}\\s+${expected.replace(/[()]/g, '\\$&')}\\s`));
    }
    expect(history.lines.at(-1)).toBe(`Current revision: ${middle}; 2 applied, ${later.length} pending`);
  });

  it('stamp head records the rest as applied, again without running anything', async () => {
    const r = await ok(['stamp', 'head']);
    expect(r.lines.filter((l) => l.startsWith('Stamped '))).toEqual(
      known.slice(2).map((n) => `Stamped ${n} (recorded as applied, up() not run)`),
    );
    expect(await recorded()).toEqual(known);
    expect((await ok(['status'])).lines.at(-1)).toBe('Database is up to date');
    expect((await ok(['stamp', 'head'])).lines.at(-1)).toBe(
      `Nothing to change: current revision is already ${known.at(-1)}`,
    );
  });

  it('down reverts one step: the last migration is undone and pending again', async () => {
    const r = await ok(['down']);
    expect(r.lines.slice(1)).toEqual([
      `Reverted ${known.at(-1)}`,
      `Reverted 1 migration; current revision: ${known.at(-2)}`,
    ]);
    expect(await recorded()).toEqual(known.slice(0, -1));
    const schema = await schemaOf(DB);
    // The last migration's down() ran: the schema changed, unless that migration changes no schema (a
    // data repair, whose down() has nothing to undo). A migration may drop as well as add, so no subset
    // relation between the two schemas is assumed.
    if (SCHEMALESS_MIGRATIONS.has(known.at(-1) ?? '')) expect(schema).toEqual(fullSchema);
    else expect(schema).not.toEqual(fullSchema);
    expect((await ok(['status'])).lines.slice(2)).toEqual(['Pending migrations (1):', `  ${known.at(-1)}`]);
  });

  it('down <name> reverts until that migration is the current revision (it stays applied)', async () => {
    const target = known[1];
    // The bare name works as well as the full one (and the file name, and the timestamp).
    const r = await ok(['down', bareName(target)]);
    const reverted = known.slice(2, -1).reverse();
    expect(r.lines.slice(1)).toEqual([
      ...reverted.map((n) => `Reverted ${n}`),
      `Reverted ${reverted.length} migrations; current revision: ${target}`,
    ]);
    expect(await recorded()).toEqual(known.slice(0, 2));
    expect((await ok(['down', target])).lines.at(-1)).toBe(`Nothing to revert (current revision: ${target})`);
  });

  it('down refuses an unknown migration, a pending one, and too many steps, changing nothing', async () => {
    const unknown = await db(['down', 'NoSuchMigration']);
    expect(unknown).toMatchObject({
      code: 1,
      stderr: 'error: unknown migration "NoSuchMigration" (see `npm run db -- history`)',
    });
    const pending = await db(['down', known.at(-1)!]);
    expect(pending.code).toBe(1);
    expect(pending.stderr).toBe(
      `error: ${known.at(-1)} is not applied, so it cannot become the current revision (current: ${known[1]})`,
    );
    const steps = await db(['down', '3']);
    expect(steps).toMatchObject({ code: 1, stderr: 'error: cannot revert 3 migrations: only 2 are applied' });
    expect(await recorded()).toEqual(known.slice(0, 2));
  });

  it('down base reverts everything: only the migrations table is left', async () => {
    const r = await ok(['down', 'base']);
    expect(r.lines.at(-1)).toBe('Reverted 2 migrations; current revision: none (no migrations applied)');
    const left = (await tablesOf(DB)).filter((t) => t !== 'typeorm_metadata');
    expect(left).toEqual(['migrations']);
    expect(await recorded()).toEqual([]);
  });

  it('up again rebuilds the same schema, and history lists everything applied', async () => {
    await ok(['up']);
    expect(await schemaOf(DB)).toEqual(fullSchema);
    const history = await ok(['history']);
    expect(history.lines[1]).toMatch(/^\s*#\s+Migration\s+Status\s+Id\s+Written$/);
    expect(history.lines[2]).toMatch(/^-+\s+-+\s+-+\s+-+\s+-+$/);
    const ids = (
      await query<{ id: number; name: string }>(`SELECT id, name FROM \`${DB}\`.migrations`)
    ).reduce((m, r) => m.set(r.name, r.id), new Map<string, number>());
    known.forEach((name, i) => {
      const status = i === known.length - 1 ? 'applied \\(current\\)' : 'applied';
      expect(history.lines[3 + i]).toMatch(
        new RegExp(
          `^\\s*${i + 1}\\s+${name}\\s+${status}\\s+${ids.get(name)}\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$`,
        ),
      );
    });
    expect(history.lines.at(-1)).toBe(
      `Current revision: ${known.at(-1)}; ${known.length} applied, 0 pending`,
    );
  });

  it('history and status show a recorded migration the code does not have, and down refuses to revert it', async () => {
    await query(
      `INSERT INTO \`${DB}\`.migrations (timestamp, name) VALUES (1600000000000, 'Ghost1600000000000')`,
    );
    try {
      const history = await ok(['history']);
      expect(history.lines.find((l) => l.includes('Ghost1600000000000'))).toMatch(
        /^\?\s+Ghost1600000000000\s+applied, not in code \(current\)\s+\d+\s+2020-09-13T12:26:40Z$/,
      );
      expect(history.lines.at(-1)).toMatch(/, 1 not in code$/);
      const status = await ok(['status']);
      expect(status.lines).toContain('Current revision: Ghost1600000000000');
      expect(status.lines.at(-1)).toBe('Warning: 1 applied migration is not in the code: Ghost1600000000000');
      const down = await db(['down']);
      expect(down).toMatchObject({
        code: 1,
        stderr: 'error: cannot revert Ghost1600000000000: not in the code (nothing was reverted)',
      });
    } finally {
      await query(`DELETE FROM \`${DB}\`.migrations WHERE name = 'Ghost1600000000000'`);
    }
  });

  it('up waits for the migration lock and gives up with a clear error when another instance holds it', async () => {
    const holder = await serverConnection();
    try {
      await holder.query('SELECT GET_LOCK(?, 0)', [`${DB}:migrations`]);
      const r = await db(['up'], { DB_MIGRATION_LOCK_TIMEOUT_S: '1' });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `error: Could not acquire the migration lock "${DB}:migrations" within 1 s (another instance is migrating?)`,
      );
    } finally {
      await holder.end();
    }
    expect((await ok(['up'])).lines.at(-1)).toMatch(/^Nothing to apply/);
  });
});

describe('db CLI: diving organizations', () => {
  it('seed:organizations adds the ten, then nothing on a second run', async () => {
    const first = await ok(['seed:organizations']);
    expect(first.stdout).toBe(
      'Added 10 organizations: PADI, SSI, GUE, RAID, CMAS, TDI, NAUI, BSAC, SDI, IANTD',
    );
    const rows = await query<{
      acronym: string;
      name: string;
      founded_year: number;
      country: string;
      website: string;
    }>(
      `SELECT acronym, name, founded_year, country, website FROM \`${DB}\`.diving_organizations ORDER BY id`,
    );
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual({
      acronym: 'PADI',
      name: 'Professional Association of Diving Instructors',
      founded_year: 1966,
      country: 'United States',
      website: 'https://www.padi.com',
    });
    expect(rows.find((r) => r.acronym === 'CMAS')?.name).toBe(
      'Confédération Mondiale des Activités Subaquatiques',
    );

    const second = await ok(['seed:organizations']);
    expect(second.stdout).toBe('All 10 diving organizations already exist; nothing added');
    expect(await query(`SELECT id FROM \`${DB}\`.diving_organizations`)).toHaveLength(10);
  });

  it('seed:organizations adds only the missing ones (matched by acronym or name)', async () => {
    await query(`DELETE FROM \`${DB}\`.diving_organizations WHERE acronym IN ('GUE', 'BSAC')`);
    await query(`UPDATE \`${DB}\`.diving_organizations SET acronym = 'PADI-X' WHERE acronym = 'PADI'`);
    const r = await ok(['seed:organizations']);
    expect(r.lines).toEqual(['Added 2 organizations: GUE, BSAC', 'Skipped 8 already present']);
    await query(`UPDATE \`${DB}\`.diving_organizations SET acronym = 'PADI' WHERE acronym = 'PADI-X'`);
  });

  it('organizations:list prints a table of them', async () => {
    const r = await ok(['organizations:list']);
    expect(r.lines[0]).toMatch(/^Id\s+Acronym\s+Name\s+Country\s+Founded$/);
    expect(r.lines.find((l) => / PADI /.test(l))).toMatch(
      /^\s*\d+\s+PADI\s+Professional Association of Diving Instructors\s+United States\s+1966$/,
    );
    expect(r.lines.at(-1)).toBe('10 organizations');
    expect(r.lines).toHaveLength(13);
  });

  it('seed and list refuse a database without the table', async () => {
    const empty = workerDatabaseName('cli_empty');
    await recreateDatabase(empty);
    try {
      const r = await db(['organizations:list'], {}, empty);
      expect(r).toMatchObject({
        code: 1,
        stderr: 'error: table diving_organizations does not exist: run `npm run db -- up` first',
      });
    } finally {
      await dropDatabase(empty);
    }
  });
});

describe('db CLI: create-admin', () => {
  const PASSWORD = 'F1rst-Admin!pw';
  const withPassword = (password = PASSWORD) => ({ DIVEMAP_ADMIN_PASSWORD: password });

  interface UserRow {
    id: number;
    username: string;
    email: string;
    password_hash: string;
    is_admin: number;
    enabled: number;
    deleted_at: Date | null;
  }
  const usersNamed = (username: string) =>
    query<UserRow>(
      `SELECT id, username, email, password_hash, is_admin, enabled, deleted_at FROM \`${DB}\`.users WHERE username = ?`,
      [username],
    );
  const insertUser = async (username: string, email: string, extra = ''): Promise<void> => {
    await query(
      `INSERT INTO \`${DB}\`.users (username, email, password_hash${extra ? ', is_admin, enabled, deleted_at' : ''}) VALUES (?, ?, 'old-hash'${extra})`,
      [username, email],
    );
  };

  beforeAll(() => ok(['up']));
  beforeEach(() => query(`DELETE FROM \`${DB}\`.users`));

  it('creates an enabled admin whose password (from DIVEMAP_ADMIN_PASSWORD) logs in; the password is never printed', async () => {
    const r = await ok(['create-admin', 'first_admin', 'first@example.org'], withPassword());
    const [row] = await usersNamed('first_admin');
    expect(r.lines).toEqual([`Created admin first_admin <first@example.org> (id ${row.id})`]);
    expect(`${r.stdout}\n${r.stderr}`).not.toContain(PASSWORD);
    expect(row).toMatchObject({ email: 'first@example.org', is_admin: 1, enabled: 1, deleted_at: null });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const passwords = new PasswordService();
    expect(await passwords.verify(row.password_hash, PASSWORD)).toBe(true);
    expect(await passwords.verify(row.password_hash, 'something-else')).toBe(false);
  });

  it('refuses a weak password with the reason (exit 1), creating nothing', async () => {
    const r = await db(['create-admin', 'weak_admin', 'weak@example.org'], withPassword('weakpassword'));
    expect(r).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'error: Password must contain at least one uppercase letter',
    });
    expect(await usersNamed('weak_admin')).toEqual([]);
  });

  it('refuses a taken username or e-mail (exit 1) and says how to promote instead', async () => {
    await insertUser('existing', 'existing@example.org');
    for (const args of [
      ['existing', 'new@example.org'],
      ['EXISTING', 'new@example.org'],
      ['new_name', 'existing@example.org'],
    ]) {
      const r = await db(['create-admin', ...args], withPassword());
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^error: a user with that username or e-mail already exists: existing <existing@example\.org> \(id \d+\); run with --promote to make that account an admin$/,
      );
    }
    const [row] = await usersNamed('existing');
    expect(row).toMatchObject({ is_admin: 0, password_hash: 'old-hash' });
    expect(await usersNamed('new_name')).toEqual([]);
  });

  it('--promote makes an existing account an admin (enabled, un-archived), keeping its password; again is a no-op', async () => {
    await insertUser('promote_me', 'promote@example.org', ', 0, 0, NOW()');
    // No password is needed to promote.
    const r = await ok(['create-admin', 'promote_me', 'promote@example.org', '--promote']);
    const [row] = await usersNamed('promote_me');
    expect(r.lines).toEqual([
      `Promoted promote_me <promote@example.org> (id ${row.id}) to admin (account enabled and un-archived); the password is unchanged`,
    ]);
    expect(row).toMatchObject({ is_admin: 1, enabled: 1, deleted_at: null, password_hash: 'old-hash' });
    const again = await ok(['create-admin', '--promote', 'promote_me', 'promote@example.org']);
    expect(again.lines).toEqual([
      `promote_me <promote@example.org> (id ${row.id}) is already an admin; nothing changed`,
    ]);
  });

  it('--promote refuses when the username and the e-mail do not name the same account', async () => {
    await insertUser('one_user', 'one@example.org');
    await insertUser('two_user', 'two@example.org');
    for (const email of ['two@example.org', 'nobody@example.org']) {
      const r = await db(['create-admin', 'one_user', email, '--promote']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^error: cannot promote: username one_user and e-mail .* do not name the same account/,
      );
    }
    expect((await usersNamed('one_user'))[0].is_admin).toBe(0);
  });

  it('--promote of a new account creates it like without the flag', async () => {
    const r = await ok(['create-admin', 'brand_new', 'brand@example.org', '--promote'], withPassword());
    expect(r.lines[0]).toMatch(/^Created admin brand_new <brand@example\.org> \(id \d+\)$/);
    expect((await usersNamed('brand_new'))[0].is_admin).toBe(1);
  });

  it('`npm run db -- create-admin` without DIVEMAP_ADMIN_PASSWORD and without a terminal fails (exit 1)', async () => {
    const r = await execNpm(['run', '--silent', 'db', '--', 'create-admin', 'no_tty', 'no_tty@example.org'], {
      ...baseEnv(DB),
      DIVEMAP_ADMIN_PASSWORD: '',
    });
    expect(r.code).toBe(1);
    expect(r.stderr.replace(/^npm warn .*\n?/gm, '').trim()).toBe(
      'error: no password: set DIVEMAP_ADMIN_PASSWORD or run in a terminal',
    );
    expect(await usersNamed('no_tty')).toEqual([]);
  });
});

describe('db CLI: create and generate', () => {
  const files = (): string[] => readdirSync(migrationsDir).sort();

  it('create <Name> writes an empty migration in the migrations directory', async () => {
    const r = await ok(['create', 'AddSomething']);
    const [file] = files();
    expect(file).toMatch(/^\d{13}-AddSomething\.ts$/);
    const timestamp = file.slice(0, 13);
    expect(r.stdout).toContain(`(class AddSomething${timestamp})`);
    const source = readFileSync(join(migrationsDir, file), 'utf8');
    expect(source).toContain(`export class AddSomething${timestamp} implements MigrationInterface {`);
    expect(source).toContain(`name = 'AddSomething${timestamp}';`);
    rmSync(join(migrationsDir, file));
  });

  it('generate on a fully migrated database finds no changes and writes nothing', async () => {
    const r = await ok(['generate', 'NothingToDo']);
    expect(r.lines.at(-1)).toBe('No changes in database schema were found');
    expect(files()).toEqual([]);
  });

  it('generate writes the difference between the entities and the database as a runnable migration', async () => {
    await query(`ALTER TABLE \`${DB}\`.diving_organizations DROP COLUMN logo_url`);
    const r = await ok(['generate', 'AddLogoUrl']);
    const [file] = files();
    expect(file).toMatch(/^\d{13}-AddLogoUrl\.ts$/);
    const className = `AddLogoUrl${file.slice(0, 13)}`;
    expect(r.lines.at(-1)).toMatch(
      new RegExp(`^Generated .*${file} \\(class ${className}\\) with \\d+ statements?;`),
    );
    const source = readFileSync(join(migrationsDir, file), 'utf8');
    expect(source).toContain(`export class ${className} implements MigrationInterface {`);
    expect(source).toMatch(
      /await queryRunner\.query\(`ALTER TABLE \\`diving_organizations\\` ADD \\`logo_url\\` varchar\(500\)/,
    );
    expect(source).toContain(
      'await queryRunner.query(`ALTER TABLE \\`diving_organizations\\` DROP COLUMN \\`logo_url\\``);',
    );

    // The file is a working migration: its up() restores the column, after which nothing differs.
    const loaded = (await import(join(migrationsDir, file))) as Record<string, new () => MigrationInterface>;
    const ds: DataSource = await openDataSource(DB);
    const queryRunner = ds.createQueryRunner();
    try {
      await new loaded[className]().up(queryRunner);
    } finally {
      await queryRunner.release();
      await ds.destroy();
    }
    rmSync(join(migrationsDir, file));
    expect((await ok(['generate', 'AddLogoUrl'])).lines.at(-1)).toBe(
      'No changes in database schema were found',
    );
    expect(files()).toEqual([]);
  });

  it('generate refuses a database that is not up to date', async () => {
    await ok(['down']);
    try {
      const r = await db(['generate', 'TooEarly']);
      expect(r).toMatchObject({
        code: 1,
        stderr: 'error: the database is not up to date (1 pending migration): run `npm run db -- up` first',
      });
      expect(files()).toEqual([]);
    } finally {
      await ok(['up']);
    }
  });
});

describe('db CLI: create-database', () => {
  const PASSWORD = `p@ss'w"rd\\%_${process.env.JEST_WORKER_ID ?? '1'}`;
  const appUrl = (password: string): string => {
    const url = new URL(testDatabaseUrl(CREATED_DB));
    url.username = APP_USER;
    url.password = encodeURIComponent(password);
    return url.toString();
  };
  const adminEnv = (password: string) => ({
    DATABASE_URL: appUrl(password),
    DB_ADMIN_URL: TEST_DATABASE_URL,
  });
  const connectAs = async (password: string): Promise<string> => {
    const server = new URL(TEST_DATABASE_URL);
    const conn = await createConnection({
      host: server.hostname.replace(/^\[|\]$/g, ''),
      port: server.port ? Number(server.port) : 3306,
      user: APP_USER,
      password,
      database: CREATED_DB,
    });
    try {
      await conn.query('CREATE TABLE IF NOT EXISTS probe (id INT)');
      const [rows] = await conn.query('SELECT DATABASE() AS db');
      return (rows as Array<{ db: string }>)[0].db;
    } finally {
      await conn.end();
    }
  };
  const cleanUp = async (): Promise<void> => {
    for (const host of ['%', 'localhost']) await query(format('DROP USER IF EXISTS ?@?', [APP_USER, host]));
    await dropDatabase(CREATED_DB);
  };

  beforeAll(cleanUp);
  afterAll(cleanUp);

  it('creates the database and the user, which can then connect; a re-run finds them', async () => {
    const r = await ok(['create-database'], adminEnv(PASSWORD), CREATED_DB);
    expect(r.lines).toEqual([
      expect.stringMatching(/^Admin connection root@/),
      `Created database ${CREATED_DB} (utf8mb4 / utf8mb4_unicode_ci)`,
      `Created user '${APP_USER}'@'%'`,
      `Granted ALL PRIVILEGES on ${CREATED_DB}.* to '${APP_USER}'@'%'`,
      `Created user '${APP_USER}'@'localhost'`,
      `Granted ALL PRIVILEGES on ${CREATED_DB}.* to '${APP_USER}'@'localhost'`,
      expect.stringMatching(new RegExp(`^Verified: ${APP_USER}@.*/${CREATED_DB} can connect$`)),
    ]);
    expect(await connectAs(PASSWORD)).toBe(CREATED_DB);
    const [schema] = await query<{ collation: string }>(
      'SELECT DEFAULT_COLLATION_NAME AS collation FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [CREATED_DB],
    );
    expect(schema.collation).toBe('utf8mb4_unicode_ci');

    const again = await ok(['create-database'], adminEnv(PASSWORD), CREATED_DB);
    expect(again.lines).toContain(`Database ${CREATED_DB} already exists (utf8mb4 / utf8mb4_unicode_ci)`);
    expect(again.lines).toContain(`User '${APP_USER}'@'%' already exists; password set from DATABASE_URL`);
    expect(await connectAs(PASSWORD)).toBe(CREATED_DB);
  });

  it('grants exactly that database (its _ is not a wildcard)', async () => {
    const lookalike = CREATED_DB.replace(/_created$/, 'Xcreated');
    await query(`CREATE DATABASE IF NOT EXISTS \`${lookalike}\``);
    try {
      const server = new URL(TEST_DATABASE_URL);
      await expect(
        createConnection({
          host: server.hostname,
          port: Number(server.port || 3306),
          user: APP_USER,
          password: PASSWORD,
          database: lookalike,
        }),
      ).rejects.toThrow(/Access denied/);
    } finally {
      await dropDatabase(lookalike);
    }
  });

  it('a re-run with a changed password in DATABASE_URL repairs the user', async () => {
    const changed = `${PASSWORD}-new`;
    await ok(['create-database'], adminEnv(changed), CREATED_DB);
    expect(await connectAs(changed)).toBe(CREATED_DB);
    await expect(connectAs(PASSWORD)).rejects.toThrow(/Access denied/);
  });

  it('does not create a user when DATABASE_URL uses the admin account', async () => {
    const r = await ok(['create-database'], { DB_ADMIN_URL: TEST_DATABASE_URL }, CREATED_DB);
    expect(r.lines).toContain(
      `User ${new URL(TEST_DATABASE_URL).username} of DATABASE_URL is the admin user: no user to create`,
    );
  });

  it('fails clearly when the admin account is refused', async () => {
    const bad = new URL(TEST_DATABASE_URL);
    bad.password = 'definitely-wrong';
    const r = await db(
      ['create-database'],
      { ...adminEnv(PASSWORD), DB_ADMIN_URL: bad.toString() },
      CREATED_DB,
    );
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').at(-1)).toMatch(
      /^error: admin connection \(DB_ADMIN_URL\) failed: .*access denied/i,
    );
  });
});

describe('db CLI: errors and the npm script', () => {
  it('an unknown command prints the usage and exits 2', async () => {
    const r = await db(['migrate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown command "migrate"\nUsage: npm run db -- <command>/);
  });

  it('a wrong password in DATABASE_URL fails with exit 1 and "access denied"', async () => {
    const url = new URL(testDatabaseUrl(DB));
    url.password = 'definitely-wrong';
    const r = await db(['status'], { DATABASE_URL: url.toString() });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').at(-1)).toMatch(/^error: Database .* refused the credentials: access denied/);
  });

  it('a missing database fails with exit 1 and says how to create it', async () => {
    const r = await db(['status'], {}, workerDatabaseName('cli_missing'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('run `npm run db -- create-database`');
  });

  it('`npm run db -- status` works as a real process', async () => {
    const r = await execNpm(['run', '--silent', 'db', '--', 'status'], baseEnv(DB));
    expect({ code: r.code, stderr: r.stderr.replace(/^npm warn .*\n?/gm, '') }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(r.stdout.trim().split('\n').slice(1)).toEqual([
      `Current revision: ${known.at(-1)}`,
      'Database is up to date',
    ]);
  });

  it('`npm run db` exits with the command status (2 for a bad command)', async () => {
    const r = await execNpm(['run', '--silent', 'db', '--', 'nonsense'], baseEnv(DB));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: unknown command "nonsense"');
  });
});
