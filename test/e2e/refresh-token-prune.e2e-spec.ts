import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import request from 'supertest';
import type { DataSource, QueryRunner } from 'typeorm';
import { runCli } from '../../src/database/cli/cli';
import { lockName } from '../../src/database/named-lock';
import { RefreshToken } from '../../src/modules/auth/entities/refresh-token.entity';
import {
  REFRESH_TOKEN_PRUNE_JOB,
  RefreshTokenPruneJob,
} from '../../src/modules/auth/refresh-token-prune.job';
import {
  PRUNE_LOCK_PURPOSE,
  pruneRefreshTokens,
  type PruneSettings,
} from '../../src/modules/auth/refresh-token-pruning';
import type { User } from '../../src/modules/users/entities/user.entity';
import { createTestApp, ensureWorkerDatabaseMigrated, type TestApp } from '../support/app';
import {
  dropDatabase,
  explainPlan,
  openDataSource,
  recreateDatabase,
  resetDatabase,
  serverParams,
  testDatabaseUrl,
  workerDatabaseName,
} from '../support/database';
import { createUser, STRONG_PASSWORD } from '../support/factories';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * Pruning refresh tokens (issue 13 point 5) on the real server: which rows go (expired or revoked
 * more than the retention ago) and which stay, the batch and per-run bounds, the lock between
 * processes, the scheduled job (registered, unref'd, removed at close, a failed run only a warning)
 * and `npm run db -- prune-refresh-tokens`.
 */

const DAY_MS = 24 * 3600 * 1000;
const ago = (ms: number, now = Date.now()) => new Date(now - ms);
const later = (ms: number, now = Date.now()) => new Date(now + ms);

/** Inserts one refresh-token row (its own session unless one is given) and returns its id. */
async function insertToken(
  ds: DataSource,
  user: User,
  fields: { expiresAt: Date; revokedAt?: Date | null; rotatedAt?: Date | null; sessionId?: string },
): Promise<string> {
  const id = randomUUID();
  await ds.getRepository(RefreshToken).insert({
    id,
    userId: user.id,
    sessionId: fields.sessionId ?? randomUUID(),
    tokenHash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
    sessionStartedAt: ago(10 * DAY_MS),
    expiresAt: fields.expiresAt,
    rotatedAt: fields.rotatedAt ?? null,
    revokedAt: fields.revokedAt ?? null,
    revokedReason: fields.revokedAt ? 'logout' : null,
  });
  return id;
}

const remainingIds = async (ds: DataSource): Promise<string[]> =>
  (await ds.getRepository(RefreshToken).find({ select: { id: true } })).map((r) => r.id).sort();

/** Records the SQL of every QueryRunner `ds` creates from now on (the prune runs on one of them). */
function recordStatements(ds: DataSource): { statements: string[]; restore: () => void } {
  const statements: string[] = [];
  const original = ds.createQueryRunner.bind(ds);
  const spy = jest.spyOn(ds, 'createQueryRunner').mockImplementation((mode) => {
    const runner = original(mode);
    const query = runner.query.bind(runner);
    runner.query = ((sql: string, parameters?: unknown[], structured?: boolean) => {
      statements.push(sql);
      return query(sql, parameters, structured as never);
    }) as QueryRunner['query'];
    return runner;
  });
  return { statements, restore: () => spy.mockRestore() };
}

describe('refresh-token pruning', () => {
  let t: TestApp;
  let user: User;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        REFRESH_TOKEN_RETENTION_DAYS: '7',
        REFRESH_TOKEN_PRUNE_INTERVAL_MINUTES: '30',
        REFRESH_REUSE_GRACE_SECONDS: '0',
      },
    });
  });
  beforeEach(async () => {
    await resetDatabase(t.ds);
    user = await createUser(t.ds, { username: 'pruned_diver' });
  });
  afterAll(() => t?.app.close());

  it('deletes rows expired or revoked more than the retention ago; keeps active, rotated and recently revoked ones', async () => {
    const now = Date.now();
    const keep = [
      await insertToken(t.ds, user, { expiresAt: later(7 * DAY_MS, now) }), // active
      await insertToken(t.ds, user, { expiresAt: later(6 * DAY_MS, now), rotatedAt: ago(DAY_MS, now) }), // rotated: reuse detection needs it
      await insertToken(t.ds, user, { expiresAt: ago(6 * DAY_MS, now) }), // expired within the retention
      await insertToken(t.ds, user, { expiresAt: later(DAY_MS, now), revokedAt: ago(3600_000, now) }), // revoked an hour ago
      await insertToken(t.ds, user, { expiresAt: ago(DAY_MS, now), revokedAt: ago(6 * DAY_MS, now) }), // revoked within the retention
    ];
    const gone = [
      await insertToken(t.ds, user, { expiresAt: ago(8 * DAY_MS, now) }),
      await insertToken(t.ds, user, { expiresAt: ago(30 * DAY_MS, now), rotatedAt: ago(37 * DAY_MS, now) }),
      await insertToken(t.ds, user, { expiresAt: later(DAY_MS, now), revokedAt: ago(8 * DAY_MS, now) }),
    ];
    expect(gone).toHaveLength(3);

    const result = await t.app.get(RefreshTokenPruneJob).prune(new Date(now));
    expect(result).toMatchObject({ deleted: 3, expired: 2, revoked: 1, limitReached: false, skipped: false });
    expect(result.cutoff.getTime()).toBe(now - 7 * DAY_MS);
    expect(await remainingIds(t.ds)).toEqual([...keep].sort());

    // Nothing is due any more.
    expect(await t.app.get(RefreshTokenPruneJob).prune(new Date(now))).toMatchObject({ deleted: 0 });
  });

  it('deletes in batches of batchSize and at most maxPerRun per run; the next run continues', async () => {
    const now = Date.now();
    for (let i = 0; i < 5; i++) await insertToken(t.ds, user, { expiresAt: ago((10 + i) * DAY_MS, now) });
    for (let i = 0; i < 3; i++)
      await insertToken(t.ds, user, {
        expiresAt: later(DAY_MS, now),
        revokedAt: ago((10 + i) * DAY_MS, now),
      });
    const active = await insertToken(t.ds, user, { expiresAt: later(DAY_MS, now) });
    const settings: PruneSettings = { retentionDays: 7, batchSize: 2, maxPerRun: 6 };

    const recorder = recordStatements(t.ds);
    try {
      const first = await pruneRefreshTokens(t.ds, settings, { now: new Date(now) });
      expect(first).toMatchObject({ deleted: 6, expired: 5, revoked: 1, limitReached: true });
      const deletes = recorder.statements.filter((s) => s.startsWith('DELETE'));
      // Expired: 2 + 2 + 1 (fewer than asked: that pass is done); revoked: 1 (the run's bound), never more.
      expect(
        deletes.map((s) => [s.match(/WHERE `(\w+)`/)?.[1], Number(s.match(/LIMIT (\d+)$/)?.[1])]),
      ).toEqual([
        ['expires_at', 2],
        ['expires_at', 2],
        ['expires_at', 2],
        ['revoked_at', 1],
      ]);
    } finally {
      recorder.restore();
    }
    expect(await t.ds.getRepository(RefreshToken).count()).toBe(3);

    const second = await pruneRefreshTokens(t.ds, settings, { now: new Date(now) });
    expect(second).toMatchObject({ deleted: 2, expired: 0, revoked: 2, limitReached: false });
    expect(await remainingIds(t.ds)).toEqual([active]);
  });

  it('range-scans the expires_at and revoked_at indexes instead of the table', async () => {
    const now = Date.now();
    for (let i = 0; i < 40; i++) await insertToken(t.ds, user, { expiresAt: later((i + 1) * DAY_MS, now) });
    for (const column of ['expires_at', 'revoked_at']) {
      const plan = await explainPlan(
        t.ds,
        `DELETE FROM refresh_tokens WHERE ${column} < ? ORDER BY ${column}, id LIMIT 1000`,
        [ago(7 * DAY_MS, now)],
      );
      expect(plan).toEqual([expect.objectContaining({ key: `idx_refresh_tokens_${column}`, type: 'range' })]);
    }
  });

  it('skips (deleting nothing) while another process holds the prune lock', async () => {
    const due = await insertToken(t.ds, user, { expiresAt: ago(30 * DAY_MS) });
    const other = await openDataSource(workerDatabaseName());
    try {
      const runner = other.createQueryRunner('master');
      await runner.connect();
      try {
        await runner.query('SELECT GET_LOCK(?, 0)', [lockName(other, PRUNE_LOCK_PURPOSE)]);
        const result = await t.app.get(RefreshTokenPruneJob).prune();
        expect(result).toMatchObject({ skipped: true, deleted: 0 });
        expect(await remainingIds(t.ds)).toEqual([due]);
      } finally {
        // Released explicitly: a closed connection frees its locks only once the server notices.
        await runner.query('SELECT RELEASE_LOCK(?)', [lockName(other, PRUNE_LOCK_PURPOSE)]);
        await runner.release();
      }
    } finally {
      await other.destroy();
    }
    expect(await t.app.get(RefreshTokenPruneJob).prune()).toMatchObject({ skipped: false, deleted: 1 });
  });

  it('leaves sessions working: rotation still succeeds and reuse of a rotated token still ends its session', async () => {
    const http = t.app.getHttpServer();
    const login = await request(http)
      .post('/api/v1/auth/login')
      .send({ username: 'pruned_diver', password: STRONG_PASSWORD })
      .expect(200);
    const first = login.body.refresh_token as string;
    const second = (
      await request(http).post('/api/v1/auth/refresh').send({ refresh_token: first }).expect(200)
    ).body.refresh_token as string;
    // An old, long-expired session of the same user is what gets pruned.
    await insertToken(t.ds, user, { expiresAt: ago(30 * DAY_MS) });

    expect(await t.app.get(RefreshTokenPruneJob).prune()).toMatchObject({ deleted: 1 });
    expect(await t.ds.getRepository(RefreshToken).count()).toBe(2); // the rotated token and its successor

    await request(http).post('/api/v1/auth/refresh').send({ refresh_token: first }).expect(401);
    // The reuse revoked the session: its current token fails too.
    await request(http).post('/api/v1/auth/refresh').send({ refresh_token: second }).expect(401);
    const rows = await t.ds.getRepository(RefreshToken).find();
    expect(rows.map((r) => r.revokedReason)).toEqual(['reuse_detected', 'reuse_detected']);
  });

  it("registers an unref'd interval when enabled, and it is gone after app.close()", async () => {
    const registry = t.app.get(SchedulerRegistry);
    expect(registry.getIntervals()).toContain(REFRESH_TOKEN_PRUNE_JOB);
    const timer = registry.getInterval<NodeJS.Timeout>(REFRESH_TOKEN_PRUNE_JOB);
    expect(timer.hasRef()).toBe(false); // never keeps the process alive

    const disabled = await createTestApp({ env: { REFRESH_TOKEN_PRUNE_INTERVAL_MINUTES: '0' } });
    try {
      expect(disabled.app.get(SchedulerRegistry).getIntervals()).not.toContain(REFRESH_TOKEN_PRUNE_JOB);
    } finally {
      await disabled.app.close();
    }

    const enabled = await createTestApp({ env: { REFRESH_TOKEN_PRUNE_INTERVAL_MINUTES: '1' } });
    const enabledRegistry = enabled.app.get(SchedulerRegistry);
    expect(enabledRegistry.getIntervals()).toEqual([REFRESH_TOKEN_PRUNE_JOB]);
    await enabled.app.close();
    expect(enabledRegistry.getIntervals()).toEqual([]);
  });
});

