import request from 'supertest';
import type { App } from 'supertest/types';
import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner';
import { seedNewsletterContext } from '../fixtures/newsletters/seed';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { bearer, createUser, tokenFor } from '../support/factories';
import type { User } from '../../src/modules/users/entities/user.entity';
import { syncRatingAggregates } from '../support/ratings';

interface Trip {
  id: number;
  trip_date: string;
  trip_price: number | null;
  diving_center_id: number | null;
  view_count: number;
  updated_at: string;
  newsletter_content: string | null;
  dives: Array<{
    id: number;
    dive_site_id: number | null;
    user_dive_id: number | null;
    user_dive_name: string | null;
  }>;
}

describe('dive trips (/api/v1/newsletters/trips)', () => {
  let t: TestApp;
  let http: App;
  let admin: string;
  let moderator: string;
  let diver: User;
  let user: string;
  let other: User;

  beforeAll(async () => {
    t = await createTestApp();
    http = t.app.getHttpServer();
  });
  beforeEach(async () => {
    await resetDatabase(t.ds);
    await seedNewsletterContext(t.ds);
    admin = tokenFor(t, await createUser(t.ds, { isAdmin: true }));
    moderator = tokenFor(t, await createUser(t.ds, { isModerator: true }));
    diver = await createUser(t.ds);
    user = tokenFor(t, diver);
    other = await createUser(t.ds);
  });
  afterAll(() => t?.app.close());

  const create = async (body: Record<string, unknown>, token = admin): Promise<Trip> =>
    (await request(http).post('/api/v1/newsletters/trips').set(bearer(token)).send(body).expect(201))
      .body as Trip;

  const list = (query: string, token?: string): request.Test => {
    const r = request(http).get(`/api/v1/newsletters/trips?${query}`);
    return token ? r.set(bearer(token)) : r;
  };
  const ids = async (query: string, token: string | undefined = admin): Promise<number[]> => {
    const res = await list(query, token);
    expect(res.status).toBe(200);
    return (res.body.items as Trip[]).map((trip) => trip.id);
  };

  /** Five trips of three centers and one without a center. */
  async function seedTrips(): Promise<Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', number>> {
    const a = await create({
      diving_center_id: 1,
      trip_date: '2027-06-05',
      trip_time: '09:00',
      trip_duration: 300,
      trip_price: 70,
      trip_difficulty_code: 'OPEN_WATER',
      trip_description: 'Fleves island, double dive',
      dives: [{ dive_site_id: 1 }, { dive_site_id: 1 }],
    });
    const b = await create({
      diving_center_id: 1,
      trip_date: '2027-06-12',
      trip_time: '20:00',
      trip_duration: 120,
      trip_price: 45,
      trip_difficulty_code: 'ADVANCED_OPEN_WATER',
      trip_status: 'confirmed',
      trip_description: 'Night dive at Kavouri',
      dives: [{ dive_site_id: 3 }],
    });
    const c = await create({
      diving_center_id: 1,
      trip_date: '2027-06-19',
      trip_status: 'cancelled',
      trip_description: 'Patris wreck, Kea',
      dives: [{ dive_site_id: 4 }],
    });
    const d = await create({
      diving_center_id: 5,
      trip_date: '2027-05-15',
      trip_time: '06:30',
      trip_duration: 600,
      trip_price: 450,
      trip_difficulty_code: 'TECHNICAL_DIVING',
      special_requirements: 'Full trimix',
      dives: [{ dive_site_id: 5, dive_duration: 180 }],
    });
    const e = await create({
      diving_center_id: 2,
      trip_date: '2027-04-21',
      trip_time: '08:00',
      trip_duration: 420,
      trip_price: 110,
      trip_difficulty_code: 'DEEP_NITROX',
      trip_status: 'completed',
      dives: [{ dive_site_id: 6 }, { dive_site_id: 7 }],
    });
    await t.ds.query(
      "INSERT INTO parsed_dive_trips (trip_date, trip_price, trip_description) VALUES ('2027-05-01', 30, 'No center')",
    );
    const [{ id: f }] = await t.ds.query<Array<{ id: number }>>(
      'SELECT MAX(id) AS id FROM parsed_dive_trips',
    );
    return { a: a.id, b: b.id, c: c.id, d: d.id, e: e.id, f };
  }

  describe('create, update, delete (admins and moderators)', () => {
    it('creates a trip with its dives (201) and shows it with center, difficulty, sites and depth', async () => {
      await t.ds.query("INSERT INTO available_tags (name) VALUES ('Wreck')");
      await t.ds.query('INSERT INTO dive_site_tags (dive_site_id, tag_id) VALUES (4, 1)');
      await t.ds.query(
        'INSERT INTO site_ratings (dive_site_id, user_id, score) VALUES (4, ?, 8), (4, ?, 9)',
        [diver.id, other.id],
      );
      await syncRatingAggregates(t.ds);
      const trip = await create(
        {
          diving_center_id: 5,
          trip_date: '2027-05-16',
          trip_time: '09:00',
          trip_price: 110.5,
          trip_currency: 'USD',
          group_size_limit: 12,
          trip_difficulty_code: 'DEEP_NITROX',
          trip_description: '<b>Patris</b> double dive',
          special_requirements: 'Advanced Open Water',
          dives: [
            { dive_site_id: 4, dive_number: 1, dive_time: '09:00' },
            {
              dive_site_id: 5,
              dive_number: 2,
              dive_time: '11:30:00',
              dive_duration: 40,
              dive_description: 'Deep',
            },
          ],
        },
        moderator,
      );
      expect(trip).toMatchObject({
        diving_center_id: 5,
        trip_date: '2027-05-16',
        trip_time: '09:00:00',
        trip_duration: null,
        trip_difficulty_code: 'DEEP_NITROX',
        trip_difficulty_label: 'Deep/Nitrox',
        trip_price: 110.5,
        trip_currency: 'USD',
        group_size_limit: 12,
        current_bookings: 0,
        trip_description: 'Patris double dive',
        special_requirements: 'Advanced Open Water',
        trip_status: 'scheduled',
        source_newsletter_id: null,
        diving_center_name: 'Kea Divers',
        diving_center_country: 'Greece',
        diving_center_region: 'Cyclades',
        max_depth: 120,
        latitude: 37.6672,
        longitude: 24.3231,
        newsletter_content: null,
      });
      expect(trip.dives).toEqual([
        expect.objectContaining({
          trip_id: trip.id,
          dive_site_id: 4,
          dive_number: 1,
          dive_time: '09:00:00',
          dive_site_name: 'Patris Wreck',
          dive_site_country: 'Greece',
          dive_site_region: 'Cyclades',
          dive_site_average_rating: 8.5,
          dive_site_tags: [{ id: 1, name: 'Wreck' }],
          latitude: 37.6524,
          longitude: 24.3436,
          user_dive_id: null,
          user_dive_name: null,
        }),
        expect.objectContaining({
          dive_site_id: 5,
          dive_number: 2,
          dive_duration: 40,
          dive_description: 'Deep',
        }),
      ]);
    });

    it('refuses others (403), anonymous callers (401) and bad input (400, 404, 422), writing nothing', async () => {
      const body = { diving_center_id: 1, trip_date: '2027-06-05' };
      await request(http).post('/api/v1/newsletters/trips').send(body).expect(401);
      const forbidden = await request(http)
        .post('/api/v1/newsletters/trips')
        .set(bearer(user))
        .send(body)
        .expect(403);
      expect(forbidden.body.detail).toBe('Not enough permissions');
      const noCenter = await request(http)
        .post('/api/v1/newsletters/trips')
        .set(bearer(admin))
        .send({ trip_date: '2027-06-05' })
        .expect(400);
      expect(noCenter.body.detail).toBe('diving_center_id is required');
      const center = await request(http)
        .post('/api/v1/newsletters/trips')
        .set(bearer(admin))
        .send({ ...body, diving_center_id: 999 })
        .expect(404);
      expect(center.body.detail).toBe('Diving center not found');
      const site = await request(http)
        .post('/api/v1/newsletters/trips')
        .set(bearer(admin))
        .send({ ...body, dives: [{ dive_site_id: 1 }, { dive_site_id: 999 }] })
        .expect(404);
      expect(site.body.detail).toBe('Dive site with ID 999 not found');
      for (const bad of [
        { trip_date: '2027-02-30' },
        { trip_date: '5/6/2027' },
        { trip_status: 'postponed' },
        { trip_difficulty_code: 'EXPERT' },
        { trip_time: '25:00' },
        { trip_duration: 0 },
        { trip_currency: 'eur' },
        { trip_price: -1 },
        { dives: [{ dive_number: 0 }] },
      ]) {
        const res = await request(http)
          .post('/api/v1/newsletters/trips')
          .set(bearer(admin))
          .send({ ...body, ...bad });
        expect([bad, res.status]).toEqual([bad, 422]);
      }
      expect(await t.ds.query('SELECT id FROM parsed_dive_trips')).toEqual([]);
      expect(await t.ds.query('SELECT id FROM parsed_dives')).toEqual([]);
    });

    it('updates the fields given, replaces the dives as a set, and is all-or-nothing', async () => {
      const trip = await create({
        diving_center_id: 1,
        trip_date: '2027-06-05',
        trip_time: '09:00',
        trip_price: 70,
        group_size_limit: 10,
        dives: [{ dive_site_id: 1 }, { dive_site_id: 1 }],
      });
      const url = `/api/v1/newsletters/trips/${trip.id}`;
      const updated = await request(http)
        .put(url)
        .set(bearer(moderator))
        .send({ trip_price: 75, group_size_limit: null, trip_status: 'confirmed', trip_date: null })
        .expect(200);
      expect(updated.body).toMatchObject({
        trip_date: '2027-06-05',
        trip_price: 75,
        group_size_limit: null,
        trip_status: 'confirmed',
        trip_time: '09:00:00',
      });
      expect(updated.body.dives.map((d: { id: number }) => d.id)).toEqual(trip.dives.map((d) => d.id));

      const replaced = await request(http)
        .put(url)
        .set(bearer(admin))
        .send({ dives: [{ dive_site_id: 2, dive_time: '10:00' }] })
        .expect(200);
      expect(replaced.body.dives).toEqual([
        expect.objectContaining({ dive_site_id: 2, dive_number: 1, dive_time: '10:00:00' }),
      ]);
      expect(trip.dives.map((d) => d.id)).not.toContain(replaced.body.dives[0].id);
      expect(await t.ds.query('SELECT dive_site_id FROM parsed_dives')).toEqual([{ dive_site_id: 2 }]);

      // An unknown site in the new set: 404 and neither the trip nor its dives change.
      await request(http)
        .put(url)
        .set(bearer(admin))
        .send({ trip_price: 1, dives: [{ dive_site_id: 3 }, { dive_site_id: 999 }] })
        .expect(404);
      const after = await request(http).get(url).set(bearer(admin)).expect(200);
      expect(after.body.trip_price).toBe(75);
      expect(after.body.dives.map((d: { dive_site_id: number }) => d.dive_site_id)).toEqual([2]);

      await request(http).put(url).set(bearer(admin)).send({ dives: [] }).expect(200);
      expect(await t.ds.query('SELECT id FROM parsed_dives')).toEqual([]);
      await request(http).put(url).set(bearer(user)).send({ trip_price: 1 }).expect(403);
      await request(http).put(url).send({ trip_price: 1 }).expect(401);
      await request(http)
        .put('/api/v1/newsletters/trips/999')
        .set(bearer(admin))
        .send({ trip_price: 1 })
        .expect(404);
      await request(http).put(url).set(bearer(admin)).send({ trip_status: 'unknown' }).expect(422);
    });

    it('deletes a trip with its dives', async () => {
      const trip = await create({
        diving_center_id: 1,
        trip_date: '2027-06-05',
        dives: [{ dive_site_id: 1 }],
      });
      const url = `/api/v1/newsletters/trips/${trip.id}`;
      await request(http).delete(url).set(bearer(user)).expect(403);
      await request(http).delete(url).expect(401);
      const res = await request(http).delete(url).set(bearer(moderator)).expect(200);
      expect(res.body).toEqual({ message: 'Trip deleted successfully' });
      await request(http).delete(url).set(bearer(admin)).expect(404);
      await request(http).get(url).set(bearer(admin)).expect(404);
      expect(await t.ds.query('SELECT id FROM parsed_dives')).toEqual([]);
    });
  });

  describe('detail', () => {
    it('needs a token; links the caller’s own dive that day at the site; newsletter for staff only; counts views', async () => {
      const upload = await request(http)
        .post('/api/v1/newsletters/parse-text')
        .set(bearer(admin))
        .send({ content: 'Κυριακή 6/6/2027: διπλή βουτιά στις Φλέβες, 09:00, 65€', diving_center_id: 1 })
        .expect(200);
      const [{ id }] = await t.ds.query<Array<{ id: number }>>('SELECT id FROM parsed_dive_trips');
      expect(upload.body.trips_created).toBe(1);
      // The caller's dive that day at Fleves (and one at 09:00, preferred), someone else's, another day's.
      await t.ds.query(
        `INSERT INTO dives (user_id, dive_site_id, dive_date, dive_time, name) VALUES
           (?, 1, '2027-06-06', '14:00:00', 'Afternoon at Fleves'),
           (?, 1, '2027-06-06', '09:00:00', 'Fleves with the club'),
           (?, 1, '2027-06-06', '09:00:00', 'Someone else'),
           (?, 1, '2027-06-07', '09:00:00', 'Next day')`,
        [diver.id, diver.id, other.id, diver.id],
      );
      const [mine] = await t.ds.query<Array<{ id: number }>>(
        "SELECT id FROM dives WHERE name = 'Fleves with the club'",
      );
      const url = `/api/v1/newsletters/trips/${id}`;
      await request(http).get(url).expect(401);

      const before = (await request(http).get(url).set(bearer(user)).expect(200)).body as Trip;
      expect(before.newsletter_content).toBeNull();
      expect(before.dives.map((d) => [d.user_dive_id, d.user_dive_name])).toEqual([
        [mine.id, 'Fleves with the club'],
        [mine.id, 'Fleves with the club'],
      ]);
      const otherView = (
        await request(http)
          .get(url)
          .set(bearer(tokenFor(t, other)))
          .expect(200)
      ).body as Trip;
      expect(otherView.dives[0].user_dive_name).toBe('Someone else');

      const staff = (await request(http).get(url).set(bearer(moderator)).expect(200)).body as Trip;
      expect(staff.newsletter_content).toContain('διπλή βουτιά στις Φλέβες');
      expect(staff.dives.every((d) => d.user_dive_id === null)).toBe(true);
      expect(staff.view_count).toBe(before.view_count + 2);
      expect(staff.updated_at).toBe(before.updated_at);
      await request(http).get('/api/v1/newsletters/trips/999').set(bearer(user)).expect(404);
      await request(http).get('/api/v1/newsletters/trips/x').set(bearer(user)).expect(422);
    });
  });

  describe('list', () => {
    it('answers envelope B, newest date first by default, with dives, to anyone', async () => {
      const s = await seedTrips();
      const res = await list('', admin).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['items', 'page', 'pages', 'size', 'total']);
      expect(res.body).toMatchObject({ total: 6, page: 1, size: 100, pages: 1 });
      expect(res.body.items.map((trip: Trip) => trip.id)).toEqual([s.c, s.b, s.a, s.d, s.f, s.e]);
      expect(res.body.items[2].dives).toHaveLength(2);

      const page = await list('page=2&page_size=4', admin).expect(200);
      expect(page.body).toMatchObject({ total: 6, page: 2, size: 4, pages: 2 });
      expect(page.body.items.map((trip: Trip) => trip.id)).toEqual([s.f, s.e]);
      expect((await list('page=3&page_size=4', admin).expect(200)).body.items).toEqual([]);
      await list('page=0', admin).expect(422);
      await list('page_size=0', admin).expect(422);
      await list('page_size=1001', admin).expect(422);
    });

    it('filters: dates, center, site, status on its own, price, duration, difficulty, text and place', async () => {
      const s = await seedTrips();
      expect(await ids('start_date=2027-05-15&end_date=2027-06-05&sort_order=asc')).toEqual([s.d, s.a]);
      expect(await ids('diving_center_id=1&sort_order=asc')).toEqual([s.a, s.b, s.c]);
      expect(await ids('dive_site_id=7')).toEqual([s.e]);
      expect(await ids('dive_site_id=1')).toEqual([s.a]);
      expect(await ids('trip_status=confirmed')).toEqual([s.b]);
      expect(await ids('trip_status=cancelled')).toEqual([s.c]);
      expect(await ids('trip_status=scheduled&sort_order=asc')).toEqual([s.f, s.d, s.a]);
      expect(await ids('min_price=45&max_price=110&sort_order=asc')).toEqual([s.e, s.a, s.b]);
      expect(await ids('min_duration=300&sort_order=asc')).toEqual([s.e, s.d, s.a]);
      expect(await ids('max_duration=120')).toEqual([s.b]);
      expect(await ids('difficulty_code=TECHNICAL_DIVING')).toEqual([s.d]);
      expect(await ids('exclude_unspecified_difficulty=true&sort_order=asc')).toEqual([s.e, s.d, s.a, s.b]);
      expect(await ids('exclude_unspecified_difficulty=false')).toHaveLength(6);
      expect(await ids('search_query=trimix')).toEqual([s.d]);
      expect(await ids('search_query=kavouri')).toEqual([s.b]);
      expect(await ids('search_query=elephant')).toEqual([s.e]);
      expect(await ids('search_query=100%25')).toEqual([]);
      expect(await ids('location_query=crete')).toEqual([s.e]);
      expect(await ids('region=cyclades&sort_order=asc')).toEqual([s.d, s.c]);
      expect(await ids('country=greece')).toHaveLength(5);

      for (const bad of [
        'trip_status=postponed',
        'difficulty_code=EXPERT',
        'start_date=2027-13-01',
        'min_price=x',
      ]) {
        const res = await list(bad, admin);
        expect([bad, res.status]).toEqual([bad, 422]);
      }
    });

    it('sorts by date, price, duration, difficulty, creation, popularity (admins) and distance', async () => {
      const s = await seedTrips();
      expect(await ids('sort_by=trip_date&sort_order=asc')).toEqual([s.e, s.f, s.d, s.a, s.b, s.c]);
      // Unpriced trips last in both directions; "price" is the original's alias.
      expect(await ids('sort_by=trip_price&sort_order=asc')).toEqual([s.f, s.b, s.a, s.e, s.d, s.c]);
      expect(await ids('sort_by=price&sort_order=desc')).toEqual([s.d, s.e, s.a, s.b, s.f, s.c]);
      expect(await ids('sort_by=duration&sort_order=asc')).toEqual([s.b, s.a, s.e, s.d, s.c, s.f]);
      expect((await ids('sort_by=trip_duration&sort_order=asc')).slice(0, 4)).toEqual([s.b, s.a, s.e, s.d]);
      expect((await ids('sort_by=difficulty_level&sort_order=desc')).slice(0, 4)).toEqual([
        s.d,
        s.e,
        s.b,
        s.a,
      ]);
      expect(await ids('sort_by=created_at&sort_order=asc')).toEqual([s.a, s.b, s.c, s.d, s.e, s.f]);

      await t.ds.query('UPDATE parsed_dive_trips SET view_count = 10 WHERE id = ?', [s.b]);
      expect((await ids('sort_by=popularity&sort_order=desc'))[0]).toBe(s.b);
      const userSort = await list('sort_by=popularity', user).expect(403);
      expect(userSort.body.detail).toBe('Sorting by popularity is only available for admin users');
      await list('sort_by=popularity').expect(403);

      // From Chania: the Chania center's trip first, then Attica's, then Kea's; no center last.
      const chania = await ids('sort_by=distance&sort_order=asc&user_lat=35.51&user_lon=24.02');
      expect(chania[0]).toBe(s.e);
      expect(chania[chania.length - 1]).toBe(s.f);
      const fromKea = await ids('sort_by=distance&sort_order=asc&user_lat=37.66&user_lon=24.32');
      expect(fromKea[0]).toBe(s.d);
      // Without both coordinates distance falls back to the date.
      expect(await ids('sort_by=distance&sort_order=asc')).toEqual(
        await ids('sort_by=trip_date&sort_order=asc'),
      );
      await list('user_lat=91', admin).expect(422);

      const badField = await list('sort_by=name', admin).expect(400);
      expect(badField.body.detail).toMatch(/^Invalid sort_by field. Must be one of: trip_date, trip_price/);
      const badOrder = await list('sort_order=up', admin).expect(400);
      expect(badOrder.body.detail).toBe("sort_order must be 'asc' or 'desc'");
    });

    it('shows anonymous callers the two earliest matching trips of each center, with totals that add up', async () => {
      const s = await seedTrips();
      const anonymous = await list('sort_order=asc').expect(200);
      expect(anonymous.body.items.map((trip: Trip) => trip.id)).toEqual([s.e, s.d, s.a, s.b]);
      expect(anonymous.body).toMatchObject({ total: 4, pages: 1 });
      expect(anonymous.body.items.every((trip: Trip) => trip.newsletter_content === null)).toBe(true);
      const paged = await list('sort_order=asc&page=2&page_size=3').expect(200);
      expect(paged.body).toMatchObject({ total: 4, pages: 2 });
      expect(paged.body.items.map((trip: Trip) => trip.id)).toEqual([s.b]);
      // The rule applies after the filters: the two earliest of what matches.
      expect(await ids('diving_center_id=1&start_date=2027-06-06&sort_order=asc', undefined)).toEqual([
        s.b,
        s.c,
      ]);
      // Signed-in users see everything.
      expect(await ids('', user)).toHaveLength(6);
    });

    it('reads the newsletters’ text only for the callers shown it, and each text once (issue 15)', async () => {
      const texts = [
        'Aegean Divers\n\nΣάββατο 5/6/2027: διπλή βουτιά στις Φλέβες, 09:00, 65€\n\nΚυριακή 6/6/2027: βουτιά στο Λαγονήσι, 10:00, 40€',
        'Κυριακή 13/6/2027: βουτιά στο ναυάγιο Πατρίς, 08:00, 90€',
      ];
      const newsletterIds: number[] = [];
      for (const content of texts) {
        const res = await request(http)
          .post('/api/v1/newsletters/parse-text')
          .set(bearer(admin))
          .send({ content, diving_center_id: 1 })
          .expect(200);
        newsletterIds.push(res.body.newsletter_id);
      }
      const stored = new Map(
        (await t.ds.query<Array<{ id: number; content: string }>>('SELECT id, content FROM newsletters')).map(
          (n) => [n.id, n.content],
        ),
      );
      /** The statements that read the newsletters table while `run` ran, with their parameters. */
      const newsletterReads = async (run: () => Promise<unknown>) => {
        const reads: unknown[][] = [];
        const original = MysqlQueryRunner.prototype.query;
        const spy = jest.spyOn(MysqlQueryRunner.prototype, 'query').mockImplementation(function (
          this: MysqlQueryRunner,
          ...args: Parameters<MysqlQueryRunner['query']>
        ) {
          if (/\bnewsletters\b/.test(args[0])) reads.push(args[1] ?? []);
          return original.apply(this, args);
        });
        try {
          await run();
        } finally {
          spy.mockRestore();
        }
        return reads;
      };

      let anonymous: Trip[] = [];
      let signedIn: Trip[] = [];
      let staff: Trip[] = [];
      expect(
        await newsletterReads(async () => {
          anonymous = (await list('page_size=1000').expect(200)).body.items;
          signedIn = (await list('page_size=1000', user).expect(200)).body.items;
        }),
      ).toEqual([]);
      const staffReads = await newsletterReads(async () => {
        staff = (await list('page_size=1000', moderator).expect(200)).body.items;
      });
      // One statement, each newsletter once (three trips, two newsletters).
      expect(staffReads).toHaveLength(1);
      expect((staffReads[0][0] as number[]).sort()).toEqual([...newsletterIds].sort());
      expect(
        await newsletterReads(() =>
          request(http).get(`/api/v1/newsletters/trips/${signedIn[0].id}`).set(bearer(user)).expect(200),
        ),
      ).toEqual([]);

      expect(staff).toHaveLength(3);
      expect(anonymous.length).toBeGreaterThan(0);
      expect([...anonymous, ...signedIn].every((trip) => trip.newsletter_content === null)).toBe(true);
      const sourceOf = async (id: number) =>
        (
          await t.ds.query<Array<{ source_newsletter_id: number }>>(
            'SELECT source_newsletter_id FROM parsed_dive_trips WHERE id = ?',
            [id],
          )
        )[0].source_newsletter_id;
      for (const trip of staff) expect(trip.newsletter_content).toBe(stored.get(await sourceOf(trip.id)));
      // Apart from the text, everyone is shown the same trip.
      const withoutText = (trips: Trip[]) => trips.map(({ newsletter_content: _, ...rest }) => rest);
      expect(withoutText(staff)).toEqual(withoutText(signedIn));
    });
  });

  it('a trip lists at most 20 dives (issue 13): 21 → 422 on create and update, nothing written', async () => {
    const dives = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ dive_site_id: 1, dive_number: i + 1 }));
    const trip = await create({ diving_center_id: 1, trip_date: '2027-07-01', dives: dives(20) });
    expect(trip.dives).toHaveLength(20);
    const tooMany = await request(http)
      .post('/api/v1/newsletters/trips')
      .set(bearer(admin))
      .send({ diving_center_id: 1, trip_date: '2027-07-02', dives: dives(21) })
      .expect(422);
    expect(tooMany.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'dives'] })]);
    const update = await request(http)
      .put(`/api/v1/newsletters/trips/${trip.id}`)
      .set(bearer(admin))
      .send({ dives: dives(21) })
      .expect(422);
    expect(update.body.detail[0].loc).toEqual(['body', 'dives']);
    expect(await t.ds.query('SELECT id FROM parsed_dive_trips')).toHaveLength(1);
    expect(await t.ds.query('SELECT id FROM parsed_dives')).toHaveLength(20);
  });
});
