import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import { DCLinter } from 'dclint';
import { Copy, DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { parse as parseToml } from 'smol-toml';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../src/config/configuration';
import { parseDatabaseUrl } from '../../src/database/database-url';
import { createTestApp, type TestApp } from '../support/app';
import { freePort, ROOT } from '../support/child-app';

/**
 * The deployment files under docker/, checked without Docker, Kubernetes or flyctl (none runs here):
 * the compose file against the compose-spec JSON schema (ajv) and dclint's rules, the Dockerfile
 * through dockerfile-utils' linter and its structure, the Kubernetes manifests against the
 * Kubernetes OpenAPI schemas (kubernetes-models), fly.toml parsed; and every probe path against the
 * routes of the real application.
 */

const DOCKER = join(ROOT, 'docker');
const read = (...parts: string[]) => readFileSync(join(DOCKER, ...parts), 'utf8');
const yamlFile = <T>(...parts: string[]) => parseYaml(read(...parts)) as T;

/** Variables .env.example documents (set or commented out): the only ones manifests may set. */
const documentedVariables = new Set(
  [...readFileSync(join(ROOT, '.env.example'), 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map(
    (m) => m[1],
  ),
);

/** Compose interpolation: `${VAR:-default}`, `${VAR-default}`, `${VAR}`, `$$`, from `env` (empty here). */
function interpolate(value: string, env: Record<string, string> = {}): string {
  return value
    .replace(
      /\$\{(\w+)(?::?-([^}]*))?\}/g,
      (_, name: string, fallback?: string) => env[name] ?? fallback ?? '',
    )
    .replace(/\$\$/g, '$');
}

/** `KEY=value` lines of an env file (comments and blank lines skipped). */
function envFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) out[m[1]] = m[2].trim();
  }
  return out;
}

let t: TestApp;
let openApiPaths: string[];

beforeAll(async () => {
  t = await createTestApp();
  const doc = (await request(t.app.getHttpServer()).get('/openapi.json').expect(200)).body as {
    paths: Record<string, unknown>;
  };
  openApiPaths = Object.keys(doc.paths);
});
afterAll(async () => {
  await t?.app.close();
});

/** A probe path must be a GET route of the app (in the OpenAPI document) that answers 200 now. */
async function expectProbeRoute(path: string): Promise<void> {
  expect(openApiPaths).toContain(path);
  await request(t.app.getHttpServer()).get(path).expect(200);
}

