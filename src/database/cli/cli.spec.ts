import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS, runCli, USAGE } from './cli';

/** runCli with a captured output, no database involved (these paths never connect). */
async function run(args: string[], env: Record<string, string> = {}, migrationsDir?: string) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(args, {
    env,
    out: { log: (l) => stdout.push(l), error: (l) => stderr.push(l) },
    migrationsDir,
    now: () => 1764028800000,
  });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('runCli without a database', () => {
  it('prints the usage for help, exit 0', async () => {
    for (const flag of ['help', '--help', '-h']) {
      const r = await run([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(USAGE);
    }
  });

  it('documents every command in the usage', () => {
    for (const name of Object.keys(COMMANDS)) expect(USAGE).toContain(`  ${name} `);
  });

  it.each([
    [[], 'no command given'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['toString'], 'unknown command "toString"'],
    [['status', 'extra'], 'status takes no argument'],
    [['up', 'now'], 'up takes no argument'],
    [['down', '1', '2'], 'down takes at most one argument'],
    [['down', '0'], 'at least 1'],
    [['stamp'], 'stamp takes exactly one argument'],
    [['create'], 'create takes exactly one argument'],
    [['create', 'lower_case'], 'invalid migration name "lower_case"'],
    [['generate', 'Bad-Name'], 'invalid migration name "Bad-Name"'],
    [['create-database', 'x'], 'create-database takes no argument'],
    [['seed:organizations', 'x'], 'seed:organizations takes no argument'],
    [['organizations:list', '--all'], 'organizations:list takes no argument'],
  ])('%j is a usage error, exit 2', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    const [first] = r.stderr.split('\n');
    expect(first.startsWith('error: ')).toBe(true);
    expect(first).toContain(message);
    expect(r.stderr).toContain('Usage: npm run db -- <command>');
    expect(r.stdout).toBe('');
  });

  it('reports an invalid configuration in one line, exit 1', async () => {
    const r = await run(['status'], { DATABASE_URL: 'postgres://x@y/z', DB_CONNECT_ATTEMPTS: '0' });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^error: Invalid configuration: .*DB_CONNECT_ATTEMPTS.*DATABASE_URL: must start with mysql:\/\//,
    );
  });

  it('refuses a DATABASE_URL without a database name', async () => {
    const r = await run(['status'], { DATABASE_URL: 'mysql://root@127.0.0.1:3306' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: DATABASE_URL names no database (root@127.0.0.1:3306/)');
  });

  describe('create', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'divemap-cli-unit-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('writes an empty migration <timestamp>-<Name>.ts without connecting', async () => {
      const r = await run(
        ['create', 'AddThing'],
        { DATABASE_URL: 'mysql://nobody@unreachable.invalid/x' },
        dir,
      );
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toContain('1764028800000-AddThing.ts (class AddThing1764028800000)');
      expect(readdirSync(dir)).toEqual(['1764028800000-AddThing.ts']);
      const source = readFileSync(join(dir, '1764028800000-AddThing.ts'), 'utf8');
      expect(source).toContain('export class AddThing1764028800000 implements MigrationInterface');
      expect(source).toContain('public async down(queryRunner: QueryRunner): Promise<void>');
    });

    it('refuses a name an existing migration already has', async () => {
      expect((await run(['create', 'AddThing'], {}, dir)).code).toBe(0);
      const r = await run(['create', 'AddThing'], {}, dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('error: a migration named AddThing already exists: 1764028800000-AddThing.ts');
    });
  });
});
