/**
 * The entry-point smoke test: what a user runs, run the way the README says, on a fresh database.
 *
 *   npm run smoke                      # against the MariaDB/MySQL server of SMOKE_ADMIN_URL
 *   SMOKE_ADMIN_URL=mysql://root@127.0.0.1:3307 npm run smoke -- --skip-build
 *
 * 1. `npm run db -- create-database` makes a fresh database and its user (the README's first step);
 * 2. `npm run build` (unless --skip-build), then `node dist/main.js` with the README's environment
 *    (.env.example's defaults; only the database name and the port differ, so a developer's own
 *    `divemap` database and :8000 are never touched);
 * 3. waits for /health 200, then checks /health/ready, /, /docs, /openapi.json (valid OpenAPI 3 that
 *    lists every /api/v1 route the service mapped, as its own start-up log names them), /metrics and
 *    one real request per feature module;
 * 4. the document equals the one the application serves when built from src/ the way the tests
 *    build it (SWC, through ts-node here, and src/metadata.ts);
 * 5. SIGTERM: the service must exit 0;
 * 6. the standalone migrate entry (`npm run migrate`) on a second empty database: exit 0, every
 *    migration recorded, and a second run applies nothing.
 *
 * A failure prints the service's last log lines. The last line is `smoke: N passed, N failed`.
 * Both databases are dropped at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createConnection } from 'mysql2/promise';
import type { OpenAPIV3 } from 'openapi-types';
import { AppModule } from '../../src/app.module';
import { buildOpenApiDocument, setupApp } from '../../src/app.setup';
import { loadConfig } from '../../src/config/configuration';
import { waitForDatabase } from '../../src/database/wait-for-database';
import { imageNodeFlags } from '../../bench/image-entry';

const ROOT = join(__dirname, '..', '..');
const ADMIN_URL = new URL(
  process.env.SMOKE_ADMIN_URL ?? process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306',
);
const SKIP_BUILD = process.argv.includes('--skip-build');
/** The README's DATABASE_URL credentials (.env.example). */
const APP_USER = 'divemap_user';
const APP_PASSWORD = 'divemap_password';
const START_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 10_000;
const LOG_TAIL_LINES = 60;

let passed = 0;
let failed = 0;

function check(name: string, ok: boolean, detail = ''): void {
  if (ok) passed++;
  else failed++;
  process.stdout.write(`${ok ? '  ok  ' : '  FAIL'} ${name}${detail && !ok ? ` — ${detail}` : ''}\n`);
}

class Service {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }
  tail(): string {
    return this.output.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
  }
}

/** The environment a user has: this process's, without the test runner's variables, plus `extra`. */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(TEST_|SMOKE_|JEST_|DIVEMAP_TEST)/.test(key) || key === 'NODE_ENV' || key.startsWith('npm_'))
      continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

function appUrl(database: string): string {
  const url = new URL(ADMIN_URL.href);
  url.username = APP_USER;
  url.password = APP_PASSWORD;
  url.pathname = `/${database}`;
  return url.href;
}

function adminConnection() {
  return createConnection({
    host: ADMIN_URL.hostname.replace(/^\[|\]$/g, ''),
    port: ADMIN_URL.port ? Number(ADMIN_URL.port) : 3306,
    user: decodeURIComponent(ADMIN_URL.username),
    password: decodeURIComponent(ADMIN_URL.password),
  });
}

async function http(
  base: string,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: unknown; text: string; type: string }> {
  const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  let body: unknown = text;
  if (type.includes('json')) body = JSON.parse(text) as unknown;
  return { status: res.status, body, text, type };
}