describe('docker/docker-compose.yml', () => {
  interface ComposeService {
    image?: string;
    build?: { context: string; dockerfile: string };
    command?: string[];
    environment?: Record<string, string>;
    env_file?: Array<{ path: string; required?: boolean }>;
    depends_on?: Record<string, { condition: string }>;
    healthcheck?: { test: string[] };
    ports?: string[];
    profiles?: string[];
    volumes?: string[];
  }
  const compose = yamlFile<{ services: Record<string, ComposeService>; volumes: Record<string, unknown> }>(
    'docker-compose.yml',
  );
  const { app, db, redis } = compose.services;

  it('is valid against the compose-spec JSON schema (ajv) and clean under dclint', () => {
    // The compose-spec schema as dclint ships it (current: env_file with `required`, profiles, ...).
    const schemaPath = join(
      dirname(require.resolve('dclint/package.json')),
      'schemas',
      'compose.schema.json',
    );
    const { $schema, ...schema } = JSON.parse(readFileSync(schemaPath, 'utf8')) as {
      $schema: string;
      $id: string;
    };
    expect(schema.$id).toBe('compose_spec.json');
    // Draft-07, ajv's own default dialect (the file names its meta-schema by an https URL ajv does not alias).
    expect($schema).toMatch(/draft-07/);
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validateCompose = ajv.compile(schema);
    const valid = validateCompose(compose);
    expect(validateCompose.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema does catch mistakes (a misspelt key, a bad depends_on condition).
    expect(validateCompose({ services: { app: { imagee: 'x' } } })).toBe(false);
    expect(
      validateCompose({ services: { app: { image: 'x', depends_on: { db: { condition: 'healthy' } } } } }),
    ).toBe(false);

    const linter = new DCLinter({ rules: {}, quiet: false, debug: false, exclude: [] });
    const [result] = linter.lintFiles([join(DOCKER, 'docker-compose.yml')], false);
    expect(result.messages.map((m: { rule: string; message: string }) => `${m.rule}: ${m.message}`)).toEqual(
      [],
    );
  });

  it('runs MySQL 9.7 LTS with utf8mb4_unicode_ci, a named volume and a mysqladmin ping healthcheck', () => {
    expect(db.image).toBe('mysql:9.7');
    expect(db.command).toEqual(
      expect.arrayContaining(['--character-set-server=utf8mb4', '--collation-server=utf8mb4_unicode_ci']),
    );
    const [volume] = db.volumes ?? [];
    expect(volume).toBe('db-data:/var/lib/mysql');
    expect(Object.keys(compose.volumes)).toContain('db-data');
    expect(db.healthcheck?.test.slice(0, 3)).toEqual(['CMD', 'mysqladmin', 'ping']);
  });

  it('builds the app from docker/Dockerfile with the repository root as context, after a healthy database', () => {
    expect(app.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
    const context = resolve(DOCKER, app.build!.context);
    expect(context).toBe(ROOT);
    expect(existsSync(join(context, app.build!.dockerfile))).toBe(true);
    expect(app.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(app.ports).toEqual(['127.0.0.1:8000:8000']);
    expect(app.env_file).toEqual([{ path: './local.env' }, { path: '../.env', required: false }]);
    expect(existsSync(join(DOCKER, 'local.env'))).toBe(true);
  });

  it("points DATABASE_URL at the db service with the db service's credentials, matching .env.example's defaults", () => {
    const url = parseDatabaseUrl(interpolate(app.environment!.DATABASE_URL));
    expect(url.host).toBe('db');
    expect(url.port).toBe(3306);
    const env = db.environment!;
    expect(url.user).toBe(interpolate(env.MYSQL_USER));
    expect(url.password).toBe(interpolate(env.MYSQL_PASSWORD));
    expect(url.database).toBe(interpolate(env.MYSQL_DATABASE));
    const example = parseDatabaseUrl(envFile(readFileSync(join(ROOT, '.env.example'), 'utf8')).DATABASE_URL);
    expect({ user: url.user, password: url.password, database: url.database }).toEqual({
      user: example.user,
      password: example.password,
      database: example.database,
    });
    // Overrides from the shell win, as compose interpolates them.
    expect(
      parseDatabaseUrl(interpolate(app.environment!.DATABASE_URL, { MYSQL_PASSWORD: 's3cret' })).password,
    ).toBe('s3cret');
  });

  it('gives the app a configuration the service accepts, with documented variables only', () => {
    const env = {
      ...envFile(read('local.env')),
      ...Object.fromEntries(Object.entries(app.environment!).map(([k, v]) => [k, interpolate(v)])),
    };
    for (const key of Object.keys(env)) expect(documentedVariables).toContain(key);
    const config = loadConfig(env);
    expect(config.port).toBe(8000);
    expect(config.log.pretty).toBe(false);
  });

  it('has Redis under the `redis` profile only', () => {
    expect(redis.profiles).toEqual(['redis']);
    expect(redis.image).toMatch(/^redis:\d/);
    expect(app.profiles).toBeUndefined();
    expect(db.profiles).toBeUndefined();
  });
});

describe('docker/Dockerfile', () => {
  const text = read('Dockerfile');
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const args = Object.fromEntries(
    dockerfile.getInitialARGs().map((a) => [a.getProperty()!.getName(), a.getProperty()!.getValue()]),
  );
  /** Instructions per stage, keyed by the stage name (`FROM ... AS <name>`). */
  const stages = new Map<string, Instruction[]>();
  let current: Instruction[] | undefined;
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') {
      current = [];
      stages.set(/\bAS\s+(\S+)\s*$/i.exec(instruction.getArgumentsContent() ?? '')?.[1] ?? '', current);
    }
    current?.push(instruction);
  }
  const stageNames = [...stages.keys()];
  const finalStage = stages.get(stageNames.at(-1)!)!;
  const args1 = (i: Instruction) => i.getArgumentsContent() ?? '';
  const of = (stage: Instruction[], keyword: string) => stage.filter((i) => i.getKeyword() === keyword);
  /** `COPY --from=<stage>`'s stage, or undefined for a copy from the build context. */
  const copyFrom = (i: Instruction) =>
    i instanceof Copy ? (i.getFromFlag()?.getValue() ?? undefined) : undefined;

  it('lints clean with dockerfile-utils (hadolint is not installable here)', () => {
    expect(
      lintDockerfile(text).map((d) => `${d.range.start.line + 1}: ${JSON.stringify(d.message)}`),
    ).toEqual([]);
    // The linter does find problems: an unknown instruction, an empty one.
    expect(lintDockerfile('FROM node:24-trixie-slim\nRUNN echo hi\nEXPOSE\n').length).toBeGreaterThan(0);
  });

  it('is multi-stage on node:<.nvmrc>-trixie-slim: build with dev dependencies, runtime with production ones', () => {
    expect(stageNames).toEqual(['build', 'runtime']);
    for (const stage of stages.values()) {
      const from = args1(stage[0]).replace(/\$\{(\w+)\}/g, (_, n: string) => args[n] ?? '');
      expect(from).toMatch(
        new RegExp(`^node:${readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim()}-trixie-slim AS `),
      );
    }
    const build = stages.get('build')!.map(args1);
    expect(build).toEqual(
      expect.arrayContaining([expect.stringMatching(/^npm ci\b(?!.*--omit=dev)/), 'npm run build']),
    );
    const runtime = finalStage.map(args1);
    expect(runtime).toEqual(expect.arrayContaining([expect.stringMatching(/^npm ci --omit=dev\b/)]));
    expect(of(finalStage, 'COPY').map((i) => [copyFrom(i), args1(i)])).toContainEqual([
      'build',
      '/app/dist ./dist',
    ]);
    expect(runtime.join('\n')).not.toMatch(/npm run build/);
  });

  it('runs as the non-root node user with NODE_ENV=production, exposes 8000, checks /health/live, starts dist/main.js', async () => {
    const users = of(finalStage, 'USER').map(args1);
    expect(users).toEqual(['node']);
    // USER comes after every RUN of the final stage, so nothing after it runs as root.
    const userIndex = finalStage.findIndex((i) => i.getKeyword() === 'USER');
    expect(finalStage.slice(userIndex).some((i) => i.getKeyword() === 'RUN')).toBe(false);
    expect(of(finalStage, 'ENV').map(args1).join(' ')).toMatch(/\bNODE_ENV=production\b/);
    expect(of(finalStage, 'EXPOSE').map(args1)).toEqual(['8000']);

    const [healthcheck] = of(finalStage, 'HEALTHCHECK');
    const hc = args1(healthcheck);
    expect(hc).toMatch(/CMD \["node", "-e", /);
    expect(hc).toContain('/health/live');
    expect(hc).not.toMatch(/\bcurl\b|\bwget\b/);
    await expectProbeRoute('/health/live');
    // The command itself, run as Docker would (exec form, PORT from the image's ENV), against the app.
    const command = JSON.parse(hc.replace(/^.*?CMD\s+/s, '')) as string[];
    const server: import('node:http').Server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as import('node:net').AddressInfo;
    // Asynchronously: the app answering it lives in this process.
    const run = (p: number) =>
      new Promise<number | null>((done) =>
        spawn(command[0] === 'node' ? process.execPath : command[0], command.slice(1), {
          env: { PORT: String(p) },
          stdio: 'ignore',
        }).on('exit', (code) => done(code)),
      );
    expect(await run(port)).toBe(0);
    expect(await run(await freePort())).toBe(1);

    const cmds = of(finalStage, 'CMD');
    expect(cmds).toHaveLength(1);
    // node, V8 heap flags only (sized for the container, see the Dockerfile's comment), then the build.
    const cmd = JSON.parse(args1(cmds[0])) as string[];
    expect(cmd[0]).toBe('node');
    expect(cmd.at(-1)).toBe('dist/main.js');
    expect(cmd.slice(1, -1)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^--max-old-space-size=\d+$/)]),
    );
    for (const flag of cmd.slice(1, -1)) expect(flag).toMatch(/^--max-(old|semi)-space-size=\d+$/);
    expect(of(finalStage, 'ENTRYPOINT')).toEqual([]);
    expect(existsSync(join(ROOT, 'src', 'main.ts'))).toBe(true);
  });

  it('has an allowlist ignore file next to it that keeps secrets and build output out of the context', () => {
    const ignore = read('Dockerfile.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(ignore[0]).toBe('*');
    const allowed = ignore.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, ''));
    // Every COPY source from the context is allowed back in, and exists.
    const sources = instructions
      .filter((i) => i.getKeyword() === 'COPY' && copyFrom(i) === undefined)
      .flatMap((i) => args1(i).split(/\s+/).slice(0, -1));
    for (const source of sources) {
      expect(allowed).toContain(source);
      expect(existsSync(join(ROOT, source))).toBe(true);
    }
    for (const secret of ['.env', 'node_modules', 'dist', '.git', 'backups'])
      expect(allowed).not.toContain(secret);
  });
});

