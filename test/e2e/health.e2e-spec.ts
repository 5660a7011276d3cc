import request from 'supertest';
import { serverParams, workerDatabaseName, testDatabaseUrl } from '../support/database';
import { createTestApp, ensureWorkerDatabaseMigrated, type TestApp } from '../support/app';
import { TcpProxy } from '../support/tcp-proxy';

/** Polls until `fn` returns true or the deadline passes (no fixed sleeps). */
async function eventually(fn: () => Promise<boolean>, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('health probes through a TCP proxy to MariaDB', () => {
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    await ensureWorkerDatabaseMigrated();
    const server = serverParams();
    proxy = await new TcpProxy({ host: server.host, port: server.port }).start();
    const database = workerDatabaseName();
    t = await createTestApp({
      database: {
        connection: { ...server, host: '127.0.0.1', port: proxy.port, database },
        url: testDatabaseUrl(database),
        healthTimeoutMs: 1000,
        connect: { attempts: 1, minDelayMs: 0, maxDelayMs: 0, timeoutMs: 2000 },
      },
    });
  });

  afterAll(async () => {
    await proxy.restore();
    await t?.app.close();
    await proxy.stop();
  });

  it('answers 200 while the database is up, 503 once it is cut, and 200 again when it is back', async () => {
    const http = t.app.getHttpServer();
    const ok = await request(http).get('/health').expect(200);
    expect(ok.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    await request(http).get('/health/ready').expect(200);

    await proxy.cut();
    const started = Date.now();
    const down = await request(http).get('/health').expect(503);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(down.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
    expect(typeof down.body.error.database.message).toBe('string');
    await request(http).get('/health/ready').expect(503);
    // Liveness never touches the database: the process is alive and says so.
    await request(http).get('/health/live').expect(200);

    await proxy.restore();
    await eventually(async () => (await request(http).get('/health')).status === 200);
    const back = await request(http).get('/health').expect(200);
    expect(back.body.info.database.status).toBe('up');
  });

  it('answers 503 within its own timeout when the database hangs, and recovers', async () => {
    const http = t.app.getHttpServer();
    await request(http).get('/health').expect(200);
    proxy.hang();
    const started = Date.now();
    const res = await request(http).get('/health').expect(503);
    const elapsed = Date.now() - started;
    // Bounded by DB_HEALTH_TIMEOUT_MS (1 s here), not by TCP or the driver's defaults.
    expect(elapsed).toBeLessThan(4000);
    expect(res.body.error.database.message).toMatch(/timed out|timeout/i);
    await proxy.restore();
    await eventually(async () => (await request(http).get('/health')).status === 200);
  });
});

describe('/health/ready and pending migrations', () => {
  let t: TestApp;
  afterEach(async () => {
    await t?.app.close();
  });

  it('is 503 while a migration is pending and /health stays 200', async () => {
    t = await createTestApp();
    const [last] = await t.ds.query<Array<{ id: number; timestamp: string; name: string }>>(
      'SELECT id, timestamp, name FROM migrations ORDER BY id DESC LIMIT 1',
    );
    await t.ds.query('DELETE FROM migrations WHERE id = ?', [last.id]);
    try {
      const http = t.app.getHttpServer();
      const ready = await request(http).get('/health/ready').expect(503);
      expect(ready.body.error.migrations).toMatchObject({ status: 'down', pending: 1, names: [last.name] });
      await request(http).get('/health').expect(200);
    } finally {
      await t.ds.query('INSERT INTO migrations (id, timestamp, name) VALUES (?, ?, ?)', [
        last.id,
        last.timestamp,
        last.name,
      ]);
    }
    await request(t.app.getHttpServer()).get('/health/ready').expect(200);
  });
});
