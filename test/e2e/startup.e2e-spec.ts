import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, freePort, startService, waitForHttp } from '../support/child-app';
import {
  recreateDatabase,
  dropDatabase,
  serverConnection,
  serverParams,
  testDatabaseUrl,
  workerDatabaseName,
} from '../support/database';
import { TcpProxy } from '../support/tcp-proxy';

const FAST_WAIT = {
  DB_CONNECT_ATTEMPTS: '3',
  DB_CONNECT_MIN_DELAY_MS: '10',
  DB_CONNECT_MAX_DELAY_MS: '30',
  DB_CONNECT_TIMEOUT_MS: '2000',
};
const migrationNames = () =>
  readdirSync(join(ROOT, 'src', 'database', 'migrations'))
    .filter((f) => /^\d{13}-\w+\.ts$/.test(f))
    .map((f) => f.replace(/^(\d{13})-(\w+)\.ts$/, '$2$1'));

describe('start-up sequence (the real entry point as a child process)', () => {
  it('gives up with exit code 1 after the configured attempts against a closed port', async () => {
    const port = await freePort();
    const { done } = startService({
      ...FAST_WAIT,
      DATABASE_URL: `mysql://root@127.0.0.1:${port}/divemap`,
      PORT: '0',
    });
    const result = await done;
    expect(result.code).toBe(1);
    expect(result.output).toContain('Attempt 1/3');
    expect(result.output).toContain('Attempt 3/3');
    expect(result.output).toMatch(/connection refused/);
    expect(result.output).toMatch(/not reachable after 3 attempts/);
  });

  it('gives up with exit code 1 and says so clearly when the credentials are wrong', async () => {
    const s = serverParams();
    const { done } = startService({
      ...FAST_WAIT,
      DATABASE_URL: `mysql://${s.user}:definitely-wrong@${s.host}:${s.port}/divemap`,
      PORT: '0',
    });
    const result = await done;
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/access denied/i);
    expect(result.output).toMatch(/refused the credentials/);
    // No pointless retries: the first attempt's answer is final.
    expect(result.output).not.toContain('Attempt 2/3');
    expect(result.output).not.toContain('definitely-wrong');
  });

  it('refuses a malformed variable with one line naming it', async () => {
    const { done } = startService({ PORT: 'eighty', DATABASE_URL: testDatabaseUrl('x') });
    const result = await done;
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/Invalid configuration: PORT: /);
  });

  it('refuses a production start with the default JWT secret', async () => {
    const { done } = startService({ NODE_ENV: 'production', DATABASE_URL: testDatabaseUrl('x') });
    const result = await done;
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/JWT_SECRET: must be set in production/);
  });

  describe('on an empty database', () => {
    const database = workerDatabaseName('startup');
    let proxy: TcpProxy;
    beforeAll(async () => {
      await recreateDatabase(database);
      const s = serverParams();
      // An IPv6 loopback listener in front of MariaDB (which binds 127.0.0.1 only): the URL host is [::1].
      proxy = await new TcpProxy({ host: s.host, port: s.port }, '::1').start();
    });
    afterAll(async () => {
      await proxy.stop();
      await dropDatabase(database);
    });

    it('two instances started at once both come up, every migration recorded once; SIGTERM exits 0', async () => {
      const s = serverParams();
      const url = `mysql://${encodeURIComponent(s.user)}:${encodeURIComponent(s.password)}@[::1]:${proxy.port}/${database}`;
      const ports = [await freePort(), await freePort()];
      const services = ports.map((port) =>
        startService({
          ...FAST_WAIT,
          DATABASE_URL: url,
          PORT: String(port),
          HOST: '127.0.0.1',
          DB_MIGRATIONS_RUN: 'true',
        }),
      );
      try {
        await Promise.all(ports.map((port) => waitForHttp(`http://127.0.0.1:${port}/health/ready`)));
      } catch (error) {
        for (const svc of services) svc.child.kill('SIGKILL');
        throw new Error(
          `${String(error)}\n--- output ---\n${services.map((svc) => svc.output()).join('\n---\n')}`,
          { cause: error },
        );
      }
      const conn = await serverConnection();
      try {
        const [rows] = await conn.query(
          `SELECT name, COUNT(*) AS n FROM \`${database}\`.migrations GROUP BY name`,
        );
        const recorded = rows as Array<{ name: string; n: number }>;
        expect(recorded.map((r) => r.name).sort()).toEqual(migrationNames().sort());
        expect(recorded.every((r) => Number(r.n) === 1)).toBe(true);
      } finally {
        await conn.end();
      }
      const root = await (await fetch(`http://127.0.0.1:${ports[0]}/`)).json();
      expect(root).toMatchObject({ name: 'Divemap API', links: { docs: '/docs', health: '/health' } });

      // One structured line per request: method, path, status, duration; no credentials.
      await fetch(`http://127.0.0.1:${ports[0]}/api/v1/nothing`, {
        headers: {
          Authorization: 'Bearer super-secret-token',
          Cookie: 'refresh_token=cookie-secret',
          'X-Request-Id': 'trace-42',
        },
      });
      await new Promise((r) => setTimeout(r, 200));
      const lines = services[0]
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const line = lines.find((l) => (l.req as { id?: string } | undefined)?.id === 'trace-42');
      expect(line).toMatchObject({
        req: { method: 'GET', url: '/api/v1/nothing' },
        res: { statusCode: 404 },
        duration_ms: expect.any(Number),
      });
      expect(services[0].output()).not.toMatch(/super-secret-token|cookie-secret/);

      for (const svc of services) svc.child.kill('SIGTERM');
      const results = await Promise.all(services.map((svc) => svc.done));
      for (const r of results) {
        expect(r.code).toBe(0);
        expect(r.output).toContain('Shutdown complete');
      }
      // Exactly one of the two applied the migrations; the other found nothing pending.
      const applied = results.filter((r) => /Applied \d+ migration\(s\): /.test(r.output));
      expect(applied.length).toBe(1);
      expect(results.filter((r) => r.output.includes('No pending migrations')).length).toBe(1);
    });
  });
});