describe('the scheduled run with the database down', () => {
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    const server = serverParams();
    proxy = await new TcpProxy({ host: server.host, port: server.port }).start();
    const database = workerDatabaseName();
    await ensureWorkerDatabaseMigrated();
    t = await createTestApp({
      env: { REFRESH_TOKEN_PRUNE_INTERVAL_MINUTES: '30' },
      database: {
        connection: { ...server, host: '127.0.0.1', port: proxy.port, database },
        url: testDatabaseUrl(database),
        connect: { attempts: 1, minDelayMs: 0, maxDelayMs: 0, timeoutMs: 2000 },
      },
    });
  });
  afterAll(async () => {
    await t?.app.close();
    await proxy?.stop();
  });

  it('logs a warning and resolves instead of throwing; the next run works again', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const job = t.app.get(RefreshTokenPruneJob);
    try {
      await proxy.cut();
      await expect(job.runScheduled()).resolves.toBeNull();
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/^Refresh-token prune failed \(next try in 30 min\): /),
      );
    } finally {
      warn.mockRestore();
      await proxy.restore();
    }
    await expect(job.runScheduled()).resolves.toMatchObject({ skipped: false });
  });
});

describe('npm run db -- prune-refresh-tokens', () => {
  const EMPTY = workerDatabaseName('prune_empty');
  let ds: DataSource;
  let user: User;

  async function db(args: string[], env: Record<string, string> = {}, database = workerDatabaseName()) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCli(args, {
      env: {
        NODE_ENV: 'test',
        DATABASE_URL: testDatabaseUrl(database),
        DB_CONNECT_ATTEMPTS: '1',
        DB_CONNECT_MIN_DELAY_MS: '0',
        DB_CONNECT_MAX_DELAY_MS: '0',
        ...env,
      },
      out: { log: (l) => stdout.push(l), error: (l) => stderr.push(l) },
    });
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    await ensureWorkerDatabaseMigrated();
    ds = await openDataSource(workerDatabaseName());
    await recreateDatabase(EMPTY);
  });
  beforeEach(async () => {
    await resetDatabase(ds);
    user = await createUser(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(EMPTY);
  });

  it('prunes with the configured retention and bounds, and prints the count', async () => {
    const now = Date.now();
    await insertToken(ds, user, { expiresAt: ago(4 * DAY_MS, now) });
    await insertToken(ds, user, { expiresAt: ago(2 * DAY_MS, now) });
    await insertToken(ds, user, { expiresAt: later(DAY_MS, now), revokedAt: ago(5 * DAY_MS, now) });
    const kept = await insertToken(ds, user, { expiresAt: later(DAY_MS, now) });

    const r = await db(['prune-refresh-tokens'], {
      REFRESH_TOKEN_RETENTION_DAYS: '3',
      REFRESH_TOKEN_PRUNE_BATCH_SIZE: '1',
    });
    expect(r).toMatchObject({ code: 0, stderr: [] });
    expect(r.stdout).toEqual([
      expect.stringMatching(
        /^Pruned 2 refresh tokens expired or revoked before \d{4}-\d\d-\d\dT[\d:.]+Z \(1 by expiry, 1 by revocation\)$/,
      ),
    ]);
    expect(await ds.getRepository(RefreshToken).count()).toBe(2);

    const bounded = await db(['prune-refresh-tokens'], {
      REFRESH_TOKEN_RETENTION_DAYS: '1',
      REFRESH_TOKEN_PRUNE_MAX_PER_RUN: '1',
    });
    expect(bounded.code).toBe(0);
    expect(bounded.stdout[0]).toMatch(
      /^Pruned 1 refresh token expired .*; the per-run limit was reached, more may remain$/,
    );
    expect(await remainingIds(ds)).toEqual([kept]);

    expect((await db(['prune-refresh-tokens'])).stdout[0]).toMatch(/^Pruned 0 refresh tokens /);
  });

  it('refuses an argument (exit 2), a bad setting and a database without the table (exit 1)', async () => {
    const extra = await db(['prune-refresh-tokens', 'now']);
    expect(extra.code).toBe(2);
    expect(extra.stderr[0]).toBe('error: prune-refresh-tokens takes no argument, got: now');

    const bad = await db(['prune-refresh-tokens'], { REFRESH_TOKEN_PRUNE_BATCH_SIZE: '0' });
    expect(bad.code).toBe(1);
    expect(bad.stderr.at(-1)).toMatch(/^error: Invalid configuration: REFRESH_TOKEN_PRUNE_BATCH_SIZE: /);

    const empty = await db(['prune-refresh-tokens'], {}, EMPTY);
    expect(empty.code).toBe(1);
    expect(empty.stderr.at(-1)).toBe(
      'error: table refresh_tokens does not exist: run `npm run db -- up` first',
    );
  });
});
