import { performance } from 'node:perf_hooks';
import request from 'supertest';
import type { App } from 'supertest/types';
import { cellsWithin } from '../../src/common/geo/cells';
import type { LatLng } from '../../src/common/geo/geo';
import { lockName } from '../../src/database/named-lock';
import {
  CREATE_BUSY,
  CREATE_BUSY_RETRY_AFTER_S,
  SIMILAR_NAME_DISTANCE_M,
} from '../../src/modules/sites/dive-site-rules';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { bearer, createUser, tokenFor } from '../support/factories';

interface Creator {
  name: string;
  latitude: number;
  longitude: number;
  /** Creators with the same group race for one place: exactly one of them may get the 201. */
  group?: string;
}

/**
 * 50 creators: 44 in places at least ~100 km from any other place (and never similar names: the
 * numbers differ), including two 220 m apart on either side of ±180 and two near the poles; and 3
 * groups of 2 racing for one place — same coordinates; 27 m apart across ±180 (within 50 m); 2 km
 * apart across the North Pole with similar names (within 50 km).
 */
function creators(): Creator[] {
  const list: Creator[] = [];
  for (const latitude of [-60, -30, 0, 30, 60]) {
    for (let lng = -157.5; lng < 180; lng += 45) {
      list.push({ name: `Concurrency Site ${list.length + 1}`, latitude, longitude: lng });
    }
  }
  for (const [latitude, longitude] of [
    [0.5, 179.999],
    [0.5, -179.999],
    [89.95, 10],
    [-89.9, -120],
  ]) {
    list.push({ name: `Concurrency Site ${list.length + 1}`, latitude, longitude });
  }
  list.push(
    { name: 'Kastelorizo Blue Cave', latitude: 36.1424, longitude: 29.5876, group: 'same place' },
    { name: 'Kastelorizo Blue Cave', latitude: 36.1424, longitude: 29.5876, group: 'same place' },
    { name: 'Rainbow Reef Taveuni', latitude: -16.5, longitude: 179.9999, group: 'across ±180' },
    { name: 'Great White Wall', latitude: -16.5, longitude: -179.99985, group: 'across ±180' },
    { name: 'Polar Ice Wall', latitude: 89.99, longitude: 0, group: 'over the pole' },
    { name: 'Polar Ice Wal', latitude: 89.99, longitude: 180, group: 'over the pole' },
  );
  return list;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe('creating dive sites concurrently all over the world (small pool)', () => {
  let t: TestApp;
  let http: App;
  let tokens: string[];
  beforeAll(async () => {
    t = await createTestApp({ env: { DB_POOL_SIZE: '5' } });
    http = t.app.getHttpServer();
  });
  afterAll(() => t?.app.close());
  beforeEach(async () => {
    await resetDatabase(t.ds);
    tokens = [];
    for (let i = 0; i < 10; i++) tokens.push(tokenFor(t, await createUser(t.ds)));
  });

  const create = (body: object, i = 0) =>
    request(http)
      .post('/api/v1/dive-sites')
      .set(bearer(tokens[i % tokens.length]))
      .send(body);

  it('answers 50 simultaneous creators with 201 or 409, one 201 per contested place, never a 5xx', async () => {
    const all = creators();
    expect(all).toHaveLength(50);
    // Warm-up (the first request of an app pays for lazy initialisation), then a clean table.
    expect((await create({ name: 'Warm-up' })).status).toBe(201);
    await t.ds.query('DELETE FROM dive_sites');

    const timed = await Promise.all(
      all.map(async (c, i) => {
        const started = performance.now();
        const res = await create({ name: c.name, latitude: c.latitude, longitude: c.longitude }, i);
        return { c, res, ms: performance.now() - started };
      }),
    );

    const statuses = timed.map(({ res }) => res.status);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    for (const { c, res } of timed) {
      if (!c.group) expect({ name: c.name, status: res.status }).toEqual({ name: c.name, status: 201 });
    }
    for (const group of new Set(all.flatMap((c) => (c.group ? [c.group] : [])))) {
      const answers = timed.filter(({ c }) => c.group === group);
      expect({ group, statuses: answers.map(({ res }) => res.status).sort() }).toEqual({
        group,
        statuses: [201, 409],
      });
      const loser = answers.find(({ res }) => res.status === 409)!;
      const winner = answers.find(({ res }) => res.status === 201)!;
      const body = loser.res.body as { detail: { nearby_sites: Array<{ id: number }> } };
      expect(body.detail.nearby_sites.map((s) => s.id)).toContain((winner.res.body as { id: number }).id);
    }
    const [{ n }] = await t.ds.query<Array<{ n: number | string }>>('SELECT COUNT(*) AS n FROM dive_sites');
    expect(Number(n)).toBe(47);

    const ms = timed.map((x) => x.ms).sort((a, b) => a - b);
    const p50 = percentile(ms, 50);
    const p99 = percentile(ms, 99);
    process.stdout.write(
      `50 concurrent site creators (pool 5): p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${ms[ms.length - 1].toFixed(0)} ms\n`,
    );
    // The acceptance line is p99 ≤ 2 s; asserted with slack so a loaded shared machine does not fail
    // the test (a global lock queue or pool starvation would show up as 5xx above, or far beyond this).
    expect(p99).toBeLessThan(2000 * 3);
  });

  it('answers 503 with Retry-After when the area stays locked, while creators elsewhere go on', async () => {
    const where: LatLng = { lat: 27.2, lng: 33.9 };
    const cells = cellsWithin(where, SIMILAR_NAME_DISTANCE_M + 100);
    const held = t.ds.createQueryRunner('master');
    await held.connect();
    try {
      // Another creator (here: a bare connection) holds one of the area's cell locks.
      const name = lockName(t.ds, `dive_sites:create:${cells[0].band}:${cells[0].index}`);
      const [got] = (await held.query('SELECT GET_LOCK(?, 0) AS ok', [name])) as Array<{
        ok: number | string;
      }>;
      expect(Number(got.ok)).toBe(1);

      const started = performance.now();
      const [busy, elsewhere, withoutCoordinates] = await Promise.all([
        create({ name: 'Shaab El Erg', latitude: where.lat, longitude: where.lng }),
        create({ name: 'Far Away Reef', latitude: -8.3, longitude: 115.5 }, 1),
        create({ name: 'Somewhere Unmapped' }, 2),
      ]);
      expect(busy.status).toBe(503);
      expect(busy.headers['retry-after']).toBe(String(CREATE_BUSY_RETRY_AFTER_S));
      expect(busy.body).toMatchObject({ detail: CREATE_BUSY, error: 'site_creation_busy' });
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(elsewhere.status).toBe(201);
      expect(withoutCoordinates.status).toBe(201);
    } finally {
      await held.query('SELECT RELEASE_ALL_LOCKS()').catch(() => undefined);
      await held.release();
    }
    // Released: the same create now goes through.
    expect((await create({ name: 'Shaab El Erg', latitude: where.lat, longitude: where.lng })).status).toBe(
      201,
    );
  });
});

describe('creating a dive site with a pool of ONE connection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { DB_POOL_SIZE: '1' } });
  });
  afterAll(() => t?.app.close());

  it('never needs a second connection while holding the lock (201, then the 409)', async () => {
    await resetDatabase(t.ds);
    const http = t.app.getHttpServer() as App;
    const token = tokenFor(t, await createUser(t.ds));
    const body = { name: 'Blue Hole Dahab', latitude: 28.5722, longitude: 34.5372 };
    const first = await request(http).post('/api/v1/dive-sites').set(bearer(token)).send(body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ name: 'Blue Hole Dahab', latitude: 28.5722 });
    const again = await request(http)
      .post('/api/v1/dive-sites')
      .set(bearer(token))
      .send({ ...body, name: 'The Blue Hole Dahab', longitude: 34.5373 });
    expect(again.status).toBe(409);
    expect((again.body as { detail: { nearby_sites: Array<{ id: number }> } }).detail.nearby_sites).toEqual([
      expect.objectContaining({ id: (first.body as { id: number }).id, name: 'Blue Hole Dahab' }),
    ]);
  });
});
