import request from 'supertest';
import type { App } from 'supertest/types';
import type { User } from '../../src/modules/users/entities/user.entity';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { expectBoundedList } from '../support/bounded-list';
import { bearer, createUser, tokenFor } from '../support/factories';

const API = '/api/v1/dives';

/** A JSON response body: the assertions read it field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

describe('dives (/api/v1/dives): writes, validation, media, tags, admin', () => {
  let t: TestApp;
  let http: App;
  let admin: User;
  let moderator: User;
  let alice: User;
  let bob: User;
  let adminToken: string;
  let moderatorToken: string;
  let aliceToken: string;
  let bobToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    http = t.app.getHttpServer();
  });
  beforeEach(async () => {
    await resetDatabase(t.ds);
    admin = await createUser(t.ds, { username: 'dive_admin', isAdmin: true });
    moderator = await createUser(t.ds, { username: 'dive_moderator', isModerator: true });
    alice = await createUser(t.ds, { username: 'alice' });
    bob = await createUser(t.ds, { username: 'bob' });
    adminToken = tokenFor(t, admin);
    moderatorToken = tokenFor(t, moderator);
    aliceToken = tokenFor(t, alice);
    bobToken = tokenFor(t, bob);
  });
  afterAll(() => t?.app.close());

  async function insert(sql: string, params: unknown[] = []): Promise<number> {
    return (await t.ds.query<{ insertId: number }>(sql, params)).insertId;
  }
  const site = (name: string, extra: { deleted_at?: string } = {}) =>
    insert(
      'INSERT INTO dive_sites (name, description, latitude, longitude, country, region, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [name, `${name} description`, 36.5, 28.25, 'Greece', 'Rhodes', extra.deleted_at ?? null],
    );
  const center = (name: string) =>
    insert('INSERT INTO diving_centers (name, email, latitude, longitude) VALUES (?, ?, ?, ?)', [
      name,
      'info@example.org',
      36.4,
      28.2,
    ]);
  const tag = (name: string) => insert('INSERT INTO available_tags (name) VALUES (?)', [name]);
  const diveCount = async () =>
    Number((await t.ds.query<Array<{ n: string }>>('SELECT COUNT(*) AS n FROM dives'))[0].n);

  const post = (body: Body, token = aliceToken) =>
    request(http).post(`${API}/`).set(bearer(token)).send(body);
  const put = (id: number, body: Body, token = aliceToken) =>
    request(http).put(`${API}/${id}`).set(bearer(token)).send(body);
  const get = (path: string, token?: string) => {
    const req = request(http).get(`${API}${path}`);
    return token ? req.set(bearer(token)) : req;
  };
  async function create(body: Body = {}, token = aliceToken): Promise<Body> {
    const res = await post({ dive_date: '2025-06-01', ...body }, token);
    expect(res.status).toBe(201);
    return res.body as Body;
  }
  /** The `loc`s of a 422 (or the status and detail of anything else, so a failure says what came back). */
  const locs = (res: { status: number; body: Body }) =>
    res.status === 422 && Array.isArray(res.body.detail)
      ? (res.body.detail as Array<{ loc: string[] }>).map((d) => d.loc.join('.'))
      : [`${res.status} ${JSON.stringify(res.body.detail)}`];

  describe('create', () => {
    it('201 with the dive, its site and center summaries, difficulty code/label, tags and media', async () => {
      const siteId = await site('Blue Hole');
      const centerId = await center('Poseidon Divers');
      const wreck = await tag('Wreck');
      const night = await tag('Night');
      const res = await post({
        dive_date: '2025-06-01',
        dive_time: '09:30',
        dive_site_id: siteId,
        diving_center_id: centerId,
        dive_information: '<b>Great</b> viz &amp; turtles',
        max_depth: 30.1234,
        average_depth: 18.5,
        gas_bottles_used: '12L air',
        suit_type: 'wet_suit',
        difficulty_code: 'ADVANCED_OPEN_WATER',
        visibility_rating: 8,
        user_rating: 9,
        duration: 52,
        tags: [wreck, night, wreck],
        media: [{ media_type: 'photo', url: 'https://img.example/1.jpg', description: 'Turtle', title: 'T' }],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        user_id: alice.id,
        user_username: 'alice',
        dive_site_id: siteId,
        diving_center_id: centerId,
        name: 'Blue Hole - 2025/06/01',
        is_private: false,
        dive_information: 'Great viz & turtles',
        max_depth: 30.123,
        average_depth: 18.5,
        gas_bottles_used: '12L air',
        suit_type: 'wet_suit',
        difficulty_code: 'ADVANCED_OPEN_WATER',
        difficulty_label: 'Advanced Open Water',
        visibility_rating: 8,
        user_rating: 9,
        dive_date: '2025-06-01',
        dive_time: '09:30:00',
        duration: 52,
        view_count: 0,
        dive_site: {
          id: siteId,
          name: 'Blue Hole',
          description: 'Blue Hole description',
          latitude: 36.5,
          longitude: 28.25,
          country: 'Greece',
          region: 'Rhodes',
          deleted_at: null,
        },
        diving_center: {
          id: centerId,
          name: 'Poseidon Divers',
          email: 'info@example.org',
          latitude: 36.4,
          longitude: 28.2,
        },
        tags: [
          { id: night, name: 'Night' },
          { id: wreck, name: 'Wreck' },
        ],
        buddies: [],
      });
      expect(res.body).not.toHaveProperty('difficulty_id');
      expect(res.body.media).toEqual([
        expect.objectContaining({
          media_type: 'photo',
          url: 'https://img.example/1.jpg',
          description: 'Turtle',
          title: 'T',
        }),
      ]);
      const [row] = await t.ds.query<Array<{ user_id: number; difficulty_id: number }>>(
        'SELECT user_id, difficulty_id FROM dives WHERE id = ?',
        [res.body.id],
      );
      expect(row).toEqual({ user_id: alice.id, difficulty_id: 2 });
    });

    it('names a dive without a site "Dive - YYYY/MM/DD" and keeps a given name', async () => {
      expect((await create({ dive_date: '2024-02-29' })).name).toBe('Dive - 2024/02/29');
      expect((await create({ name: '  Night dive <i>one</i> ' })).name).toBe('Night dive one');
      expect((await create({ name: '' })).name).toBe('Dive - 2025/06/01');
    });

    it('suit_type "" means none; the owner cannot be set from the body', async () => {
      const dive = await create({ suit_type: '', user_id: bob.id, view_count: 99 });
      expect(dive.suit_type).toBeNull();
      expect(dive.user_id).toBe(alice.id);
      expect(dive.view_count).toBe(0);
    });

    it('404 naming the missing site or center; nothing written', async () => {
      const siteId = await site('Archived', { deleted_at: '2025-01-01 00:00:00' });
      let res = await post({ dive_date: '2025-06-01', dive_site_id: 999999 });
      expect([res.status, res.body.detail]).toEqual([404, 'Dive site not found']);
      res = await post({ dive_date: '2025-06-01', dive_site_id: siteId });
      expect([res.status, res.body.detail]).toEqual([404, 'Dive site not found']);
      res = await post({ dive_date: '2025-06-01', diving_center_id: 999999 });
      expect([res.status, res.body.detail]).toEqual([404, 'Diving center not found']);
      expect(await diveCount()).toBe(0);
    });

    it('an unknown tag → 404 "Tag with ID n not found" and NO dive, tag or media row is left (one transaction)', async () => {
      const known = await tag('Reef');
      const res = await post({
        dive_date: '2025-06-01',
        tags: [known, 424242],
        media: [{ media_type: 'photo', url: 'https://img.example/x.jpg' }],
      });
      expect(res.status).toBe(404);
      expect(res.body.detail).toBe('Tag with ID 424242 not found');
      expect(await diveCount()).toBe(0);
      const [links] = await t.ds.query<Array<{ n: string }>>('SELECT COUNT(*) AS n FROM dive_tags');
      const [media] = await t.ds.query<Array<{ n: string }>>('SELECT COUNT(*) AS n FROM dive_media');
      expect([Number(links.n), Number(media.n)]).toEqual([0, 0]);
    });

    it('a media URL that is not http(s) → 400 "Invalid media URL", nothing written', async () => {
      for (const url of ['javascript:alert(1)', 'ftp://x.example/a', 'not a url']) {
        const res = await post({ dive_date: '2025-06-01', media: [{ media_type: 'photo', url }] });
        expect([res.status, res.body.detail]).toEqual([400, 'Invalid media URL']);
      }
      expect(await diveCount()).toBe(0);
    });

    it.each([
      ['dive_date missing', {}, 'body.dive_date'],
      ['dive_date impossible', { dive_date: '2023-02-29' }, 'body.dive_date'],
      ['dive_date month 13', { dive_date: '2025-13-01' }, 'body.dive_date'],
      ['dive_date wrong format', { dive_date: '01/06/2025' }, 'body.dive_date'],
      ['dive_date with a time', { dive_date: '2025-06-01T10:00:00' }, 'body.dive_date'],
      ['dive_time 24:00', { dive_date: '2025-06-01', dive_time: '24:00' }, 'body.dive_time'],
      ['dive_time 10:61:00', { dive_date: '2025-06-01', dive_time: '10:61:00' }, 'body.dive_time'],
      ['user_rating 0', { dive_date: '2025-06-01', user_rating: 0 }, 'body.user_rating'],
      ['user_rating 11', { dive_date: '2025-06-01', user_rating: 11 }, 'body.user_rating'],
      ['user_rating 7.5', { dive_date: '2025-06-01', user_rating: 7.5 }, 'body.user_rating'],
      ['visibility_rating 11', { dive_date: '2025-06-01', visibility_rating: 11 }, 'body.visibility_rating'],
      ['max_depth -1', { dive_date: '2025-06-01', max_depth: -1 }, 'body.max_depth'],
      ['max_depth 1000', { dive_date: '2025-06-01', max_depth: 1000 }, 'body.max_depth'],
      [
        'max_depth 999.9996 (rounds to 1000)',
        { dive_date: '2025-06-01', max_depth: 999.9996 },
        'body.max_depth',
      ],
      [
        'average_depth > max_depth',
        { dive_date: '2025-06-01', max_depth: 10, average_depth: 12 },
        'body.average_depth',
      ],
      ['duration 0', { dive_date: '2025-06-01', duration: 0 }, 'body.duration'],
      ['duration 1441', { dive_date: '2025-06-01', duration: 1441 }, 'body.duration'],
      ['suit_type unknown', { dive_date: '2025-06-01', suit_type: 'bikini' }, 'body.suit_type'],
      [
        'difficulty_code unknown',
        { dive_date: '2025-06-01', difficulty_code: 'EASY' },
        'body.difficulty_code',
      ],
      ['name too long', { dive_date: '2025-06-01', name: 'x'.repeat(256) }, 'body.name'],
      ['tags not ids', { dive_date: '2025-06-01', tags: ['a'] }, 'body.tags'],
      [
        'media type unknown',
        { dive_date: '2025-06-01', media: [{ media_type: 'gif', url: 'https://a.example' }] },
        'body.media.0.media_type',
      ],
      ['buddies (not supported yet)', { dive_date: '2025-06-01', buddies: [2] }, 'body.buddies'],
    ])('422 naming the field: %s', async (_name, body, loc) => {
      const res = await post(body);
      expect(res.status).toBe(422);
      expect(locs(res)).toContain(loc);
      expect(await diveCount()).toBe(0);
    });

    it('accepts the edges: depth 0 and 999.999, ratings 1 and 10, duration 1 and 1440, 23:59:59, leap day, empty buddies', async () => {
      const dive = await create({
        dive_date: '2024-02-29',
        dive_time: '23:59:59',
        max_depth: 999.999,
        average_depth: 0,
        user_rating: 10,
        visibility_rating: 1,
        duration: 1440,
        buddies: [],
      });
      expect(dive).toMatchObject({
        max_depth: 999.999,
        average_depth: 0,
        duration: 1440,
        dive_time: '23:59:59',
      });
      expect((await create({ duration: 1, max_depth: 0 })).duration).toBe(1);
    });

    it('401 without a token', async () => {
      await request(http).post(`${API}/`).send({ dive_date: '2025-06-01' }).expect(401);
    });
  });

  describe('update', () => {
    it('the owner changes fields; diving_center_id: null clears it; tags are replaced as a set', async () => {
      const centerId = await center('Old Center');
      const [a, b, c] = [await tag('A'), await tag('B'), await tag('C')];
      const dive = await create({ diving_center_id: centerId, tags: [a, b], user_rating: 5 });
      const res = await put(dive.id, {
        diving_center_id: null,
        tags: [c, b],
        user_rating: 7,
        dive_time: '07:05',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        diving_center_id: null,
        diving_center: null,
        user_rating: 7,
        dive_time: '07:05:00',
        tags: [
          { id: b, name: 'B' },
          { id: c, name: 'C' },
        ],
      });
      expect((await put(dive.id, { tags: [] })).body.tags).toEqual([]);
    });

    it('name rules: a non-blank name wins; a changed site or a blank name regenerates it', async () => {
      const reef = await site('Reef');
      const wall = await site('Wall');
      const dive = await create({ dive_site_id: reef });
      expect(dive.name).toBe('Reef - 2025/06/01');
      expect((await put(dive.id, { name: 'My dive' })).body.name).toBe('My dive');
      expect((await put(dive.id, { user_rating: 3 })).body.name).toBe('My dive');
      expect((await put(dive.id, { dive_site_id: wall })).body.name).toBe('Wall - 2025/06/01');
      expect((await put(dive.id, { dive_site_id: reef, name: 'Kept' })).body.name).toBe('Kept');
      expect((await put(dive.id, { name: '  ', dive_date: '2025-07-02' })).body.name).toBe(
        'Reef - 2025/07/02',
      );
      expect((await put(dive.id, { dive_site_id: null })).body).toMatchObject({
        name: 'Dive - 2025/07/02',
        dive_site: null,
      });
    });

    it('an unknown tag → 404 and the dive is unchanged (tags and fields)', async () => {
      const a = await tag('A');
      const dive = await create({ tags: [a], user_rating: 5 });
      const res = await put(dive.id, { tags: [a, 31337], user_rating: 9 });
      expect([res.status, res.body.detail]).toEqual([404, 'Tag with ID 31337 not found']);
      const after = (await get(`/${dive.id}`, aliceToken).expect(200)).body;
      expect(after).toMatchObject({ user_rating: 5, tags: [{ id: a, name: 'A' }] });
    });

    it('average ≤ max holds against the stored values; dive_date and is_private cannot be null', async () => {
      const dive = await create({ max_depth: 20, average_depth: 10 });
      expect(locs(await put(dive.id, { average_depth: 25 }))).toEqual(['body.average_depth']);
      expect(locs(await put(dive.id, { max_depth: 5 }))).toEqual(['body.average_depth']);
      expect((await put(dive.id, { max_depth: 5, average_depth: 4 })).status).toBe(200);
      expect(locs(await put(dive.id, { dive_date: null }))).toContain('body.dive_date');
      expect(locs(await put(dive.id, { is_private: null }))).toContain('body.is_private');
      expect(locs(await put(dive.id, { dive_date: '2025-02-30' }))).toContain('body.dive_date');
    });

    it('404 "Dive not found" for other users and moderators; admins may update any dive', async () => {
      const dive = await create({ user_rating: 5 });
      for (const token of [bobToken, moderatorToken]) {
        const res = await put(dive.id, { user_rating: 1 }, token);
        expect([res.status, res.body.detail]).toEqual([404, 'Dive not found']);
      }
      expect((await put(dive.id, { user_rating: 2 }, adminToken)).body).toMatchObject({
        user_rating: 2,
        user_id: alice.id,
      });
      expect((await put(424242, { user_rating: 2 })).status).toBe(404);
      await request(http).put(`${API}/${dive.id}`).send({ user_rating: 2 }).expect(401);
    });

    it('a new site must exist (404) and a new center too', async () => {
      const dive = await create();
      expect((await put(dive.id, { dive_site_id: 999 })).body.detail).toBe('Dive site not found');
      expect((await put(dive.id, { diving_center_id: 999 })).body.detail).toBe('Diving center not found');
    });
  });

  describe('delete', () => {
    it('the owner deletes (media and tags go too); others, admins included, get 404', async () => {
      const a = await tag('A');
      const dive = await create({ tags: [a], media: [{ media_type: 'video', url: 'https://v.example/1' }] });
      for (const token of [bobToken, moderatorToken, adminToken]) {
        const res = await request(http).delete(`${API}/${dive.id}`).set(bearer(token));
        expect([res.status, res.body.detail]).toEqual([404, 'Dive not found']);
      }
      const res = await request(http).delete(`${API}/${dive.id}`).set(bearer(aliceToken)).expect(200);
      expect(res.body).toEqual({ message: 'Dive deleted successfully' });
      expect(await diveCount()).toBe(0);
      const [m] = await t.ds.query<Array<{ n: string }>>('SELECT COUNT(*) AS n FROM dive_media');
      expect(Number(m.n)).toBe(0);
      await request(http).delete(`${API}/${dive.id}`).set(bearer(aliceToken)).expect(404);
    });
  });

  describe('detail and view counts', () => {
    it('GET /{id} and /{id}/details count a view without touching updated_at', async () => {
      const dive = await create();
      await t.ds.query("UPDATE dives SET updated_at = '2025-01-01 00:00:00' WHERE id = ?", [dive.id]);
      expect((await get(`/${dive.id}`).expect(200)).body.view_count).toBe(1);
      expect((await get(`/${dive.id}/details`).expect(200)).body.view_count).toBe(2);
      const [row] = await t.ds.query<Array<{ view_count: number; updated_at: Date }>>(
        'SELECT view_count, updated_at FROM dives WHERE id = ?',
        [dive.id],
      );
      expect(row.view_count).toBe(2);
      expect(new Date(row.updated_at).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    });

    it('/details has the richer site, media and tags; /{id} has tags and media []', async () => {
      const siteId = await site('Canyon');
      await t.ds.query(
        "UPDATE dive_sites SET difficulty_id = 3, max_depth = 42.5, marine_life = 'Groupers', safety_information = 'Currents', access_instructions = 'Boat' WHERE id = ?",
        [siteId],
      );
      const a = await tag('Deep');
      const dive = await create({
        dive_site_id: siteId,
        tags: [a],
        media: [{ media_type: 'dive_plan', url: 'https://plan.example/p.pdf' }],
      });
      const detail = (await get(`/${dive.id}`).expect(200)).body;
      expect(detail.media).toEqual([]);
      expect(detail.tags).toEqual([{ id: a, name: 'Deep' }]);
      const details = (await get(`/${dive.id}/details`).expect(200)).body;
      expect(details.dive_site).toMatchObject({
        id: siteId,
        name: 'Canyon',
        difficulty_code: 'DEEP_NITROX',
        difficulty_label: 'Deep/Nitrox',
        max_depth: 42.5,
        marine_life: 'Groupers',
        safety_information: 'Currents',
        access_instructions: 'Boat',
      });
      expect(details.media).toEqual([
        expect.objectContaining({
          media_type: 'dive_plan',
          url: 'https://plan.example/p.pdf',
          dive_id: dive.id,
        }),
      ]);
      expect(details.tags).toEqual([{ id: a, name: 'Deep' }]);
    });

    it('404 "Dive not found"; 422 for a non-numeric id', async () => {
      expect((await get('/999999').expect(404)).body.detail).toBe('Dive not found');
      await get('/999999/details').expect(404);
      await get('/999999/media').expect(404);
      expect(locs(await get('/abc').expect(422))).toEqual(['path.id']);
    });
  });

  describe('media', () => {
    it('the owner adds (201), lists, edits the description and deletes media of all four types', async () => {
      const dive = await create();
      const types = ['photo', 'video', 'dive_plan', 'external_link'];
      const ids: number[] = [];
      for (const media_type of types) {
        const res = await request(http)
          .post(`${API}/${dive.id}/media`)
          .set(bearer(aliceToken))
          .send({ media_type, url: `https://m.example/${media_type}`, description: `<p>${media_type}</p>` });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          dive_id: dive.id,
          media_type,
          url: `https://m.example/${media_type}`,
          description: media_type,
          download_url: `https://m.example/${media_type}`,
        });
        ids.push(res.body.id);
      }
      const list = (await get(`/${dive.id}/media`).expect(200)).body as Body[];
      expect(list.map((m) => m.media_type)).toEqual(types);

      const patched = await request(http)
        .patch(`${API}/${dive.id}/media/${ids[0]}`)
        .set(bearer(aliceToken))
        .send({ description: 'New words', title: 'Title' })
        .expect(200);
      expect(patched.body).toMatchObject({ id: ids[0], description: 'New words', title: 'Title' });

      await request(http).delete(`${API}/${dive.id}/media/${ids[1]}`).set(bearer(aliceToken)).expect(200);
      const res = await request(http).delete(`${API}/${dive.id}/media/${ids[1]}`).set(bearer(aliceToken));
      expect([res.status, res.body.detail]).toEqual([404, 'Media not found']);
      expect(((await get(`/${dive.id}/media`).expect(200)).body as Body[]).length).toBe(3);
    });

    it('others (admins included) cannot write: 404 "Dive not found"; bad URLs 400; bad types 422', async () => {
      const dive = await create();
      const other = await create({}, bobToken);
      for (const token of [bobToken, moderatorToken, adminToken]) {
        const res = await request(http)
          .post(`${API}/${dive.id}/media`)
          .set(bearer(token))
          .send({ media_type: 'photo', url: 'https://a.example/x' });
        expect([res.status, res.body.detail]).toEqual([404, 'Dive not found']);
      }
      const bad = await request(http)
        .post(`${API}/${dive.id}/media`)
        .set(bearer(aliceToken))
        .send({ media_type: 'photo', url: 'data:image/png;base64,AAAA' });
      expect([bad.status, bad.body.detail]).toEqual([400, 'Invalid media URL']);
      const badThumb = await request(http)
        .post(`${API}/${dive.id}/media`)
        .set(bearer(aliceToken))
        .send({ media_type: 'photo', url: 'https://a.example/x', thumbnail_url: 'file:///etc/passwd' });
      expect(badThumb.status).toBe(400);
      const badType = await request(http)
        .post(`${API}/${dive.id}/media`)
        .set(bearer(aliceToken))
        .send({ media_type: 'audio', url: 'https://a.example/x' });
      expect(locs(badType)).toEqual(['body.media_type']);

      // A media id of another dive is not found through this dive.
      const foreign = await request(http)
        .post(`${API}/${other.id}/media`)
        .set(bearer(bobToken))
        .send({ media_type: 'photo', url: 'https://b.example/y' })
        .expect(201);
      await request(http)
        .patch(`${API}/${dive.id}/media/${foreign.body.id}`)
        .set(bearer(aliceToken))
        .send({ description: 'x' })
        .expect(404);
      await request(http)
        .delete(`${API}/${dive.id}/media/${foreign.body.id}`)
        .set(bearer(aliceToken))
        .expect(404);
      await request(http)
        .delete(`${API}/${other.id}/media/${foreign.body.id}`)
        .set(bearer(aliceToken))
        .expect(404);
      await request(http)
        .post(`${API}/${dive.id}/media`)
        .send({ media_type: 'photo', url: 'https://a.example/x' })
        .expect(401);
    });
  });

  describe('tags', () => {
    it('POST adds (201), a duplicate is 400, DELETE removes, a missing link is 404', async () => {
      const dive = await create();
      const a = await tag('Wreck');
      const res = await request(http)
        .post(`${API}/${dive.id}/tags`)
        .set(bearer(aliceToken))
        .send({ tag_id: a });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ dive_id: dive.id, tag_id: a, name: 'Wreck' });
      const dup = await request(http)
        .post(`${API}/${dive.id}/tags`)
        .set(bearer(aliceToken))
        .send({ tag_id: a });
      expect([dup.status, dup.body.detail]).toEqual([400, 'Tag already added to this dive']);
      const unknown = await request(http)
        .post(`${API}/${dive.id}/tags`)
        .set(bearer(aliceToken))
        .send({ tag_id: 999 });
      expect([unknown.status, unknown.body.detail]).toEqual([404, 'Tag not found']);
      expect((await get(`/${dive.id}`).expect(200)).body.tags).toEqual([{ id: a, name: 'Wreck' }]);

      await request(http).delete(`${API}/${dive.id}/tags/${a}`).set(bearer(aliceToken)).expect(200);
      const gone = await request(http).delete(`${API}/${dive.id}/tags/${a}`).set(bearer(aliceToken));
      expect([gone.status, gone.body.detail]).toEqual([404, 'Tag not found on this dive']);
      const missing = await request(http).post(`${API}/${dive.id}/tags`).set(bearer(aliceToken)).send({});
      expect(new Set(locs(missing))).toEqual(new Set(['body.tag_id']));
    });

    it('only the owner: others get 404 "Dive not found"', async () => {
      const dive = await create();
      const a = await tag('Wreck');
      for (const token of [bobToken, moderatorToken, adminToken]) {
        const res = await request(http).post(`${API}/${dive.id}/tags`).set(bearer(token)).send({ tag_id: a });
        expect([res.status, res.body.detail]).toEqual([404, 'Dive not found']);
      }
      await request(http)
        .post(`${API}/${dive.id}/tags`)
        .set(bearer(aliceToken))
        .send({ tag_id: a })
        .expect(201);
      await request(http).delete(`${API}/${dive.id}/tags/${a}`).set(bearer(bobToken)).expect(404);
    });
  });

  describe('admin endpoints (/dives/admin/dives)', () => {
    it('admins list every dive incl. private ones in envelope A; search spans name, username, site and notes', async () => {
      const reef = await site('Coral Garden');
      await create({ name: 'Morning', is_private: true, dive_information: 'octopus' });
      await create({ dive_site_id: reef }, bobToken);
      await create({ name: 'Evening', dive_date: '2025-05-01' }, bobToken);
      const all = (await request(http).get(`${API}/admin/dives`).set(bearer(adminToken)).expect(200)).body;
      expect(all).toMatchObject({ total: 3, page: 1, page_size: 50, total_pages: 1 });
      // dive_date desc, dive_time desc, then the newest row first
      expect(all.items.map((i: Body) => i.name)).toEqual(['Coral Garden - 2025/06/01', 'Morning', 'Evening']);
      expect(all.items[1].is_private).toBe(true);
      expect(all.items[0]).not.toHaveProperty('diving_center');

      const search = async (q: string) =>
        (await request(http).get(`${API}/admin/dives?search=${q}`).set(bearer(adminToken)).expect(200)).body
          .total;
      expect(await search('Morn')).toBe(1); // dive name
      expect(await search('bob')).toBe(2); // username
      expect(await search('coral')).toBe(1); // site name
      expect(await search('octo')).toBe(1); // dive information
      const count = await request(http)
        .get(`${API}/admin/dives/count?search=bob`)
        .set(bearer(adminToken))
        .expect(200);
      expect(count.body).toEqual({ total: 2 });
      const total = await request(http).get(`${API}/admin/dives/count`).set(bearer(adminToken)).expect(200);
      expect(total.body).toEqual({ total: 3 });
    });

    it('page_size from the whitelist, limit as its alias, sorts', async () => {
      for (let i = 1; i <= 7; i++) await create({ dive_date: `2025-06-0${i}`, user_rating: i });
      const page = async (q: string) =>
        (await request(http).get(`${API}/admin/dives?${q}`).set(bearer(adminToken))).body;
      expect(await page('page_size=5&page=2')).toMatchObject({
        page: 2,
        page_size: 5,
        total: 7,
        total_pages: 2,
      });
      expect(await page('limit=3&page=3')).toMatchObject({ page: 3, page_size: 3, total_pages: 3 });
      expect((await page('limit=3')).items).toHaveLength(3);
      const bad = await request(http)
        .get(`${API}/admin/dives?page_size=7`)
        .set(bearer(adminToken))
        .expect(400);
      expect(bad.body.detail).toMatch(/^page_size must be one of/);
      await request(http).get(`${API}/admin/dives?limit=1001`).set(bearer(adminToken)).expect(422);
      const sorted = await page('sort_by=user_rating&sort_order=asc');
      expect(sorted.items.map((i: Body) => i.user_rating)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect((await page('sort_by=user_username')).items).toHaveLength(7);
      await request(http).get(`${API}/admin/dives?sort_by=password`).set(bearer(adminToken)).expect(400);
    });

    it('admins update and delete any dive', async () => {
      const dive = await create({ is_private: true });
      const res = await request(http)
        .put(`${API}/admin/dives/${dive.id}`)
        .set(bearer(adminToken))
        .send({ user_rating: 4 })
        .expect(200);
      expect(res.body).toMatchObject({ user_rating: 4, user_id: alice.id });
      await request(http).delete(`${API}/admin/dives/${dive.id}`).set(bearer(adminToken)).expect(200);
      expect(await diveCount()).toBe(0);
      await request(http).delete(`${API}/admin/dives/${dive.id}`).set(bearer(adminToken)).expect(404);
    });

    it('users and moderators get 403; anonymous 401', async () => {
      const dive = await create();
      for (const token of [aliceToken, moderatorToken]) {
        await request(http).get(`${API}/admin/dives`).set(bearer(token)).expect(403);
        await request(http).get(`${API}/admin/dives/count`).set(bearer(token)).expect(403);
        await request(http).put(`${API}/admin/dives/${dive.id}`).set(bearer(token)).send({}).expect(403);
        await request(http).delete(`${API}/admin/dives/${dive.id}`).set(bearer(token)).expect(403);
      }
      await request(http).get(`${API}/admin/dives`).expect(401);
      expect(await diveCount()).toBe(1);
    });
  });

  describe('deleting a site or a center keeps the dives (ON DELETE SET NULL)', () => {
    it('force-deleting the site and deleting the center null the references; the log stays', async () => {
      const siteId = await site('Doomed Reef');
      const centerId = await center('Closing Center');
      const dive = await create({ dive_site_id: siteId, diving_center_id: centerId, is_private: true });
      await request(http)
        .delete(`/api/v1/dive-sites/${siteId}?force=true`)
        .set(bearer(adminToken))
        .expect(200);
      await request(http).delete(`/api/v1/diving-centers/${centerId}`).set(bearer(adminToken)).expect(200);
      const [row] = await t.ds.query<Array<{ dive_site_id: number | null; diving_center_id: number | null }>>(
        'SELECT dive_site_id, diving_center_id FROM dives WHERE id = ?',
        [dive.id],
      );
      expect(row).toEqual({ dive_site_id: null, diving_center_id: null });
      const res = (await get(`/${dive.id}`, aliceToken).expect(200)).body;
      expect(res).toMatchObject({
        name: 'Doomed Reef - 2025/06/01',
        dive_site_id: null,
        dive_site: null,
        diving_center_id: null,
        diving_center: null,
      });
    });
  });

  describe('users.number_of_dives is declared, the logged count is separate', () => {
    it('logging dives leaves number_of_dives alone; the public profile counts public logged dives', async () => {
      await t.ds.query('UPDATE users SET number_of_dives = 250 WHERE id = ?', [alice.id]);
      await create();
      await create({ is_private: true });
      const profile = (await request(http).get('/api/v1/users/alice/public').expect(200)).body;
      expect(profile.number_of_dives).toBe(250);
      expect(profile.stats.dives_logged).toBe(1);
    });
  });

  it('GET /{id}/media is bounded (issue 13): 50 oldest first by default, limit 1–100, offset, X-Total-Count', async () => {
    const dive = await insert(
      "INSERT INTO dives (user_id, dive_date, is_private) VALUES (?, '2024-05-01', 0)",
      [alice.id],
    );
    await t.ds.query('INSERT INTO dive_media (dive_id, media_type, url, created_at) VALUES ?', [
      Array.from({ length: 51 }, (_, i) => [
        dive,
        'photo',
        `https://img.example/${i}.jpg`,
        `2024-05-01 10:00:0${i % 2}`,
      ]),
    ]);
    const all = await expectBoundedList({
      http,
      path: `/api/v1/dives/${dive}/media`,
      total: 51,
      defaultLimit: 50,
      maxLimit: 100,
    });
    // Oldest first, ties by id.
    const order = all.map((m) => [m.created_at as string, m.id as number] as const);
    expect(order).toEqual([...order].sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1)));
    // The dive's privacy still comes first.
    await t.ds.query('UPDATE dives SET is_private = 1 WHERE id = ?', [dive]);
    await request(http).get(`/api/v1/dives/${dive}/media?limit=1`).set(bearer(bobToken)).expect(403);
    expect(
      (await request(http).get(`/api/v1/dives/${dive}/media?limit=1`).set(bearer(aliceToken)).expect(200))
        .headers['x-total-count'],
    ).toBe('51');
  });
});
