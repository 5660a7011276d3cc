import request from 'supertest';
import type { App } from 'supertest/types';
import { haversineMeters, type LatLng } from '../../src/common/geo/geo';
import { flavourOfOptions, spatialSql } from '../../src/database/spatial';
import { nearbySql } from '../../src/database/spatial-search';
import { createTestApp, type TestApp } from '../support/app';
import { expectedNearbyIndex, explainPlan, resetDatabase } from '../support/database';
import { bearer, createUser, tokenFor } from '../support/factories';
import { destination, rng, round8 } from '../support/geo';

const BASE = '/api/v1/diving-centers';

interface Row {
  id: number;
  lat: number | null;
  lng: number | null;
}

interface NearbyItem {
  id: number;
  name: string;
  country: string | null;
  region: string | null;
  city: string | null;
  distance_km: number;
}

describe('diving centers: spatial search', () => {
  let t: TestApp;
  let http: App;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    http = t.app.getHttpServer();
  });
  afterAll(() => t?.app.close());

  const nearby = async (query: Record<string, unknown>): Promise<NearbyItem[]> =>
    (await request(http).get(`${BASE}/nearby`).query(query).expect(200)).body as NearbyItem[];

  /** Inserts centers in multi-row INSERTs, location written with the server's point expression. */
  async function insertCenters(points: Array<LatLng | null>): Promise<Row[]> {
    const spatial = spatialSql(flavourOfOptions(t.ds.options));
    const rows: Row[] = [];
    for (let start = 0; start < points.length; start += 1000) {
      const chunk = points.slice(start, start + 1000);
      const values: string[] = [];
      const params: unknown[] = [];
      chunk.forEach((p, i) => {
        if (p) {
          values.push(`(?, ?, ?, ?, ${spatial.point('?', '?')})`);
          params.push(`Center ${start + i}`, `Country ${(start + i) % 7}`, p.lat, p.lng, p.lng, p.lat);
        } else {
          values.push(`(?, ?, NULL, NULL, ${spatial.sentinel()})`);
          params.push(`Center ${start + i}`, null);
        }
      });
      const result = await t.ds.query<{ insertId: number }>(
        `INSERT INTO diving_centers (name, country, latitude, longitude, location) VALUES ${values.join(', ')}`,
        params,
      );
      chunk.forEach((p, i) =>
        rows.push({ id: result.insertId + i, lat: p?.lat ?? null, lng: p?.lng ?? null }),
      );
    }
    return rows;
  }

  /** The brute-force answer: every center with coordinates within the radius, nearest first (ties by id). */
  function bruteForce(rows: Row[], center: LatLng, radiusM: number) {
    return rows
      .filter((r) => r.lat !== null && r.lng !== null)
      .map((r) => ({ id: r.id, distance_m: haversineMeters(center, { lat: r.lat!, lng: r.lng! }) }))
      .filter((r) => r.distance_m <= radiusM)
      .sort((a, b) => a.distance_m - b.distance_m || a.id - b.id);
  }

  describe('GET /diving-centers/nearby equals a brute-force haversine (same EARTH_RADIUS_M)', () => {
    let rows: Row[];

    /** The edge zones: the antimeridian from both sides, both poles, high latitude, the sentinel's origin. */
    const ZONES: LatLng[] = [
      { lat: -17, lng: 179.9 },
      { lat: 10, lng: -179.9 },
      { lat: 89.5, lng: 0 },
      { lat: -89.5, lng: 100 },
      { lat: 85, lng: -45 },
      { lat: 27.25, lng: 33.8 },
      { lat: 0.2, lng: 0.2 },
    ];

    beforeAll(async () => {
      await resetDatabase(t.ds);
      const random = rng(5);
      const points: Array<LatLng | null> = [];
      for (let i = 0; i < 2500; i++) {
        points.push({
          lat: round8((Math.asin(2 * random() - 1) * 180) / Math.PI),
          lng: round8(random() * 360 - 180) || 0,
        });
      }
      // Clusters up to 400 km around each zone (exactly on the poles and at (0, 0) too).
      for (const zone of ZONES) {
        for (let i = 0; i < 400; i++) points.push(destination(zone, random() * 400_000, random() * 360));
      }
      points.push({ lat: 90, lng: 0 }, { lat: -90, lng: 45 }, { lat: 0, lng: 0 }, { lat: -17, lng: 180 });
      // Centers without coordinates (the POINT(0 0) sentinel).
      for (let i = 0; i < 300; i++) points.push(null);
      rows = await insertCenters(points);
      await t.ds.query('ANALYZE TABLE diving_centers');
    }, 60_000);
    afterAll(() => resetDatabase(t.ds));

    it('holds at least 5,000 rows', () => {
      expect(rows.length).toBeGreaterThanOrEqual(5000);
    });

    it('returns the brute-force centers and distances, nearest first, around every zone, radius and limit', async () => {
      const random = rng(11);
      const centres = [
        ...ZONES,
        ...Array.from({ length: 6 }, () => ({
          lat: round8(random() * 170 - 85),
          lng: round8(random() * 360 - 180),
        })),
      ];
      let compared = 0;
      for (const center of centres) {
        for (const radiusKm of [1, 25, 100, 500]) {
          for (const limit of [1, 25, 100]) {
            const expected = bruteForce(rows, center, radiusKm * 1000).slice(0, limit);
            const actual = await nearby({ lat: center.lat, lng: center.lng, radius_km: radiusKm, limit });
            expect(actual.map((r) => r.id)).toEqual(expected.map((r) => r.id));
            actual.forEach((r, i) => {
              expect(Math.abs(r.distance_km - expected[i].distance_m / 1000)).toBeLessThanOrEqual(
                0.005 + 1e-9,
              );
            });
            compared += expected.length;
          }
        }
      }
      expect(compared).toBeGreaterThan(2000);
    });

    it('both sides of the antimeridian are found from ±179.9; centers across the pole from ±89.5', async () => {
      const lngOf = (id: number) => rows.find((r) => r.id === id)!.lng!;
      const fiji = await nearby({ lat: -17, lng: 179.9, radius_km: 100, limit: 100 });
      expect(fiji.some((r) => lngOf(r.id) < 0) && fiji.some((r) => lngOf(r.id) > 0)).toBe(true);
      const west = await nearby({ lat: 10, lng: -179.9, radius_km: 100, limit: 100 });
      expect(west.some((r) => lngOf(r.id) > 0)).toBe(true);
      const pole = await nearby({ lat: 89.5, lng: 0, radius_km: 100, limit: 100 });
      expect(pole.some((r) => Math.abs(lngOf(r.id)) > 90)).toBe(true);
      // -180 is the same meridian as 180.
      expect(await nearby({ lat: -17, lng: -180, radius_km: 300, limit: 50 })).toEqual(
        await nearby({ lat: -17, lng: 180, radius_km: 300, limit: 50 }),
      );
    });

    it('never returns centers without coordinates, even at (0, 0)', async () => {
      const sentinels = new Set(rows.filter((r) => r.lat === null).map((r) => r.id));
      const near = await nearby({ lat: 0, lng: 0, radius_km: 500, limit: 100 });
      expect(near.length).toBeGreaterThan(0);
      expect(near.filter((r) => sentinels.has(r.id))).toEqual([]);
      // The center placed exactly at (0, 0) is a real one and comes first.
      expect(near[0]).toMatchObject({ distance_km: 0 });
      expect(rows.find((r) => r.id === near[0].id)).toMatchObject({ lat: 0, lng: 0 });
    });

    it('EXPLAIN of the nearby SQL range-scans an index in every UNION ALL branch: the spatial one, or latitude/longitude across ±180 on MySQL', async () => {
      for (const center of [
        { lat: 27.25, lng: 33.8 },
        { lat: -17, lng: 179.9 },
      ]) {
        const { sql, params } = nearbySql({
          flavour: flavourOfOptions(t.ds.options),
          table: 'diving_centers',
          columns: ['name', 'country', 'region', 'city'],
          center,
          radiusM: 100_000,
          limit: 25,
        });
        const plan = await explainPlan(t.ds, sql, params);
        const scans = plan.filter((p) => p.table === 'diving_centers');
        expect(scans.length).toBe(center.lng > 179 ? 2 : 1);
        for (const scan of scans)
          expect(scan).toMatchObject({
            key: expectedNearbyIndex('diving_centers', t.ds, center.lng > 179),
            type: 'range',
          });
      }
    });
  });

  describe('nearby, search and the centers near a site through the API', () => {
    beforeEach(async () => {
      await resetDatabase(t.ds);
      admin = tokenFor(t, await createUser(t.ds, { isAdmin: true }));
    });

    const create = async (body: Record<string, unknown>) =>
      (
        await request(http)
          .post(BASE)
          .set(bearer(admin))
          .send({ description: 'd', ...body })
          .expect(201)
      ).body as { id: number };

    it('creating and updating a center moves it in nearby results; removing its coordinates hides it', async () => {
      const athens = { lat: 37.9838, lng: 23.7275 };
      const center = await create({
        name: 'Piraeus Divers',
        latitude: 37.942,
        longitude: 23.6465,
        city: 'Piraeus',
      });
      const far = await create({ name: 'Far Divers', latitude: 38.5, longitude: 23.7275 });
      await create({ name: 'Nowhere Divers' });
      const first = await nearby({ lat: athens.lat, lng: athens.lng });
      expect(first).toEqual([
        {
          id: center.id,
          name: 'Piraeus Divers',
          country: null,
          region: null,
          city: 'Piraeus',
          distance_km: 8.49,
        },
        expect.objectContaining({ id: far.id }),
      ]);
      expect(await nearby({ lat: athens.lat, lng: athens.lng, radius_km: 10 })).toHaveLength(1);

      await request(http)
        .put(`${BASE}/${center.id}`)
        .set(bearer(admin))
        .send({ latitude: 35.3387, longitude: 25.1442 })
        .expect(200);
      expect((await nearby({ lat: athens.lat, lng: athens.lng })).map((r) => r.id)).toEqual([far.id]);
      const heraklion = await nearby({ lat: 35.34, lng: 25.14, radius_km: 5 });
      expect(heraklion.map((r) => r.id)).toEqual([center.id]);

      await request(http)
        .put(`${BASE}/${center.id}`)
        .set(bearer(admin))
        .send({ latitude: null, longitude: null })
        .expect(200);
      expect(await nearby({ lat: 35.34, lng: 25.14, radius_km: 100 })).toEqual([]);
      expect(await nearby({ lat: 0, lng: 0, radius_km: 500 })).toEqual([]);
    });

    it('limit and ordering: the nearest first, at most limit', async () => {
      const ids: number[] = [];
      for (let i = 1; i <= 5; i++)
        ids.push((await create({ name: `Ring ${i}`, latitude: 10 + i * 0.1, longitude: 20 })).id);
      const res = await nearby({ lat: 10, lng: 20, limit: 3 });
      expect(res.map((r) => r.id)).toEqual(ids.slice(0, 3));
      expect(res.map((r) => r.distance_km)).toEqual([11.12, 22.24, 33.36]);
    });

    it('bounds: radius 1–500, limit 1–100, lat ±90, lng ±180, lat and lng required (422)', async () => {
      const bad: Array<Record<string, unknown>> = [
        { lat: 0, lng: 0, radius_km: 0.5 },
        { lat: 0, lng: 0, radius_km: 501 },
        { lat: 0, lng: 0, radius_km: 'far' },
        { lat: 0, lng: 0, limit: 0 },
        { lat: 0, lng: 0, limit: 101 },
        { lat: 0, lng: 0, limit: 2.5 },
        { lat: 90.5, lng: 0 },
        { lat: 0, lng: -181 },
        { lng: 0 },
        { lat: 0 },
        { lat: '', lng: 0 },
      ];
      for (const query of bad) {
        const res = await request(http).get(`${BASE}/nearby`).query(query);
        expect([query, res.status]).toEqual([query, 422]);
      }
      for (const query of [
        { lat: 0, lng: 0, radius_km: 1, limit: 1 },
        { lat: -90, lng: -180, radius_km: 500, limit: 100 },
      ]) {
        await request(http).get(`${BASE}/nearby`).query(query).expect(200);
      }
    });

    it('GET /dive-sites/{id}/diving-centers/nearby: centers near a site; 400 without coordinates; 404', async () => {
      const near = await create({ name: 'Near Ras Mohammed', latitude: 27.8, longitude: 34.3 });
      await create({ name: 'Far away', latitude: 40, longitude: 10 });
      const site = await t.ds.query<{ insertId: number }>(
        "INSERT INTO dive_sites (name, latitude, longitude) VALUES ('Ras Mohammed', 27.73, 34.25)",
      );
      const bare = await t.ds.query<{ insertId: number }>(
        "INSERT INTO dive_sites (name) VALUES ('Somewhere')",
      );
      const res = await request(http)
        .get(`/api/v1/dive-sites/${site.insertId}/diving-centers/nearby`)
        .expect(200);
      expect(res.body).toEqual([expect.objectContaining({ id: near.id, name: 'Near Ras Mohammed' })]);
      const noCoords = await request(http)
        .get(`/api/v1/dive-sites/${bare.insertId}/diving-centers/nearby`)
        .expect(400);
      expect(noCoords.body.detail).toBe('Dive site does not have location coordinates');
      await request(http).get('/api/v1/dive-sites/999999/diving-centers/nearby').expect(404);
      await request(http)
        .get(`/api/v1/dive-sites/${site.insertId}/diving-centers/nearby`)
        .query({ radius_km: 600 })
        .expect(422);
    });

    it('search: prefix matches first, then substrings; ties nearest first with lat/lng and distance_km', async () => {
      const reefNorth = await create({
        name: 'Reef Divers North',
        latitude: 28,
        longitude: 34,
        country: 'Egypt',
      });
      const reefSouth = await create({ name: 'Reef Divers South', latitude: 25, longitude: 35 });
      const reefNone = await create({ name: 'Reef Divers Nowhere' });
      const coral = await create({ name: 'Coral Reef Club', latitude: 27.5, longitude: 34 });
      await create({ name: 'Wreck Center' });

      const plain = await request(http).get(`${BASE}/search`).query({ q: 'reef' }).expect(200);
      expect(plain.body.map((r: { id: number }) => r.id)).toEqual([
        reefNorth.id,
        reefNone.id,
        reefSouth.id,
        coral.id,
      ]);
      expect(plain.body[0]).toEqual({
        id: reefNorth.id,
        name: 'Reef Divers North',
        country: 'Egypt',
        region: null,
        city: null,
      });

      const near = await request(http)
        .get(`${BASE}/search`)
        .query({ q: 'reef', lat: 25, lng: 35 })
        .expect(200);
      expect(near.body.map((r: { id: number }) => r.id)).toEqual([
        reefSouth.id,
        reefNorth.id,
        reefNone.id,
        coral.id,
      ]);
      expect(near.body[0].distance_km).toBe(0);
      expect(near.body[2].distance_km).toBeNull();
      expect(near.body[1].distance_km).toBeCloseTo(
        haversineMeters({ lat: 25, lng: 35 }, { lat: 28, lng: 34 }) / 1000,
        1,
      );

      const limited = await request(http).get(`${BASE}/search`).query({ q: 'reef', limit: 1 }).expect(200);
      expect(limited.body).toHaveLength(1);
      expect((await request(http).get(`${BASE}/search`).query({ q: '%' }).expect(200)).body).toEqual([]);
      for (const query of [
        {},
        { q: '' },
        { q: '   ' },
        { q: 'x'.repeat(201) },
        { q: 'a', limit: 51 },
        { q: 'a', limit: 0 },
        { q: 'a', lat: 10 },
        { q: 'a', lat: 100, lng: 0 },
      ]) {
        const res = await request(http).get(`${BASE}/search`).query(query);
        expect([query, res.status]).toEqual([query, 422]);
      }
    });
  });
});
