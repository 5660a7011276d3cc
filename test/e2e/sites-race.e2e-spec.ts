import request from 'supertest';
import type { App } from 'supertest/types';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { bearer, createUser, tokenFor } from '../support/factories';

describe('creating the same dive site concurrently', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.app.close());

  it('lets exactly one of several racing creators through; the others get the 409', async () => {
    await resetDatabase(t.ds);
    const http = t.app.getHttpServer() as App;
    const tokens = await Promise.all([1, 2, 3, 4].map(async () => tokenFor(t, await createUser(t.ds))));
    const results = await Promise.all(
      tokens.map((token, i) =>
        request(http)
          .post('/api/v1/dive-sites')
          .set(bearer(token))
          .send({
            name: `Kastelorizo Blue Cave ${'I'.repeat(i + 1)}`,
            latitude: 36.1424,
            longitude: 29.5876,
          }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const [{ n }] = await t.ds.query<Array<{ n: number | string }>>('SELECT COUNT(*) AS n FROM dive_sites');
    expect(Number(n)).toBe(1);
  });
});
