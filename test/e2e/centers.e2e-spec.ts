import request from 'supertest';
import type { App } from 'supertest/types';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { expectBoundedList } from '../support/bounded-list';
import { bearer, createUser, tokenFor } from '../support/factories';
import type { User } from '../../src/modules/users/entities/user.entity';
import { syncRatingAggregates } from '../support/ratings';

const BASE = '/api/v1/diving-centers';

interface Center {
  id: number;
  name: string;
  [key: string]: unknown;
}

describe('diving centers', () => {
  let t: TestApp;
  let http: App;
  let admin: string;
  let moderator: string;
  let user: string;
  let userRow: User;

  beforeAll(async () => {
    t = await createTestApp();
    http = t.app.getHttpServer();
  });
  beforeEach(async () => {
    await resetDatabase(t.ds);
    admin = tokenFor(t, await createUser(t.ds, { isAdmin: true }));
    moderator = tokenFor(t, await createUser(t.ds, { isModerator: true }));
    userRow = await createUser(t.ds, { username: 'plain_diver', numberOfDives: 7 });
    user = tokenFor(t, userRow);
  });
  afterAll(() => t?.app.close());

  async function create(body: Record<string, unknown>, token = admin): Promise<Center> {
    const res = await request(http)
      .post(BASE)
      .set(bearer(token))
      .send({ description: 'A dive center', ...body });
    expect(res.status).toBe(201);
    return res.body as Center;
  }

  /** The stored location as mysql2 reads a POINT: {x: lng, y: lat}. */
  async function locationOf(id: number): Promise<{ x: number; y: number }> {
    const [row] = await t.ds.query<Array<{ location: { x: number; y: number } }>>(
      'SELECT location FROM diving_centers WHERE id = ?',
      [id],
    );
    return row.location;
  }

  describe('create, update, delete', () => {
    it('role rules: anonymous 401, users 403; admins and moderators create (201)', async () => {
      const body = { name: 'Blue Hole Divers', description: 'Dahab' };
      const anon = await request(http).post(BASE).send(body).expect(401);
      expect(anon.body.detail).toBe('Not authenticated');
      const forbidden = await request(http).post(BASE).set(bearer(user)).send(body).expect(403);
      expect(forbidden.body.detail).toBe('Not enough permissions');
      const created = await create(
        {
          name: '<b>Blue Hole</b> Divers',
          description: 'Dahab <script>x()</script>shore dives',
          email: 'info@bluehole.example',
          phone: '+20 100',
          website: 'https://bluehole.example',
          address: 'Lighthouse road',
          latitude: 28.5721,
          longitude: 34.5383,
          country: 'Egypt',
          region: 'South Sinai',
          city: 'Dahab',
        },
        moderator,
      );
      expect(created).toEqual({
        id: expect.any(Number),
        name: 'Blue Hole Divers',
        description: 'Dahab shore dives',
        address: 'Lighthouse road',
        email: 'info@bluehole.example',
        phone: '+20 100',
        website: 'https://bluehole.example',
        latitude: 28.5721,
        longitude: 34.5383,
        country: 'Egypt',
        region: 'South Sinai',
        city: 'Dahab',
        created_at: expect.any(String),
        updated_at: expect.any(String),
        average_rating: null,
        total_ratings: 0,
        comment_count: 0,
      });
      expect(await locationOf(created.id)).toEqual({ x: 34.5383, y: 28.5721 });
      await request(http).put(`${BASE}/${created.id}`).set(bearer(user)).send({ city: 'X' }).expect(403);
      await request(http).put(`${BASE}/${created.id}`).send({ city: 'X' }).expect(401);
      await request(http).delete(`${BASE}/${created.id}`).set(bearer(user)).expect(403);
      await request(http).delete(`${BASE}/${created.id}`).expect(401);
    });

    it('coordinates: both or neither (422 for one), ranges, -180 stored as 180, (0, 0) is a real place', async () => {
      const one = await request(http)
        .post(BASE)
        .set(bearer(admin))
        .send({ name: 'Half', description: 'd', latitude: 10 })
        .expect(422);
      expect(one.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'longitude'] })]);
      await request(http)
        .post(BASE)
        .set(bearer(admin))
        .send({ name: 'Half', description: 'd', longitude: 10, latitude: null })
        .expect(422);
      for (const bad of [
        { latitude: 90.0001, longitude: 0 },
        { latitude: -91, longitude: 0 },
        { latitude: 0, longitude: 180.5 },
        { latitude: 0, longitude: '12' },
      ]) {
        await request(http)
          .post(BASE)
          .set(bearer(admin))
          .send({ name: 'Bad', description: 'd', ...bad })
          .expect(422);
      }
      await request(http).post(BASE).set(bearer(admin)).send({ name: 'No description' }).expect(422);
      await request(http).post(BASE).set(bearer(admin)).send({ description: 'no name' }).expect(422);
      await request(http)
        .post(BASE)
        .set(bearer(admin))
        .send({ name: 'Mail', description: 'd', email: 'not-an-email' })
        .expect(422);

      const none = await create({ name: 'Nowhere' });
      expect(none).toMatchObject({ latitude: null, longitude: null });
      expect(await locationOf(none.id)).toEqual({ x: 0, y: 0 });
      const antimeridian = await create({ name: 'Taveuni', latitude: -16.8, longitude: -180 });
      expect(antimeridian).toMatchObject({ latitude: -16.8, longitude: 180 });
      expect(await locationOf(antimeridian.id)).toEqual({ x: 180, y: -16.8 });
      const origin = await create({ name: 'Null Island', latitude: 0, longitude: 0 });
      expect(origin).toMatchObject({ latitude: 0, longitude: 0 });
      const near = await request(http)
        .get(`${BASE}/nearby`)
        .query({ lat: 0.1, lng: 0.1, radius_km: 50 })
        .expect(200);
      expect(near.body.map((c: Center) => c.id)).toEqual([origin.id]);
    });

    it('update: partial, coordinates move location in the same statement, null pair removes them', async () => {
      const center = await create({ name: 'Mover', latitude: 37.9838, longitude: 23.7275, city: 'Athens' });
      const updated = await request(http)
        .put(`${BASE}/${center.id}`)
        .set(bearer(moderator))
        .send({ latitude: 35.3387, longitude: 25.1442, city: 'Heraklion', phone: null })
        .expect(200);
      expect(updated.body).toMatchObject({
        name: 'Mover',
        latitude: 35.3387,
        longitude: 25.1442,
        city: 'Heraklion',
        description: 'A dive center',
      });
      expect(await locationOf(center.id)).toEqual({ x: 25.1442, y: 35.3387 });
      const onlyOne = await request(http)
        .put(`${BASE}/${center.id}`)
        .set(bearer(admin))
        .send({ longitude: 20 })
        .expect(422);
      expect(onlyOne.body.detail[0].loc).toEqual(['body', 'latitude']);
      await request(http)
        .put(`${BASE}/${center.id}`)
        .set(bearer(admin))
        .send({ latitude: null, longitude: 3 })
        .expect(422);
      await request(http).put(`${BASE}/${center.id}`).set(bearer(admin)).send({ name: null }).expect(422);
      await request(http).put(`${BASE}/${center.id}`).set(bearer(admin)).send({ name: '' }).expect(422);
      // Fields without coordinates leave the location alone.
      await request(http)
        .put(`${BASE}/${center.id}`)
        .set(bearer(admin))
        .send({ name: 'Renamed' })
        .expect(200);
      expect(await locationOf(center.id)).toEqual({ x: 25.1442, y: 35.3387 });
      const cleared = await request(http)
        .put(`${BASE}/${center.id}`)
        .set(bearer(admin))
        .send({ latitude: null, longitude: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ name: 'Renamed', latitude: null, longitude: null });
      expect(await locationOf(center.id)).toEqual({ x: 0, y: 0 });
      await request(http).put(`${BASE}/999999`).set(bearer(admin)).send({ city: 'X' }).expect(404);
      await request(http).put(`${BASE}/abc`).set(bearer(admin)).send({ city: 'X' }).expect(422);
    });

    it('delete cascades ratings, comments, gear, links — and keeps users’ dives (center cleared)', async () => {
      const center = await create({ name: 'Doomed', latitude: 1, longitude: 1 });
      await request(http).post(`${BASE}/${center.id}/rate`).set(bearer(user)).send({ score: 8 }).expect(200);
      await request(http)
        .post(`${BASE}/${center.id}/comments`)
        .set(bearer(user))
        .send({ comment_text: 'Nice' })
        .expect(201);
      await request(http)
        .post(`${BASE}/${center.id}/gear-rental`)
        .set(bearer(admin))
        .send({ item_name: 'BCD', cost: 10 })
        .expect(201);
      const dive = await t.ds.query<{ insertId: number }>(
        "INSERT INTO dives (user_id, diving_center_id, dive_date) VALUES (?, ?, '2025-06-01')",
        [userRow.id, center.id],
      );
      const res = await request(http).delete(`${BASE}/${center.id}`).set(bearer(moderator)).expect(200);
      expect(res.body.message).toBe('Diving center deleted successfully');
      const [row] = await t.ds.query<Array<{ diving_center_id: number | null }>>(
        'SELECT diving_center_id FROM dives WHERE id = ?',
        [dive.insertId],
      );
      expect(row).toEqual({ diving_center_id: null });
      for (const table of ['center_ratings', 'center_comments', 'gear_rental_costs']) {
        const [count] = await t.ds.query<Array<{ n: string | number }>>(`SELECT COUNT(*) AS n FROM ${table}`);
        expect(Number(count.n)).toBe(0);
      }
      const gone = await request(http).delete(`${BASE}/${center.id}`).set(bearer(admin)).expect(404);
      expect(gone.body.detail).toBe('Diving center not found');
      await request(http).get(`${BASE}/${center.id}`).expect(404);
    });
  });

  describe('list, count, detail', () => {
    async function seedList(): Promise<Record<string, Center>> {
      const centers: Record<string, Center> = {};
      for (const c of [
        {
          name: 'alpha Divers',
          country: 'Greece',
          region: 'Attica',
          city: 'Athens',
          latitude: 37.9,
          longitude: 23.7,
        },
        {
          name: 'Bravo Scuba',
          country: 'Egypt',
          region: 'Red Sea',
          city: 'Hurghada',
          latitude: 27.2,
          longitude: 33.8,
        },
        {
          name: 'Charlie 50%_off',
          country: 'Fiji',
          region: null,
          city: 'Taveuni',
          latitude: -16.8,
          longitude: 179.9,
        },
        {
          name: 'Delta Dive',
          country: 'Fiji',
          region: 'Lau',
          city: null,
          latitude: -17.5,
          longitude: -178.8,
        },
        { name: 'Echo Reef', country: null, region: null, city: null },
      ]) {
        centers[c.name.split(' ')[0].toLowerCase()] = await create(c);
      }
      return centers;
    }

    it('envelope A, default order by name (case-insensitive), null fields left out', async () => {
      const c = await seedList();
      const res = await request(http).get(`${BASE}/`).expect(200);
      expect(res.body).toMatchObject({
        total: 5,
        page: 1,
        page_size: 25,
        total_pages: 1,
        has_next_page: false,
        has_prev_page: false,
      });
      expect(res.body.items.map((x: Center) => x.name)).toEqual([
        'alpha Divers',
        'Bravo Scuba',
        'Charlie 50%_off',
        'Delta Dive',
        'Echo Reef',
      ]);
      const echo = res.body.items[4];
      expect(echo).toEqual({
        id: c.echo.id,
        name: 'Echo Reef',
        description: 'A dive center',
        created_at: expect.any(String),
        updated_at: expect.any(String),
        total_ratings: 0,
        comment_count: 0,
      });
      expect(echo).not.toHaveProperty('view_count');
      const asAdmin = await request(http).get(BASE).set(bearer(admin)).expect(200);
      expect(asAdmin.body.items[0]).toHaveProperty('view_count', 0);

      const page = await request(http).get(BASE).query({ page: 2, page_size: 3 }).expect(200);
      expect(page.body).toMatchObject({
        total: 5,
        page: 2,
        page_size: 3,
        total_pages: 2,
        has_next_page: false,
      });
      expect(page.body.items.map((x: Center) => x.name)).toEqual(['Delta Dive', 'Echo Reef']);
    });

    it('filters (search, name, country, region, city, ratings, bbox incl. across ±180) and /count agree', async () => {
      const c = await seedList();
      const other = await createUser(t.ds);
      for (const [center, scores] of [
        [c.alpha, [9, 7]],
        [c.bravo, [4]],
      ] as const) {
        for (const [i, score] of scores.entries()) {
          const rater = i === 0 ? user : tokenFor(t, other);
          await request(http)
            .post(`${BASE}/${center.id}/rate`)
            .set(bearer(rater))
            .send({ score })
            .expect(200);
        }
      }
      const names = async (query: Record<string, unknown>) => {
        const list = await request(http).get(BASE).query(query).expect(200);
        const count = await request(http).get(`${BASE}/count`).query(query).expect(200);
        expect(count.body).toEqual({ total: list.body.total });
        return list.body.items.map((x: Center) => x.name.split(' ')[0]);
      };
      expect(await names({ search: 'fiji' })).toEqual(['Charlie', 'Delta']);
      expect(await names({ search: 'hurgh' })).toEqual(['Bravo']);
      expect(await names({ search: '50%_' })).toEqual(['Charlie']);
      expect(await names({ search: '%' })).toEqual(['Charlie']);
      expect(await names({ name: 'DIVE' })).toEqual(['alpha', 'Delta']);
      expect(await names({ country: 'fiji', region: 'lau' })).toEqual(['Delta']);
      expect(await names({ city: 'ens' })).toEqual(['alpha']);
      expect(await names({ min_rating: 5 })).toEqual(['alpha']);
      expect(await names({ max_rating: 5 })).toEqual(['Bravo']);
      expect(await names({ min_rating: 0 })).toEqual(['alpha', 'Bravo']);
      expect(await names({ only_claimed: 'false' })).toHaveLength(5);
      expect(await names({ only_claimed: 'true' })).toEqual([]);
      expect(await names({ north: 40, south: 20, east: 40, west: 20 })).toEqual(['alpha', 'Bravo']);
      // west > east crosses ±180.
      expect(await names({ north: -10, south: -20, east: -178, west: 179 })).toEqual(['Charlie', 'Delta']);
      expect(await names({ north: -10, south: -20, east: 180, west: 179 })).toEqual(['Charlie']);

      const ns = await request(http).get(BASE).query({ north: 10, south: 10, east: 1, west: 0 }).expect(400);
      expect(ns.body.detail).toBe('North must be greater than south');
      await request(http).get(`${BASE}/count`).query({ north: 1, south: 5, east: 1, west: 0 }).expect(400);
      await request(http).get(BASE).query({ north: 10, south: 0 }).expect(422);
      await request(http).get(BASE).query({ north: 91, south: 0, east: 1, west: 0 }).expect(422);
      await request(http).get(BASE).query({ min_rating: 11 }).expect(422);
      await request(http).get(BASE).query({ only_claimed: 'maybe' }).expect(422);
    });

    it('sorts, with the contract’s 400s and admin-only fields', async () => {
      const c = await seedList();
      await request(http)
        .post(`${BASE}/${c.delta.id}/rate`)
        .set(bearer(user))
        .send({ score: 10 })
        .expect(200);
      await request(http).post(`${BASE}/${c.bravo.id}/rate`).set(bearer(user)).send({ score: 3 }).expect(200);
      const order = async (query: Record<string, string>, token?: string) => {
        const req = request(http).get(BASE).query(query);
        if (token) req.set(bearer(token));
        return ((await req.expect(200)).body.items as Center[]).map((x) => x.name.split(' ')[0]);
      };
      expect(await order({ sort_by: 'name', sort_order: 'desc' })).toEqual([
        'Echo',
        'Delta',
        'Charlie',
        'Bravo',
        'alpha',
      ]);
      expect(await order({ sort_by: 'country' })).toEqual(['Bravo', 'Charlie', 'Delta', 'alpha', 'Echo']);
      // Ties (here the cityless, NULLs last) by id in the sort's direction.
      expect(await order({ sort_by: 'city', sort_order: 'desc' })).toEqual([
        'Charlie',
        'Bravo',
        'alpha',
        'Echo',
        'Delta',
      ]);
      // The unrated (NULLs last) tie: by id, descending too.
      expect(await order({ sort_by: 'average_rating', sort_order: 'desc' })).toEqual([
        'Delta',
        'Bravo',
        'Echo',
        'Charlie',
        'alpha',
      ]);
      expect(await order({ sort_by: 'rating' })).toEqual(['Bravo', 'Delta', 'alpha', 'Charlie', 'Echo']);
      await request(http).get(`${BASE}/${c.charlie.id}`).expect(200);
      expect((await order({ sort_by: 'view_count', sort_order: 'desc' }, admin))[0]).toBe('Charlie');

      const badSort = await request(http).get(BASE).query({ sort_by: 'latitude' }).expect(400);
      expect(badSort.body.detail).toBe(
        'Invalid sort_by field. Must be one of: average_rating, city, comment_count, country, created_at, name, rating, region, updated_at, view_count',
      );
      const badOrder = await request(http).get(BASE).query({ sort_by: 'name', sort_order: 'up' }).expect(400);
      expect(badOrder.body.detail).toBe("sort_order must be 'asc' or 'desc'");
      const adminOnly = await request(http)
        .get(BASE)
        .query({ sort_by: 'view_count' })
        .set(bearer(user))
        .expect(403);
      expect(adminOnly.body.detail).toBe('Sorting by view_count is only available for admin users');
      await request(http).get(BASE).query({ sort_by: 'comment_count' }).expect(403);
      const size = await request(http).get(BASE).query({ page_size: 7 }).expect(400);
      expect(size.body.detail).toBe('page_size must be one of: 1, 3, 5, 10, 15, 20, 25, 50, 100, 250, 1000');
      await request(http).get(BASE).query({ page: 0 }).expect(422);
    });

    it('detail levels: minimal, basic, full; anything else 400', async () => {
      const c = await seedList();
      await request(http).post(`${BASE}/${c.alpha.id}/rate`).set(bearer(user)).send({ score: 6 }).expect(200);
      const minimal = await request(http)
        .get(BASE)
        .query({ detail_level: 'minimal', page_size: 1 })
        .expect(200);
      expect(minimal.body.items).toEqual([
        { id: c.alpha.id, name: 'alpha Divers', latitude: 37.9, longitude: 23.7 },
      ]);
      const basic = await request(http).get(BASE).query({ detail_level: 'basic', page_size: 1 }).expect(200);
      expect(basic.body.items).toEqual([
        {
          id: c.alpha.id,
          name: 'alpha Divers',
          latitude: 37.9,
          longitude: 23.7,
          country: 'Greece',
          region: 'Attica',
          city: 'Athens',
          average_rating: 6,
          total_ratings: 1,
        },
      ]);
      const bad = await request(http).get(BASE).query({ detail_level: 'everything' }).expect(400);
      expect(bad.body.detail).toBe('detail_level must be one of: minimal, basic, full');
    });

    it('a page loads its ratings and counts in a constant number of queries', async () => {
      for (let i = 0; i < 30; i++) await create({ name: `Center ${String(i).padStart(2, '0')}` });
      const ids = (await t.ds.query<Array<{ id: number }>>('SELECT id FROM diving_centers')).map((r) => r.id);
      for (const id of ids) {
        await t.ds.query('INSERT INTO center_ratings (diving_center_id, user_id, score) VALUES (?, ?, 5)', [
          id,
          userRow.id,
        ]);
        await t.ds.query(
          "INSERT INTO center_comments (diving_center_id, user_id, comment_text) VALUES (?, ?, 'x')",
          [id, userRow.id],
        );
      }
      await syncRatingAggregates(t.ds);
      const counted = async (pageSize: number) => {
        // A repeat: the count is then in the result cache, whatever ran before.
        await request(http).get(BASE).query({ page_size: pageSize }).expect(200);
        let queries = 0;
        const original = t.ds.driver.createQueryRunner.bind(t.ds.driver);
        const spy = jest.spyOn(t.ds.driver, 'createQueryRunner').mockImplementation((mode) => {
          const qr = original(mode);
          const query = qr.query.bind(qr);
          qr.query = ((...args: Parameters<typeof query>) => {
            queries += 1;
            return query(...args);
          }) as typeof qr.query;
          return qr;
        });
        try {
          const res = await request(http).get(BASE).query({ page_size: pageSize }).expect(200);
          expect(res.body.items).toHaveLength(Math.min(pageSize, 30));
          expect(res.body.items.every((x: Center) => x.total_ratings === 1 && x.comment_count === 1)).toBe(
            true,
          );
        } finally {
          spy.mockRestore();
        }
        return queries;
      };
      const small = await counted(3);
      const large = await counted(25);
      // The page's ids and its rows (ratings are columns of the row, comment counts a subquery of the
      // rows' query); the count comes from the result cache.
      expect(small).toBe(2);
      expect(large).toBe(small);
    });

    it('detail: 404, view_count +1 without touching updated_at (shown to admins), user_rating', async () => {
      const c = await seedList();
      await request(http).get(`${BASE}/999999`).expect(404);
      await request(http).get(`${BASE}/abc`).expect(422);
      const before = await request(http).get(`${BASE}/${c.alpha.id}`).expect(200);
      expect(before.body).not.toHaveProperty('view_count');
      expect(before.body).toMatchObject({ user_rating: null, is_manager: false, region: 'Attica' });
      await request(http).post(`${BASE}/${c.alpha.id}/rate`).set(bearer(user)).send({ score: 9 }).expect(200);
      const mine = await request(http).get(`${BASE}/${c.alpha.id}`).set(bearer(user)).expect(200);
      expect(mine.body).toMatchObject({
        user_rating: 9,
        average_rating: 9,
        total_ratings: 1,
        is_manager: false,
      });
      const asAdmin = await request(http).get(`${BASE}/${c.alpha.id}`).set(bearer(admin)).expect(200);
      expect(asAdmin.body).toMatchObject({ view_count: 3, user_rating: null, is_manager: true });
      expect(asAdmin.body.updated_at).toBe(before.body.updated_at);
      // An invalid token on a public route is treated as anonymous.
      await request(http).get(`${BASE}/${c.alpha.id}`).set(bearer('garbage')).expect(200);
    });
  });

  describe('ratings and comments', () => {
    it('rating upserts 1–10 (200), one row per user; 401/404/422', async () => {
      const center = await create({ name: 'Rated' });
      await request(http).post(`${BASE}/${center.id}/rate`).send({ score: 5 }).expect(401);
      const first = await request(http)
        .post(`${BASE}/${center.id}/rate`)
        .set(bearer(user))
        .send({ score: 5 })
        .expect(200);
      expect(first.body).toEqual({
        id: expect.any(Number),
        diving_center_id: center.id,
        user_id: userRow.id,
        score: 5,
        created_at: expect.any(String),
      });
      const again = await request(http)
        .post(`${BASE}/${center.id}/rate`)
        .set(bearer(user))
        .send({ score: 8 })
        .expect(200);
      expect(again.body).toMatchObject({ id: first.body.id, score: 8 });
      const racing = await Promise.all(
        [1, 2, 3, 4].map((score) =>
          request(http).post(`${BASE}/${center.id}/rate`).set(bearer(moderator)).send({ score }),
        ),
      );
      expect(racing.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      const [n] = await t.ds.query<Array<{ n: string | number }>>('SELECT COUNT(*) AS n FROM center_ratings');
      expect(Number(n.n)).toBe(2);
      for (const score of [0, 11, 5.5, '7', null]) {
        await request(http).post(`${BASE}/${center.id}/rate`).set(bearer(user)).send({ score }).expect(422);
      }
      await request(http).post(`${BASE}/999999/rate`).set(bearer(user)).send({ score: 5 }).expect(404);
    });

    it('comments: anyone reads (newest first), users write (201); author or admin edits and deletes', async () => {
      const center = await create({ name: 'Chatty' });
      const org = await t.ds.query<{ insertId: number }>(
        "INSERT INTO diving_organizations (name, acronym) VALUES ('Scuba Schools International', 'SSI')",
      );
      await t.ds.query(
        "INSERT INTO user_certifications (user_id, diving_organization_id, certification_level) VALUES (?, ?, 'Open Water Diver')",
        [userRow.id, org.insertId],
      );
      await request(http).post(`${BASE}/${center.id}/comments`).send({ comment_text: 'hi' }).expect(401);
      const first = await request(http)
        .post(`${BASE}/${center.id}/comments`)
        .set(bearer(user))
        .send({ comment_text: '<b>Great</b> boat' })
        .expect(201);
      expect(first.body).toEqual({
        id: expect.any(Number),
        diving_center_id: center.id,
        user_id: userRow.id,
        username: 'plain_diver',
        comment_text: 'Great boat',
        created_at: expect.any(String),
        updated_at: expect.any(String),
        user_diving_certification: 'SSI Open Water Diver',
        user_number_of_dives: 7,
      });
      const second = await request(http)
        .post(`${BASE}/${center.id}/comments`)
        .set(bearer(moderator))
        .send({ comment_text: 'Agreed' })
        .expect(201);
      const list = await request(http).get(`${BASE}/${center.id}/comments`).expect(200);
      expect(list.body.map((c: { id: number }) => c.id)).toEqual([second.body.id, first.body.id]);
      expect(list.body[0].user_diving_certification).toBeNull();
      await request(http).get(`${BASE}/999999/comments`).expect(404);
      await request(http)
        .post(`${BASE}/${center.id}/comments`)
        .set(bearer(user))
        .send({ comment_text: '' })
        .expect(422);
      await request(http)
        .post(`${BASE}/${center.id}/comments`)
        .set(bearer(user))
        .send({ comment_text: 'x'.repeat(1001) })
        .expect(422);

      const path = (id: number) => `${BASE}/${center.id}/comments/${id}`;
      const notYours = await request(http)
        .put(path(first.body.id))
        .set(bearer(moderator))
        .send({ comment_text: 'x' })
        .expect(403);
      expect(notYours.body.detail).toBe('Not authorized to edit this comment');
      const edited = await request(http)
        .put(path(first.body.id))
        .set(bearer(user))
        .send({ comment_text: 'Good boat' })
        .expect(200);
      expect(edited.body).toMatchObject({ id: first.body.id, comment_text: 'Good boat' });
      await request(http)
        .put(path(first.body.id))
        .set(bearer(admin))
        .send({ comment_text: 'Moderated' })
        .expect(200);
      const missing = await request(http)
        .put(path(999999))
        .set(bearer(user))
        .send({ comment_text: 'x' })
        .expect(404);
      expect(missing.body.detail).toBe('Comment not found');
      const otherCenter = await create({ name: 'Other' });
      await request(http)
        .put(`${BASE}/${otherCenter.id}/comments/${first.body.id}`)
        .set(bearer(user))
        .send({ comment_text: 'x' })
        .expect(404);

      const cannot = await request(http).delete(path(second.body.id)).set(bearer(user)).expect(403);
      expect(cannot.body.detail).toBe('Not authorized to delete this comment');
      await request(http).delete(path(second.body.id)).set(bearer(moderator)).expect(200);
      const byAdmin = await request(http).delete(path(first.body.id)).set(bearer(admin)).expect(200);
      expect(byAdmin.body.message).toBe('Comment deleted successfully');
      await request(http).delete(path(first.body.id)).set(bearer(admin)).expect(404);
      await request(http).delete(`${BASE}/999999/comments/1`).set(bearer(admin)).expect(404);
    });
  });

  describe('gear rental', () => {
    it('role rules, currency validation (422), cost ≥ 0, CRUD incl. PUT', async () => {
      const center = await create({ name: 'Geared' });
      const path = `${BASE}/${center.id}/gear-rental`;
      await request(http).post(path).send({ item_name: 'BCD', cost: 10 }).expect(401);
      const forbidden = await request(http)
        .post(path)
        .set(bearer(user))
        .send({ item_name: 'BCD', cost: 10 })
        .expect(403);
      expect(forbidden.body.detail).toBe('Not enough permissions');
      for (const currency of ['eur', 'EURO', 'E1R', 'US', 12]) {
        const res = await request(http)
          .post(path)
          .set(bearer(admin))
          .send({ item_name: 'BCD', cost: 10, currency })
          .expect(422);
        expect(res.body.detail[0].loc).toEqual(['body', 'currency']);
      }
      await request(http).post(path).set(bearer(admin)).send({ item_name: 'BCD', cost: -0.01 }).expect(422);
      await request(http).post(path).set(bearer(admin)).send({ item_name: 'BCD', cost: 1e9 }).expect(422);
      await request(http).post(path).set(bearer(admin)).send({ item_name: '', cost: 1 }).expect(422);
      await request(http).post(path).set(bearer(admin)).send({ item_name: 'BCD' }).expect(422);

      const bcd = await request(http)
        .post(path)
        .set(bearer(admin))
        .send({ item_name: 'BCD', cost: 12.5 })
        .expect(201);
      expect(bcd.body).toEqual({
        id: expect.any(Number),
        diving_center_id: center.id,
        item_name: 'BCD',
        cost: 12.5,
        currency: 'EUR',
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const wetsuit = await request(http)
        .post(path)
        .set(bearer(moderator))
        .send({ item_name: 'Wetsuit', cost: 0, currency: 'USD' })
        .expect(201);
      const list = await request(http).get(path).expect(200);
      expect(
        list.body.map((g: { item_name: string; cost: number; currency: string }) => [
          g.item_name,
          g.cost,
          g.currency,
        ]),
      ).toEqual([
        ['BCD', 12.5, 'EUR'],
        ['Wetsuit', 0, 'USD'],
      ]);

      await request(http).put(`${path}/${bcd.body.id}`).set(bearer(user)).send({ cost: 1 }).expect(403);
      const updated = await request(http)
        .put(`${path}/${bcd.body.id}`)
        .set(bearer(moderator))
        .send({ cost: 15, currency: 'GBP' })
        .expect(200);
      expect(updated.body).toMatchObject({ item_name: 'BCD', cost: 15, currency: 'GBP' });
      await request(http)
        .put(`${path}/${bcd.body.id}`)
        .set(bearer(admin))
        .send({ currency: 'gbp' })
        .expect(422);
      const missing = await request(http)
        .put(`${path}/999999`)
        .set(bearer(admin))
        .send({ cost: 1 })
        .expect(404);
      expect(missing.body.detail).toBe('Gear rental not found');
      const otherCenter = await create({ name: 'Other' });
      await request(http)
        .put(`${BASE}/${otherCenter.id}/gear-rental/${bcd.body.id}`)
        .set(bearer(admin))
        .send({ cost: 1 })
        .expect(404);

      await request(http).delete(`${path}/${wetsuit.body.id}`).set(bearer(user)).expect(403);
      const deleted = await request(http).delete(`${path}/${wetsuit.body.id}`).set(bearer(admin)).expect(200);
      expect(deleted.body.message).toBe('Gear rental deleted successfully');
      await request(http).delete(`${path}/${wetsuit.body.id}`).set(bearer(admin)).expect(404);
      await request(http).get(`${BASE}/999999/gear-rental`).expect(404);
      const noCenter = await request(http)
        .post(`${BASE}/999999/gear-rental`)
        .set(bearer(admin))
        .send({ item_name: 'X', cost: 1 })
        .expect(404);
      expect(noCenter.body.detail).toBe('Diving center not found');
    });
  });

  describe('organizations of a center', () => {
    it('role rules, duplicates 400, unknown 404, is_primary unique per center', async () => {
      const center = await create({ name: 'Affiliated' });
      const other = await create({ name: 'Elsewhere' });
      const orgIds: number[] = [];
      for (const [name, acronym] of [
        ['Professional Association of Diving Instructors', 'PADI'],
        ['Scuba Schools International', 'SSI'],
        ['Confédération Mondiale des Activités Subaquatiques', 'CMAS'],
      ]) {
        orgIds.push(
          (
            await t.ds.query<{ insertId: number }>(
              'INSERT INTO diving_organizations (name, acronym) VALUES (?, ?)',
              [name, acronym],
            )
          ).insertId,
        );
      }
      const [padi, ssi, cmas] = orgIds;
      const path = `${BASE}/${center.id}/organizations`;
      await request(http).post(path).send({ diving_organization_id: padi }).expect(401);
      await request(http).post(path).set(bearer(user)).send({ diving_organization_id: padi }).expect(403);

      const a = await request(http)
        .post(path)
        .set(bearer(admin))
        .send({ diving_organization_id: padi, is_primary: true })
        .expect(201);
      expect(a.body).toEqual({
        id: expect.any(Number),
        diving_center_id: center.id,
        diving_organization_id: padi,
        is_primary: true,
        created_at: expect.any(String),
        diving_organization: {
          id: padi,
          name: 'Professional Association of Diving Instructors',
          acronym: 'PADI',
          website: null,
          logo_url: null,
        },
      });
      const dup = await request(http)
        .post(path)
        .set(bearer(moderator))
        .send({ diving_organization_id: padi })
        .expect(400);
      expect(dup.body.detail).toBe('Organization is already associated with this diving center');
      const unknown = await request(http)
        .post(path)
        .set(bearer(admin))
        .send({ diving_organization_id: 999999 })
        .expect(404);
      expect(unknown.body.detail).toBe('Diving organization not found');
      await request(http)
        .post(`${BASE}/999999/organizations`)
        .set(bearer(admin))
        .send({ diving_organization_id: padi })
        .expect(404);
      // Another center's primary is not touched.
      await request(http)
        .post(`${BASE}/${other.id}/organizations`)
        .set(bearer(admin))
        .send({ diving_organization_id: padi, is_primary: true })
        .expect(201);

      const b = await request(http)
        .post(path)
        .set(bearer(moderator))
        .send({ diving_organization_id: ssi, is_primary: true })
        .expect(201);
      const c = await request(http)
        .post(path)
        .set(bearer(moderator))
        .send({ diving_organization_id: cmas })
        .expect(201);
      const primaries = async (centerId = center.id) =>
        (
          (await request(http).get(`${BASE}/${centerId}/organizations`).expect(200)).body as Array<{
            id: number;
            is_primary: boolean;
          }>
        )
          .filter((x) => x.is_primary)
          .map((x) => x.id);
      expect(await primaries()).toEqual([b.body.id]);
      await request(http)
        .put(`${path}/${c.body.id}`)
        .set(bearer(user))
        .send({ is_primary: true })
        .expect(403);
      const promoted = await request(http)
        .put(`${path}/${c.body.id}`)
        .set(bearer(admin))
        .send({ is_primary: true })
        .expect(200);
      expect(promoted.body).toMatchObject({ id: c.body.id, is_primary: true });
      expect(await primaries()).toEqual([c.body.id]);
      expect((await primaries(other.id)).length).toBe(1);

      // Concurrent promotions of different links end with exactly one primary.
      await Promise.all(
        [a.body.id, b.body.id, c.body.id, a.body.id, b.body.id].map((id) =>
          request(http).put(`${path}/${id}`).set(bearer(admin)).send({ is_primary: true }).expect(200),
        ),
      );
      expect(await primaries()).toHaveLength(1);

      const notFound = await request(http)
        .put(`${path}/999999`)
        .set(bearer(admin))
        .send({ is_primary: true })
        .expect(404);
      expect(notFound.body.detail).toBe('Organization association not found');
      await request(http).delete(`${path}/${a.body.id}`).set(bearer(user)).expect(403);
      const removed = await request(http).delete(`${path}/${a.body.id}`).set(bearer(admin)).expect(200);
      expect(removed.body.message).toBe('Organization removed from diving center successfully');
      const again = await request(http).delete(`${path}/${a.body.id}`).set(bearer(admin)).expect(404);
      expect(again.body.detail).toBe('Organization relationship not found');
      await request(http).get(`${BASE}/999999/organizations`).expect(404);
    });
  });

  describe('dive-site links', () => {
    it('links from both sides (201), duplicates 400, 404s, role rules, and who sees what', async () => {
      const center = await create({ name: 'Linked', latitude: 27.9, longitude: 34.3 });
      const creator = await createUser(t.ds);
      const site = await t.ds.query<{ insertId: number }>(
        "INSERT INTO dive_sites (name, latitude, longitude, created_by) VALUES ('Ras Mohammed', 27.73, 34.25, ?)",
        [creator.id],
      );
      const archived = await t.ds.query<{ insertId: number }>(
        "INSERT INTO dive_sites (name, deleted_at) VALUES ('Gone', NOW())",
      );
      const siteId = site.insertId;
      const fromSite = `/api/v1/dive-sites/${siteId}/diving-centers`;
      const fromCenter = `${BASE}/${center.id}/dive-sites`;

      await request(http).post(fromSite).send({ diving_center_id: center.id }).expect(401);
      await request(http).post(fromSite).set(bearer(user)).send({ diving_center_id: center.id }).expect(403);
      await request(http).post(fromCenter).set(bearer(user)).send({ dive_site_id: siteId }).expect(403);
      await request(http).post(fromCenter).send({ dive_site_id: siteId }).expect(401);
      await request(http)
        .post(fromSite)
        .set(bearer(admin))
        .send({ diving_center_id: center.id, currency: 'usd' })
        .expect(422);
      await request(http)
        .post(fromSite)
        .set(bearer(admin))
        .send({ diving_center_id: center.id, dive_cost: -1 })
        .expect(422);

      const linked = await request(http)
        .post(fromSite)
        .set(bearer(moderator))
        .send({ diving_center_id: center.id, dive_cost: 45.5 })
        .expect(201);
      expect(linked.body).toEqual({
        id: expect.any(Number),
        dive_site_id: siteId,
        diving_center_id: center.id,
        dive_cost: 45.5,
        currency: 'EUR',
        created_at: expect.any(String),
      });
      const dup = await request(http)
        .post(fromCenter)
        .set(bearer(admin))
        .send({ dive_site_id: siteId })
        .expect(400);
      expect(dup.body.detail).toBe('Diving center is already associated with this dive site');
      const siteMissing = await request(http)
        .post(fromCenter)
        .set(bearer(admin))
        .send({ dive_site_id: 999999 })
        .expect(404);
      expect(siteMissing.body.detail).toBe('Dive site not found');
      await request(http)
        .post(fromCenter)
        .set(bearer(moderator))
        .send({ dive_site_id: archived.insertId })
        .expect(404);
      const centerMissing = await request(http)
        .post(fromSite)
        .set(bearer(admin))
        .send({ diving_center_id: 999999 })
        .expect(404);
      expect(centerMissing.body.detail).toBe('Diving center not found');
      await request(http)
        .post('/api/v1/dive-sites/999999/diving-centers')
        .set(bearer(admin))
        .send({ diving_center_id: center.id })
        .expect(404);

      const centers = await request(http).get(fromSite).expect(200);
      expect(centers.body).toEqual([
        {
          id: center.id,
          name: 'Linked',
          description: 'A dive center',
          email: null,
          phone: null,
          website: null,
          latitude: 27.9,
          longitude: 34.3,
          dive_cost: 45.5,
          currency: 'EUR',
        },
      ]);
      const sites = await request(http).get(fromCenter).expect(200);
      expect(sites.body).toEqual([
        {
          id: siteId,
          name: 'Ras Mohammed',
          description: null,
          latitude: 27.73,
          longitude: 34.25,
          country: null,
          region: null,
          dive_cost: 45.5,
          currency: 'EUR',
        },
      ]);
      await request(http).get('/api/v1/dive-sites/999999/diving-centers').expect(404);
      await request(http).get(`${BASE}/999999/dive-sites`).expect(404);

      // The site's creator manages its center links from the site's side (DECISIONS.md D19).
      const creatorToken = tokenFor(t, creator);
      const notLinked = await request(http).delete(`${fromSite}/${center.id}`).set(bearer(user)).expect(403);
      expect(notLinked.body.detail).toBe('Not enough permissions');
      const removed = await request(http)
        .delete(`${fromSite}/${center.id}`)
        .set(bearer(creatorToken))
        .expect(200);
      expect(removed.body.message).toBe('Diving center removed from dive site successfully');
      const again = await request(http).delete(`${fromSite}/${center.id}`).set(bearer(admin)).expect(404);
      expect(again.body.detail).toBe('Diving center is not associated with this dive site');
      await request(http)
        .post(fromSite)
        .set(bearer(creatorToken))
        .send({ diving_center_id: center.id, currency: 'EGP' })
        .expect(201);
      await request(http).delete(`${fromCenter}/${siteId}`).set(bearer(creatorToken)).expect(403);
      await request(http).delete(`${fromCenter}/${siteId}`).set(bearer(moderator)).expect(200);
      await request(http).delete(`${fromCenter}/${siteId}`).set(bearer(moderator)).expect(404);

      // Concurrent links of the same pair: one 201, the rest 400.
      const racing = await Promise.all(
        [1, 2, 3, 4].map(() =>
          request(http).post(fromCenter).set(bearer(admin)).send({ dive_site_id: siteId }),
        ),
      );
      expect(racing.map((r) => r.status).sort()).toEqual([201, 400, 400, 400]);
    });
  });

  describe('bounded sub-lists (issue 13)', () => {
    it('comments: 50 newest by default, limit 1–100, offset, X-Total-Count; 422 out of range', async () => {
      const center = await create({ name: 'Chatty' });
      const rows = Array.from({ length: 51 }, (_, i) => [
        center.id,
        userRow.id,
        `comment ${i}`,
        `2024-01-01 00:00:${String(i % 3).padStart(2, '0')}`,
      ]);
      await t.ds.query(
        'INSERT INTO center_comments (diving_center_id, user_id, comment_text, created_at) VALUES ?',
        [rows],
      );
      const all = await expectBoundedList({
        http,
        path: `${BASE}/${center.id}/comments`,
        total: 51,
        defaultLimit: 50,
        maxLimit: 100,
      });
      // Newest first, ties by id descending.
      const order = all.map((c) => [c.created_at as string, c.id as number] as const);
      expect(order).toEqual([...order].sort((a, b) => (a[0] === b[0] ? b[1] - a[1] : a[0] < b[0] ? 1 : -1)));
      await request(http).get(`${BASE}/999999/comments`).expect(404);
    });

    it('gear rental: 100 by default in the order added, limit 1–500, offset, X-Total-Count', async () => {
      const center = await create({ name: 'Rental Shop' });
      const rows = Array.from({ length: 101 }, (_, i) => [center.id, `item ${i}`, i]);
      await t.ds.query('INSERT INTO gear_rental_costs (diving_center_id, item_name, cost) VALUES ?', [rows]);
      const all = await expectBoundedList({
        http,
        path: `${BASE}/${center.id}/gear-rental`,
        total: 101,
        defaultLimit: 100,
        maxLimit: 500,
      });
      expect(all.map((g) => g.item_name)).toEqual(rows.map((r) => r[1]));
    });

    it('dive-site links both ways: 100 by name by default, limit 1–500, offset, X-Total-Count', async () => {
      const center = await create({ name: 'Busy Center' });
      const names = Array.from({ length: 101 }, (_, i) => `Site ${String(i).padStart(3, '0')}`);
      const sites = await t.ds.query<{ insertId: number }>('INSERT INTO dive_sites (name) VALUES ?', [
        names.map((n) => [n]),
      ]);
      const siteIds = names.map((_, i) => sites.insertId + i);
      await t.ds.query('INSERT INTO center_dive_sites (diving_center_id, dive_site_id) VALUES ?', [
        siteIds.map((id) => [center.id, id]),
      ]);
      const ofCenter = await expectBoundedList({
        http,
        path: `${BASE}/${center.id}/dive-sites`,
        total: 101,
        defaultLimit: 100,
        maxLimit: 500,
      });
      expect(ofCenter.map((s) => s.name)).toEqual(names);

      const centerIds: number[] = [];
      for (let i = 0; i < 101; i += 1) {
        const r = await t.ds.query<{ insertId: number }>(
          'INSERT INTO diving_centers (name, description) VALUES (?, ?)',
          [`Center ${String(i).padStart(3, '0')}`, 'x'],
        );
        centerIds.push(r.insertId);
      }
      await t.ds.query('INSERT INTO center_dive_sites (diving_center_id, dive_site_id) VALUES ?', [
        centerIds.map((id) => [id, siteIds[0]]),
      ]);
      const ofSite = await expectBoundedList({
        http,
        path: `/api/v1/dive-sites/${siteIds[0]}/diving-centers`,
        total: 102,
        defaultLimit: 100,
        maxLimit: 500,
      });
      expect(ofSite.map((c) => c.name)).toEqual([
        'Busy Center',
        ...centerIds.map((_, i) => `Center ${String(i).padStart(3, '0')}`),
      ]);
    });
  });
});
