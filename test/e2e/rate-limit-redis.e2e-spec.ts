import { randomInt } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import { createTestApp, type TestApp } from '../support/app';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** Two replicas with REDIS_URL share one rate-limit budget per client (Redis on 127.0.0.1:6379). */
describe('rate limits shared through Redis', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = { RATE_LIMIT_LOGIN_PER_MINUTE: '4', TRUST_PROXY: '1', REDIS_URL };
    [a, b] = await Promise.all([createTestApp({ env }), createTestApp({ env })]);
  });
  afterAll(async () => {
    await a?.app.close();
    await b?.app.close();
  });

  it('counts requests to both instances against one budget', async () => {
    // A fresh documentation-range address per run, so earlier runs' counters never interfere.
    const ip = `198.18.${randomInt(0, 255)}.${randomInt(1, 255)}`;
    const login = (t: TestApp) =>
      request(t.app.getHttpServer() as App)
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ username: 'nobody', password: 'Wrong-pass1!' });
    const statuses: number[] = [];
    for (const t of [a, b, a, b]) statuses.push((await login(t)).status);
    expect(statuses).toEqual([401, 401, 401, 401]);
    // The fifth request overall is over the budget on either instance.
    const limited = await login(a);
    expect(limited.status).toBe(429);
    expect((await login(b)).status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('rate limits when Redis is unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { RATE_LIMIT_LOGIN_PER_MINUTE: '2', TRUST_PROXY: '1', REDIS_URL: 'redis://127.0.0.1:1/0' },
    });
  });
  afterAll(() => t?.app.close());

  it('falls back to per-process counters: requests are served and still limited', async () => {
    const http = t.app.getHttpServer() as App;
    const login = () =>
      request(http)
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', '192.0.2.77')
        .send({ username: 'x', password: 'y' });
    expect((await login()).status).toBe(401);
    expect((await login()).status).toBe(401);
    expect((await login()).status).toBe(429);
  });
});
