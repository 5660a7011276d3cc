import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app';
import { testDatabaseUrl, workerDatabaseName } from '../support/database';

/** `name{labels} value` lines of a Prometheus exposition, as [name, labels, value]. */
function samples(text: string): Array<{ name: string; labels: Record<string, string>; value: number }> {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
      return { name: m[1], labels, value: Number(m[3]) };
    });
}

function value(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  return samples(text).find(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )?.value;
}

describe('GET /metrics (Prometheus)', () => {
  describe('open (no METRICS_TOKEN), pool of 2 connections', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ database: { poolSize: 2 } });
    });
    afterAll(async () => {
      await t?.app.close();
    });
    const scrape = async () => (await request(t.app.getHttpServer()).get('/metrics').expect(200)).text;

    it('answers the text format with process metrics, outside /api/v1, and is not in the OpenAPI document', async () => {
      const res = await request(t.app.getHttpServer()).get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain;/);
      expect(res.headers['content-type']).toContain('version=0.0.4');
      expect(res.headers['cache-control']).toBe('no-store');
      for (const name of [
        'process_cpu_user_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_seconds',
        'nodejs_heap_size_used_bytes',
      ]) {
        expect(res.text).toContain(`# TYPE ${name} `);
      }
      expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
      expect(res.text).toContain('# TYPE http_requests_total counter');
      await request(t.app.getHttpServer()).get('/api/v1/metrics').expect(404);
      const doc = (await request(t.app.getHttpServer()).get('/openapi.json').expect(200)).body as {
        paths: Record<string, unknown>;
      };
      expect(Object.keys(doc.paths)).not.toContain('/metrics');
    });

    it('counts requests and their latency by method, route pattern and status; never by raw URL', async () => {
      const server = t.app.getHttpServer();
      const before = await scrape();
      await request(server).get('/api/v1/difficulty-levels').expect(200);
      await request(server).get('/api/v1/difficulty-levels').expect(200);
      // Refused by the access-token guard before any handler runs: still counted, by pattern.
      await request(server).put('/api/v1/tags/424242').send({ name: 'x' }).expect(401);
      await request(server).get('/api/v1/no-such-route/31337').expect(404);
      await request(server).post('/no-such-route-either').expect(404);
      await request(server).get('/health/live').expect(200);
      const text = await scrape();
      const delta = (name: string, labels: Record<string, string>) =>
        (value(text, name, labels) ?? 0) - (value(before, name, labels) ?? 0);

      const ok = { method: 'GET', route: '/api/v1/difficulty-levels', status_code: '200' };
      expect(delta('http_requests_total', ok)).toBe(2);
      expect(delta('http_request_duration_seconds_count', ok)).toBe(2);
      expect(delta('http_request_duration_seconds_bucket', { ...ok, le: '+Inf' })).toBe(2);
      expect(value(text, 'http_request_duration_seconds_sum', ok)).toBeGreaterThan(0);
      expect(
        delta('http_requests_total', { method: 'PUT', route: '/api/v1/tags/:id', status_code: '401' }),
      ).toBe(1);
      expect(delta('http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
      expect(delta('http_requests_total', { method: 'POST', route: 'unmatched', status_code: '404' })).toBe(
        1,
      );
      expect(delta('http_requests_total', { method: 'GET', route: '/health/live', status_code: '200' })).toBe(
        1,
      );
      // The scrape before this one is counted too, under its own pattern.
      expect(delta('http_requests_total', { method: 'GET', route: '/metrics', status_code: '200' })).toBe(1);
      const routes = new Set(
        samples(text)
          .map((x) => x.labels.route)
          .filter(Boolean),
      );
      expect(routes.size).toBeGreaterThan(0);
      for (const route of routes) {
        expect(route === 'unmatched' || route.startsWith('/')).toBe(true);
        // Label values only: 424242 or 31337 may legitimately appear among the sample values' digits.
        expect(route).not.toMatch(/424242|31337|no-such-route|\{\*splat\}/);
      }
    });

    it('measures the database pool: in use while SLEEP queries run, waiting beyond the pool size, idle after', async () => {
      // Let the scrape-free moment settle: nothing else uses the pool in this test app.
      const before = await scrape();
      expect(value(before, 'db_pool_connections_in_use', { pool: 'primary' })).toBe(0);
      expect(value(before, 'db_pool_connections_max', { pool: 'primary' })).toBe(2);

      const sleeping = [1, 2, 3].map(() => t.ds.query('SELECT SLEEP(1) AS slept'));
      await new Promise((r) => setTimeout(r, 400));
      const during = await scrape();
      expect(value(during, 'db_pool_connections_in_use', { pool: 'primary' })).toBe(2);
      expect(value(during, 'db_pool_requests_waiting', { pool: 'primary' })).toBe(1);
      expect(value(during, 'db_pool_connections_idle', { pool: 'primary' })).toBe(0);

      await Promise.all(sleeping);
      const after = await scrape();
      expect(value(after, 'db_pool_connections_in_use', { pool: 'primary' })).toBe(0);
      expect(value(after, 'db_pool_requests_waiting', { pool: 'primary' })).toBe(0);
      expect(value(after, 'db_pool_connections_idle', { pool: 'primary' })).toBe(2);
    });
  });

  describe('with a read replica (DATABASE_REPLICA_URLS)', () => {
    let t: TestApp;
    beforeAll(async () => {
      // The "replica" is the same database: enough to give TypeORM a pool cluster of two nodes.
      t = await createTestApp({ env: { DATABASE_REPLICA_URLS: testDatabaseUrl(workerDatabaseName()) } });
    });
    afterAll(async () => {
      await t?.app.close();
    });

    it('reports one set of pool gauges per cluster node: primary and replica0', async () => {
      const scrape = async () => (await request(t.app.getHttpServer()).get('/metrics').expect(200)).text;
      const before = await scrape();
      expect(value(before, 'db_pool_connections_max', { pool: 'primary' })).toBe(t.config.database.poolSize);
      expect(value(before, 'db_pool_connections_max', { pool: 'replica0' })).toBe(t.config.database.poolSize);
      const replica = t.ds.createQueryRunner('slave');
      await replica.connect();
      try {
        const during = await scrape();
        expect(value(during, 'db_pool_connections_in_use', { pool: 'replica0' })).toBe(1);
        expect(value(during, 'db_pool_connections_in_use', { pool: 'primary' })).toBe(0);
      } finally {
        await replica.release();
      }
      expect(value(await scrape(), 'db_pool_connections_in_use', { pool: 'replica0' })).toBe(0);
    });
  });

  describe('with METRICS_TOKEN', () => {
    const TOKEN = 'metrics-token-0123456789abcdef';
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { METRICS_TOKEN: TOKEN } });
    });
    afterAll(async () => {
      await t?.app.close();
    });

    it('requires Authorization: Bearer <METRICS_TOKEN>, else 401 with the JSON error shape', async () => {
      const server = t.app.getHttpServer();
      const none = await request(server).get('/metrics').expect(401);
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(none.body).toMatchObject({ statusCode: 401, detail: expect.stringMatching(/metrics token/) });
      await request(server).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
      await request(server)
        .get('/metrics')
        .set('Authorization', `Bearer ${TOKEN.slice(0, -1)}`)
        .expect(401);
      await request(server).get('/metrics').set('Authorization', TOKEN).expect(401);
      await request(server).get('/metrics').set('Authorization', `Basic ${TOKEN}`).expect(401);
      const ok = await request(server).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      expect(ok.text).toContain('http_requests_total');
      await request(server).get('/metrics').set('Authorization', `bearer ${TOKEN}`).expect(200);
    });
  });

  describe('with METRICS_ENABLED=false', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { METRICS_ENABLED: 'false' } });
    });
    afterAll(async () => {
      await t?.app.close();
    });

    it('has no /metrics route, and the API works as before', async () => {
      await request(t.app.getHttpServer()).get('/metrics').expect(404);
      await request(t.app.getHttpServer()).get('/api/v1/difficulty-levels').expect(200);
    });
  });
});