describe('docker/k8s', () => {
  const deployment = new Deployment(yamlFile('k8s', 'deployment.yaml'));
  const job = new Job(yamlFile('k8s', 'migration-job.yaml'));
  const service = new Service(yamlFile('k8s', 'service.yaml'));
  const configMap = new ConfigMap(yamlFile('k8s', 'configmap.yaml'));
  const secret = new Secret(yamlFile('k8s', 'secret.example.yaml'));
  const api = deployment.spec!.template.spec!.containers[0];
  const migrate = job.spec!.template.spec!.containers[0];

  it('every manifest is valid against the Kubernetes API schemas', () => {
    for (const manifest of [deployment, job, service, configMap, secret])
      expect(() => manifest.validate()).not.toThrow();
    // The validation is real: a wrong type is refused.
    expect(() =>
      new Deployment({
        ...deployment.toJSON(),
        spec: { ...deployment.spec!, replicas: 'two' as never },
      }).validate(),
    ).toThrow(/replicas/);
  });

  it('Deployment: 2 replicas that never migrate, probes on app routes, resources, non-root', async () => {
    expect(deployment.spec!.replicas).toBe(2);
    expect(api.env).toContainEqual({ name: 'DB_MIGRATIONS_RUN', value: 'false' });
    expect(configMap.data!.DB_MIGRATIONS_RUN).toBe('false');

    const port = api.ports!.find((p) => p.name === 'http')!;
    expect(port.containerPort).toBe(Number(configMap.data!.PORT));
    const probePath = (probe: IProbe | undefined) => {
      expect([port.name, port.containerPort]).toContain(probe?.httpGet?.port);
      return probe?.httpGet?.path;
    };
    expect(probePath(api.livenessProbe)).toBe('/health/live');
    expect(probePath(api.readinessProbe)).toBe('/health/ready');
    expect(probePath(api.startupProbe)).toBe('/health/live');
    for (const path of ['/health/live', '/health/ready']) await expectProbeRoute(path);
    // The start-up probe leaves time for the wait-for-database loop (10 attempts, up to 10 s each).
    const startup = api.startupProbe!;
    expect((startup.periodSeconds ?? 10) * (startup.failureThreshold ?? 3)).toBeGreaterThanOrEqual(100);

    for (const kind of ['requests', 'limits'] as const) {
      expect(Object.keys(api.resources?.[kind] ?? {}).sort()).toEqual(['cpu', 'memory']);
    }
    const pod = deployment.spec!.template.spec!.securityContext!;
    expect(pod.runAsNonRoot).toBe(true);
    // Numeric (the image says USER node): the kubelet can only verify a numeric user is not root.
    expect(pod.runAsUser).toBe(1000);
    expect(api.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });

    // Graceful shutdown fits in the grace period.
    expect(Number(configMap.data!.SHUTDOWN_TIMEOUT_MS) / 1000).toBeLessThan(
      deployment.spec!.template.spec!.terminationGracePeriodSeconds!,
    );
    const annotations = deployment.spec!.template.metadata!.annotations!;
    expect(annotations['prometheus.io/path']).toBe('/metrics');
    await request(t.app.getHttpServer()).get('/metrics').expect(200);
  });

  it('configuration comes from the ConfigMap and the Secret, in the Deployment and the Job alike', () => {
    const sources = (c: IContainer) => c.envFrom?.map((e) => e.configMapRef?.name ?? e.secretRef?.name);
    expect(sources(api)).toEqual([configMap.metadata!.name, secret.metadata!.name]);
    expect(sources(migrate)).toEqual(sources(api));
    for (const key of [...Object.keys(configMap.data!), ...Object.keys(secret.stringData!)]) {
      expect(documentedVariables).toContain(key);
    }
    const env = { ...configMap.data!, ...secret.stringData! };
    // The example's placeholders are refused as they are, so they cannot be deployed by mistake...
    expect(() => loadConfig(env)).toThrow(/JWT_SECRET: .*METRICS_TOKEN: |JWT_SECRET: /);
    // ... and with real values the configuration is valid.
    const config = loadConfig({
      ...env,
      JWT_SECRET: 'x'.repeat(24) + 'a-real-random-secret-of-48-characters',
      METRICS_TOKEN: 'a-metrics-token-0123456789',
    });
    expect(config.isProduction).toBe(true);
    expect(config.database.migrationsRun).toBe(false);
  });

  it('migration Job: the same image, running the standalone migrate entry, never restarted in place', () => {
    expect(migrate.image).toBe(api.image);
    expect(migrate.command).toEqual(['node', 'dist/database/migrate.js']);
    expect(existsSync(join(ROOT, 'src', 'database', 'migrate.ts'))).toBe(true);
    expect(job.spec!.template.spec!.restartPolicy).toBe('Never');
    expect(job.spec!.backoffLimit).toBeGreaterThan(0);
    expect(job.spec!.template.spec!.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
  });

  it('Service selects the Deployment pods and targets the named container port', () => {
    const labels = deployment.spec!.template.metadata!.labels!;
    for (const [k, v] of Object.entries(service.spec!.selector!)) expect(labels[k]).toBe(v);
    expect(deployment.spec!.selector.matchLabels).toEqual(service.spec!.selector);
    expect(service.spec!.ports![0].targetPort).toBe('http');
  });
});