/** `Mapped {/api/v1/tags/:id, DELETE} route` lines of Nest's router, JSON or pretty. */
function mappedRoutes(log: string): Set<string> {
  const routes = new Set<string>();
  for (const m of log.matchAll(/Mapped \{([^,}]+), ([A-Z]+)\} route/g)) {
    routes.add(`${m[2]} ${m[1].replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
  }
  return routes;
}

async function waitForHealth(base: string, service: Service): Promise<boolean> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exited = false;
  void service.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      if ((await http(base, '/health')).status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function probeService(base: string, service: Service): Promise<unknown> {
  const health = await http(base, '/health');
  check('GET /health 200', health.status === 200, health.text);
  const ready = await http(base, '/health/ready');
  check('GET /health/ready 200 (database up, no pending migration)', ready.status === 200, ready.text);
  const root = await http(base, '/');
  check('GET / 200 with the API name', root.status === 200 && /divemap/i.test(root.text), root.text);
  const docs = await http(base, '/docs');
  check('GET /docs 200 (Swagger UI)', docs.status === 200 && /swagger/i.test(docs.text), `${docs.status}`);

  const openapi = await http(base, '/openapi.json');
  let document: OpenAPIV3.Document | undefined;
  try {
    // validate() dereferences in place: give it a copy.
    await SwaggerParser.validate(JSON.parse(openapi.text) as OpenAPIV3.Document);
    document = openapi.body as OpenAPIV3.Document;
    check('GET /openapi.json is a valid OpenAPI 3 document', /^3\./.test(document.openapi), document.openapi);
  } catch (error) {
    check('GET /openapi.json is a valid OpenAPI 3 document', false, String(error));
  }
  if (document) {
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
        if (item?.[method]) documented.add(`${method.toUpperCase()} ${path}`);
      }
    }
    const mapped = [...mappedRoutes(service.output)].filter((r) => r.includes(' /api/v1/'));
    const missing = mapped.filter((r) => !documented.has(r));
    check(
      `the document lists all ${mapped.length} /api/v1 routes the service mapped`,
      mapped.length > 50 && missing.length === 0,
      mapped.length <= 50
        ? `only ${mapped.length} mapped routes in the log`
        : `missing: ${missing.join(', ')}`,
    );
    const withoutSchema = Object.entries(document.paths).flatMap(([path, item]) =>
      (['get', 'put', 'post', 'delete', 'patch'] as const)
        .filter((m) => item?.[m])
        .filter((m) => {
          const responses = item![m]!.responses;
          return !Object.entries(responses).some(
            ([status, r]) => /^(2|3)/.test(status) && ('content' in r ? r.content : status !== '200'),
          );
        })
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    check(
      'every operation documents its success response',
      withoutSchema.length === 0,
      withoutSchema.slice(0, 20).join(', '),
    );
  }

  const metrics = await http(base, '/metrics');
  check(
    'GET /metrics 200 (Prometheus text)',
    metrics.status === 200 && metrics.text.includes('http_requests_total'),
    `${metrics.status}`,
  );

  // One real request per feature module.
  const username = `smoke${randomBytes(3).toString('hex')}`;
  const json = { 'content-type': 'application/json' };
  const register = await http(base, '/api/v1/auth/register', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ username, email: `${username}@example.com`, password: 'Smoke-test-pass1!' }),
  });
  const token = (register.body as { access_token?: string }).access_token;
  check(
    'auth: POST /api/v1/auth/register 201 with an access token',
    register.status === 201 && !!token,
    register.text,
  );
  const auth = { authorization: `Bearer ${token}` };
  const me = await http(base, '/api/v1/auth/me', { headers: auth });
  check(
    'users: GET /api/v1/auth/me answers the new user',
    me.status === 200 && me.text.includes(username),
    me.text,
  );
  const profile = await http(base, `/api/v1/users/${username}/public`);
  check('users: GET /api/v1/users/{username}/public 200', profile.status === 200, profile.text);

  const expectations: Array<[string, string, Record<string, string>, (body: unknown) => boolean]> = [
    ['difficulty', '/api/v1/difficulty-levels', {}, (b) => Array.isArray(b) && b.length === 4],
    ['tags', '/api/v1/tags', {}, Array.isArray],
    ['sites', '/api/v1/dive-sites', {}, (b) => isEnvelope(b)],
    ['sites', '/api/v1/dive-sites/count', {}, (b) => (b as { total?: unknown }).total === 0],
    ['centers', '/api/v1/diving-centers', {}, (b) => isEnvelope(b)],
    ['centers', '/api/v1/diving-centers/nearby?lat=37.9&lng=23.7', {}, (b) => b !== null],
    ['organizations', '/api/v1/diving-organizations', {}, Array.isArray],
    ['organizations', '/api/v1/user-certifications/my-certifications', auth, Array.isArray],
    ['dives', '/api/v1/dives', auth, (b) => isEnvelope(b)],
    ['trips', '/api/v1/newsletters/trips', {}, (b) => b !== null],
  ];
  for (const [module, path, headers, valid] of expectations) {
    const res = await http(base, path, { headers });
    check(
      `${module}: GET ${path} 200`,
      res.status === 200 && valid(res.body),
      `${res.status} ${res.text.slice(0, 300)}`,
    );
  }
  const newsletters = await http(base, '/api/v1/newsletters', { headers: auth });
  check(
    'trips: GET /api/v1/newsletters is 403 for a plain user',
    newsletters.status === 403,
    `${newsletters.status}`,
  );
  const anonymous = await http(base, '/api/v1/auth/me');
  check('guards: GET /api/v1/auth/me without a token 401', anonymous.status === 401, `${anonymous.status}`);
  return openapi.body;
}

/** The OpenAPI document of the application built from src/ as the e2e tests build it (no listen). */
async function documentFromSources(databaseUrl: string): Promise<unknown> {
  const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };
  const config = loadConfig({ DATABASE_URL: databaseUrl, DB_MIGRATIONS_RUN: 'false', LOG_LEVEL: 'silent' });
  const server = await waitForDatabase(config.database, silent);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, server }), {
    bodyParser: false,
    bufferLogs: true,
    logger: false,
  });
  try {
    await setupApp(app, config);
    return JSON.parse(JSON.stringify(buildOpenApiDocument(app))) as unknown;
  } finally {
    await app.close();
  }
}

/** The first few JSON paths where two documents differ. */
function differences(a: unknown, b: unknown, path = '', out: string[] = []): string[] {
  if (out.length >= 10 || JSON.stringify(a) === JSON.stringify(b)) return out;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    out.push(`${path || '/'}: ${JSON.stringify(a)?.slice(0, 120)} vs ${JSON.stringify(b)?.slice(0, 120)}`);
    return out;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)]))
    differences(left[key], right[key], `${path}/${key}`, out);
  return out;
}

function isEnvelope(body: unknown): boolean {
  return Array.isArray(body) || (typeof body === 'object' && body !== null && 'items' in body);
}

async function main(): Promise<void> {
  const tag = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const serviceDb = `divemap_smoke_${tag}`;
  const migrateDb = `divemap_smoke_${tag}_migrate`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  process.stdout.write(`smoke: ${ADMIN_URL.host}, databases ${serviceDb} and ${migrateDb}, port ${port}\n`);
  const adminEnv = { DB_ADMIN_URL: ADMIN_URL.href };
  let service: Service | undefined;
  try {
    for (const database of [serviceDb, migrateDb]) {
      const created = await run(
        'npm',
        ['run', 'db', '--', 'create-database'],
        userEnv({ ...adminEnv, DATABASE_URL: appUrl(database) }),
      );
      check(`npm run db -- create-database (${database})`, created.code === 0, created.output.slice(-2000));
      if (created.code !== 0) return;
    }
    if (!SKIP_BUILD) {
      const build = await run('npm', ['run', 'build'], userEnv({}));
      check('npm run build', build.code === 0, build.output.slice(-3000));
      if (build.code !== 0) return;
    }

    // What start-up loads: the packages only some requests need stay out of it (the cold start,
    // issue 15), and dist/main.js turns on Node's compile cache before compiling anything else.
    const loaded = await run(
      process.execPath,
      [
        '-e',
        "require('./dist/main'); const m = require('node:module'); console.log(JSON.stringify({ dir: m.getCompileCacheDir() ?? null, lazy: Object.keys(require.cache).map((f) => /node_modules\\/(mailparser|sanitize-html|google-auth-library|ioredis)\\//.exec(f)?.[1]).filter(Boolean) }))",
      ],
      userEnv({}),
    );
    try {
      const { dir, lazy } = JSON.parse(loaded.output.trim().split('\n').pop() ?? '') as {
        dir: string | null;
        lazy: string[];
      };
      check(
        'loading dist/main.js loads none of mailparser, sanitize-html, google-auth-library, ioredis',
        lazy.length === 0,
        [...new Set(lazy)].join(', '),
      );
      check(
        'dist/main.js enables the compile cache in node_modules/.cache',
        typeof dir === 'string' && dir.includes(join('node_modules', '.cache', 'node-compile-cache')),
        String(dir),
      );
    } catch (error) {
      check('loading dist/main.js reports what it loaded', false, `${String(error)}: ${loaded.output}`);
    }

    service = new Service(
      // The image's command line (docker/Dockerfile CMD: its Node flags, then dist/main.js).
      spawn(process.execPath, [...imageNodeFlags(ROOT), 'dist/main.js'], {
        cwd: ROOT,
        env: userEnv({ DATABASE_URL: appUrl(serviceDb), PORT: String(port), HOST: '127.0.0.1' }),
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const up = await waitForHealth(base, service);
    check('node dist/main.js starts and /health answers 200', up, 'see the log lines below');
    if (!up) return;
    const served = await probeService(base, service);
    try {
      const fromSources = await documentFromSources(appUrl(serviceDb));
      const diff = differences(served, fromSources);
      check(
        'dist serves the OpenAPI document the tests serve (src/ through SWC)',
        diff.length === 0,
        diff.join('; '),
      );
    } catch (error) {
      check('dist serves the OpenAPI document the tests serve (src/ through SWC)', false, String(error));
    }

    service.child.kill('SIGTERM');
    const exit = await Promise.race([
      service.exited,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000)),
    ]);
    check(
      'SIGTERM: the service exits 0',
      exit?.code === 0,
      exit ? `code ${exit.code}, signal ${exit.signal}` : 'still running after 30 s',
    );

    const migrations = readdirSync(join(ROOT, 'dist', 'database', 'migrations')).filter((f) =>
      f.endsWith('.js'),
    ).length;
    const migrateEnv = userEnv({ DATABASE_URL: appUrl(migrateDb) });
    const first = await run('npm', ['run', 'migrate'], migrateEnv);
    check('npm run migrate on an empty database exits 0', first.code === 0, first.output.slice(-2000));
    const conn = await adminConnection();
    try {
      const [rows] = await conn.query(`SELECT COUNT(*) AS n FROM \`${migrateDb}\`.migrations`);
      const recorded = Number((rows as Array<{ n: number }>)[0].n);
      check(
        `npm run migrate recorded all ${migrations} migrations`,
        recorded === migrations && migrations > 0,
        `${recorded} recorded`,
      );
    } catch (error) {
      check(`npm run migrate recorded all ${migrations} migrations`, false, String(error));
    } finally {
      await conn.end();
    }
    const second = await run('npm', ['run', 'migrate'], migrateEnv);
    check(
      'npm run migrate again applies nothing and exits 0',
      second.code === 0 && /No pending migrations/.test(second.output),
      second.output.slice(-1000),
    );
  } catch (error) {
    check(
      'smoke test ran to the end',
      false,
      error instanceof Error ? (error.stack ?? error.message) : String(error),
    );
  } finally {
    if (service && service.child.exitCode === null && service.child.signalCode === null) {
      service.child.kill('SIGKILL');
      await service.exited;
    }
    if (failed > 0 && service) {
      process.stdout.write(
        `--- last ${LOG_TAIL_LINES} lines of the service's log ---\n${service.tail()}\n---\n`,
      );
    }
    const conn = await adminConnection().catch(() => undefined);
    if (conn) {
      for (const database of [serviceDb, migrateDb])
        await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await conn.end();
    }
  }
}

main()
  .catch((error: unknown) => {
    failed++;
    process.stdout.write(`smoke test crashed: ${String(error)}\n`);
  })
  .finally(() => {
    process.stdout.write(`smoke: ${passed} passed, ${failed} failed\n`);
    process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
  });
