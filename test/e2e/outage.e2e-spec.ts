import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { createTestApp, ensureWorkerDatabaseMigrated, type TestApp } from '../support/app';
import {
  openDataSource,
  resetDatabase,
  serverParams,
  testDatabaseUrl,
  workerDatabaseName,
} from '../support/database';
import { bearer, createUser, tokenFor } from '../support/factories';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * The database link cut under a light load, in both ways a real outage looks (issue 13): refused
 * (the server is gone: connections reset, new ones refused) and hanging (a network partition: the
 * server accepts and then says nothing). Bounds are the acceptance's: /health 503 within 5 s, API
 * requests 503 (never 500, never hanging) within 5 s, the process alive, 200 again within 10 s of
 * the link returning, and every write acknowledged before the cut in the database afterwards.
 */
const BOUND_MS = 5000;
const RECOVERY_MS = 10000;
const OUTAGE_MS = 6000;

interface Sample {
  kind: 'list' | 'write';
  started: number;
  ms: number;
  status: number; // 0: no answer within 15 s
  body: unknown;
  retryAfter: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(['refuse', 'hang'] as const)('a database outage (%s mode)', (mode) => {
  let proxy: TcpProxy;
  let t: TestApp;
  let direct: DataSource;
  let base: string;
  let auth: { Authorization: string };

  beforeAll(async () => {
    const server = serverParams();
    proxy = await new TcpProxy({ host: server.host, port: server.port }).start();
    const database = workerDatabaseName();
    await ensureWorkerDatabaseMigrated();
    direct = await openDataSource(database); // the real server, not the proxy
    await resetDatabase(direct); // the factories' names restart per file: start from empty tables
    t = await createTestApp({
      database: {
        connection: { ...server, host: '127.0.0.1', port: proxy.port, database },
        url: testDatabaseUrl(database),
        poolSize: 4,
        healthTimeoutMs: 1000,
        connect: { attempts: 1, minDelayMs: 0, maxDelayMs: 0, timeoutMs: 2000 },
        requestTimeouts: { acquireMs: 2000, queryMs: 2500 },
        retryAfterS: 3,
      },
    });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const user = await createUser(direct);
    auth = bearer(tokenFor(t, user));
  });

  afterAll(async () => {
    await proxy?.restore();
    await t?.app.close();
    await proxy?.stop();
    await direct?.destroy();
  });

  async function send(kind: Sample['kind'], n: number): Promise<Sample> {
    const started = Date.now();
    const init: RequestInit =
      kind === 'list'
        ? { headers: auth }
        : {
            method: 'POST',
            headers: { ...auth, 'Content-Type': 'application/json' },
            body: JSON.stringify({ name: `outage ${mode} ${n}`, dive_date: '2026-06-01' }),
          };
    try {
      const res = await fetch(`${base}/api/v1/${kind === 'list' ? 'dive-sites/' : 'dives/'}`, {
        ...init,
        signal: AbortSignal.timeout(15000),
      });
      const body: unknown = await res.json().catch(() => null);
      return {
        kind,
        started,
        ms: Date.now() - started,
        status: res.status,
        body,
        retryAfter: res.headers.get('retry-after'),
      };
    } catch {
      return { kind, started, ms: Date.now() - started, status: 0, body: null, retryAfter: null };
    }
  }

  async function statusOf(path: string): Promise<number> {
    try {
      return (await fetch(`${base}${path}`, { signal: AbortSignal.timeout(BOUND_MS) })).status;
    } catch {
      return 0;
    }
  }

  async function timeUntil(path: string, status: number, limitMs: number): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < limitMs) {
      if ((await statusOf(path)) === status) return Date.now() - started;
      await sleep(100);
    }
    return Number.POSITIVE_INFINITY;
  }

  it('answers 503 fast while the link is down, stays up, and recovers without a restart', async () => {
    const samples: Sample[] = [];
    let running = true;
    let n = 0;
    // Light load: three clients, each alternating a list read and a dive write.
    const clients = [0, 1, 2].map(async () => {
      while (running) {
        const kind = n++ % 2 === 0 ? 'list' : 'write';
        samples.push(await send(kind, n));
        await sleep(50);
      }
    });

    await sleep(1000);
    const cutAt = Date.now();
    if (mode === 'refuse') await proxy.cut();
    else proxy.hang();
    const toHealth503 = await timeUntil('/health', 503, BOUND_MS * 2);
    expect(await statusOf('/health/live')).toBe(200);
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - cutAt)));

    const restoredAt = Date.now();
    await proxy.restore();
    const toHealth200 = await timeUntil('/health', 200, RECOVERY_MS * 2);
    const toList200 = await timeUntil('/api/v1/dive-sites/', 200, RECOVERY_MS * 2);
    await sleep(500);
    running = false;
    await Promise.all(clients);

    const outage = samples.filter((s) => s.started >= cutAt && s.started + s.ms <= restoredAt);
    const summary = {
      mode,
      toHealth503,
      toHealth200,
      toList200,
      statuses: samples.reduce<Record<string, number>>((acc, s) => {
        const key = `${s.kind} ${s.status}`;
        acc[key] = (acc[key] ?? 0) + 1;
        return acc;
      }, {}),
      slowest_outage_ms: Math.max(...outage.map((s) => s.ms)),
    };
    // One line for the log of the run (figures quoted in the README come from here).
    process.stdout.write(`outage ${JSON.stringify(summary)}\n`);

    expect(toHealth503).toBeLessThan(BOUND_MS);
    expect(toHealth200).toBeLessThan(RECOVERY_MS);
    expect(toList200).toBeLessThan(RECOVERY_MS);
    // Every request of the whole run was answered, none with a 500 (or any 5xx other than 503).
    expect(samples.filter((s) => s.status === 0 || (s.status >= 500 && s.status !== 503))).toEqual([]);
    // During the outage: reads and writes both answered 503, each within the bound, with the contract.
    for (const kind of ['list', 'write'] as const) {
      const unavailable = outage.filter((s) => s.kind === kind && s.status === 503);
      expect(unavailable.length).toBeGreaterThan(0);
    }
    expect(outage.filter((s) => s.ms >= BOUND_MS)).toEqual([]);
    for (const s of outage.filter((x) => x.status === 503)) {
      expect(s.body).toMatchObject({ detail: 'Database unavailable', error: 'database_unavailable' });
      expect(s.retryAfter).toBe('3');
    }
    // Writes acknowledged (201) at any time are in the database, read without the proxy.
    const acknowledged = samples
      .filter((s) => s.kind === 'write' && s.status === 201)
      .map((s) => (s.body as { id: number }).id);
    expect(acknowledged.length).toBeGreaterThan(0);
    const rows = await direct.query<Array<{ id: number }>>(
      `SELECT id FROM dives WHERE id IN (${acknowledged.map(() => '?').join(',')})`,
      acknowledged,
    );
    expect(rows.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual(
      [...acknowledged].sort((a, b) => a - b),
    );
  });
});