describe('docker/fly.toml', () => {
  interface FlyConfig {
    app: string;
    build: { dockerfile: string };
    deploy: { release_command: string };
    env: Record<string, string>;
    http_service: { internal_port: number; checks: Array<{ method: string; path: string; timeout: string }> };
  }
  const fly = parseToml(read('fly.toml')) as unknown as FlyConfig;

  it('parses, migrates in the release_command, and checks /health over HTTP', async () => {
    expect(fly.app).toMatch(/^[a-z0-9-]+$/);
    expect(existsSync(join(DOCKER, fly.build.dockerfile))).toBe(true);
    expect(fly.deploy.release_command).toBe('node dist/database/migrate.js');
    expect(fly.env.DB_MIGRATIONS_RUN).toBe('false');
    expect(fly.http_service.internal_port).toBe(Number(fly.env.PORT));
    const paths = fly.http_service.checks.map((c) => c.path);
    expect(paths).toContain('/health');
    for (const check of fly.http_service.checks) {
      expect(check.method).toBe('GET');
      await expectProbeRoute(check.path);
    }
  });

  it('its [env] is a valid production configuration once the secrets are set', () => {
    for (const key of Object.keys(fly.env)) expect(documentedVariables).toContain(key);
    const config = loadConfig({
      ...fly.env,
      DATABASE_URL: 'mysql://divemap_user:pw@divemap-db.internal:3306/divemap',
      JWT_SECRET: 'y'.repeat(40),
    });
    expect(config.host).toBe('::');
    expect(config.trustProxy).toBe(1);
  });
});
