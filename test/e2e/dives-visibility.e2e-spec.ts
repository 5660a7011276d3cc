import request from 'supertest';
import type { App } from 'supertest/types';
import { DiveMediaForSites } from '../../src/modules/dives/dive-media-for-sites';
import { SiteSearchIndex } from '../../src/modules/sites/site-search-index.service';
import type { User } from '../../src/modules/users/entities/user.entity';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { expectBoundedList } from '../support/bounded-list';
import { bearer, createUser, tokenFor } from '../support/factories';

const API = '/api/v1/dives';

/** A JSON response body: the assertions read it field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

describe('dives: privacy, filters, sorts, queries, site dives, visited sites, site media', () => {
  let t: TestApp;
  let http: App;
  let admin: User;
  let moderator: User;
  let alice: User;
  let bob: User;
  let tokens: Record<'admin' | 'moderator' | 'alice' | 'bob', string>;

  beforeAll(async () => {
    t = await createTestApp();
    http = t.app.getHttpServer();
  });
  beforeEach(async () => {
    await resetDatabase(t.ds);
    admin = await createUser(t.ds, { username: 'vis_admin', isAdmin: true });
    moderator = await createUser(t.ds, { username: 'vis_moderator', isModerator: true });
    alice = await createUser(t.ds, { username: 'alice' });
    bob = await createUser(t.ds, { username: 'bob' });
    tokens = {
      admin: tokenFor(t, admin),
      moderator: tokenFor(t, moderator),
      alice: tokenFor(t, alice),
      bob: tokenFor(t, bob),
    };
  });
  afterAll(() => t?.app.close());

  async function insert(sql: string, params: unknown[] = []): Promise<number> {
    return (await t.ds.query<{ insertId: number }>(sql, params)).insertId;
  }
  /** A site inserted directly, with the search document the sites module writes for its own inserts. */
  async function site(name: string, latitude: number, longitude: number): Promise<number> {
    const id = await insert(
      'INSERT INTO dive_sites (name, description, latitude, longitude) VALUES (?, ?, ?, ?)',
      [name, `${name} description`, latitude, longitude],
    );
    await t.app.get(SiteSearchIndex, { strict: false }).refresh([id]);
    return id;
  }
  const tag = (name: string) => insert('INSERT INTO available_tags (name) VALUES (?)', [name]);

  interface DiveSeed {
    user: User;
    site?: number | null;
    center?: number | null;
    date: string;
    time?: string | null;
    isPrivate?: boolean;
    maxDepth?: number | null;
    visibility?: number | null;
    rating?: number | null;
    suit?: string | null;
    difficulty?: number | null;
    info?: string | null;
    tags?: number[];
    name?: string;
  }
  async function dive(d: DiveSeed): Promise<number> {
    const id = await insert(
      `INSERT INTO dives (user_id, dive_site_id, diving_center_id, name, is_private, dive_date, dive_time, max_depth,
         visibility_rating, user_rating, suit_type, difficulty_id, dive_information)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        d.user.id,
        d.site ?? null,
        d.center ?? null,
        d.name ?? `dive ${d.date}`,
        d.isPrivate ? 1 : 0,
        d.date,
        d.time ?? null,
        d.maxDepth ?? null,
        d.visibility ?? null,
        d.rating ?? null,
        d.suit ?? null,
        d.difficulty ?? null,
        d.info ?? null,
      ],
    );
    for (const tagId of d.tags ?? []) {
      await t.ds.query('INSERT INTO dive_tags (dive_id, tag_id) VALUES (?, ?)', [id, tagId]);
    }
    return id;
  }
  const media = (diveId: number, url: string) =>
    insert("INSERT INTO dive_media (dive_id, media_type, url) VALUES (?, 'photo', ?)", [diveId, url]);

  const get = (path: string, token?: string) => {
    const req = request(http).get(path);
    return token ? req.set(bearer(token)) : req;
  };

  describe('privacy matrix ("Our rules" 7)', () => {
    type Actor = 'anonymous' | 'owner' | 'other' | 'moderator' | 'admin';
    const actors: Actor[] = ['anonymous', 'owner', 'other', 'moderator', 'admin'];
    const tokenOf = (actor: Actor): string | undefined =>
      ({
        anonymous: undefined,
        owner: tokens.alice,
        other: tokens.bob,
        moderator: tokens.moderator,
        admin: tokens.admin,
      })[actor];

    it('{anonymous, owner, other user, moderator, admin} × {public, private} × {list, count, detail, details, media, site media, site dives}', async () => {
      const reef = await site('Matrix Reef', 36.5, 28.2);
      const pub = await dive({ user: alice, site: reef, date: '2025-06-01', name: 'Public one' });
      const priv = await dive({
        user: alice,
        site: reef,
        date: '2025-06-02',
        name: 'Secret one',
        isPrivate: true,
      });
      const pubMedia = await media(pub, 'https://img.example/public.jpg');
      const privMedia = await media(priv, 'https://img.example/private.jpg');

      for (const actor of actors) {
        const token = tokenOf(actor);
        const seesPrivate = actor === 'owner';
        const label = `${actor}`;

        // list and count
        const list = (await get(`${API}/?dive_site_id=${reef}`, token).expect(200)).body as Body;
        expect([label, list.items.map((i: Body) => i.id)]).toEqual([
          label,
          seesPrivate ? [priv, pub] : [pub],
        ]);
        expect([label, list.total]).toEqual([label, seesPrivate ? 2 : 1]);
        const count = (await get(`${API}/count?dive_site_id=${reef}`, token).expect(200)).body as Body;
        expect([label, count.total]).toEqual([label, seesPrivate ? 2 : 1]);
        const all = (await get(`${API}/count`, token).expect(200)).body as Body;
        expect([label, all.total]).toEqual([label, seesPrivate ? 2 : 1]);
        // filtering by the owner does not reveal the private dive either
        const byOwner = (await get(`${API}/count?user_id=${alice.id}`, token).expect(200)).body as Body;
        expect([label, byOwner.total]).toEqual([label, seesPrivate ? 2 : 1]);

        // detail, details, media of the public dive: everyone
        await get(`${API}/${pub}`, token).expect(200);
        await get(`${API}/${pub}/details`, token).expect(200);
        const pubList = (await get(`${API}/${pub}/media`, token).expect(200)).body as Body[];
        expect(pubList.map((m) => m.id)).toEqual([pubMedia]);

        // … of the private dive: the owner only; everyone else 403 "This dive is private"
        for (const path of [`${API}/${priv}`, `${API}/${priv}/details`, `${API}/${priv}/media`]) {
          const res = await get(path, token);
          if (seesPrivate) {
            expect([label, path, res.status]).toEqual([label, path, 200]);
          } else {
            expect([label, path, res.status, res.body.detail]).toEqual([
              label,
              path,
              403,
              'This dive is private',
            ]);
          }
        }

        // the site's dives
        const atSite = (await get(`/api/v1/dive-sites/${reef}/dives`, token).expect(200)).body as Body[];
        expect([label, atSite.map((d) => d.id).sort()]).toEqual([
          label,
          (seesPrivate ? [pub, priv] : [pub]).sort(),
        ]);

        // the site's media list: a private dive's media never reach anyone but its owner
        const siteMedia = (await get(`/api/v1/dive-sites/${reef}/media`, token).expect(200)).body as Body[];
        const diveMediaIds = siteMedia.filter((m) => m.dive_id !== null).map((m) => m.id);
        expect([label, diveMediaIds]).toEqual([label, seesPrivate ? [pubMedia, privMedia] : [pubMedia]]);
        expect(JSON.stringify(siteMedia).includes('private.jpg')).toBe(seesPrivate);
      }

      // a private dive's view count only moved through its owner's reads
      const [row] = await t.ds.query<Array<{ view_count: number }>>(
        'SELECT view_count FROM dives WHERE id = ?',
        [priv],
      );
      expect(row.view_count).toBe(2);
      // admins see private dives through the admin endpoints
      const adminList = (await get(`${API}/admin/dives`, tokens.admin).expect(200)).body as Body;
      expect(adminList.items.map((i: Body) => i.id)).toEqual([priv, pub]);
    });

    it('site media: dive media come with dive_id, owner and a "By:/Dive:" description, after the site’s own', async () => {
      const wall = await site('Media Wall', 10, 10);
      await insert(
        "INSERT INTO site_media (dive_site_id, media_type, url) VALUES (?, 'photo', 'https://site.example/own.jpg')",
        [wall],
      );
      const d = await dive({ user: bob, site: wall, date: '2025-06-01', name: 'Bob at the wall' });
      await insert(
        "INSERT INTO dive_media (dive_id, media_type, url, description) VALUES (?, 'video', 'https://v.example/1', 'Sharks')",
        [d],
      );
      const list = (await get(`/api/v1/dive-sites/${wall}/media`).expect(200)).body as Body[];
      expect(list).toHaveLength(2);
      expect(list[0]).toMatchObject({ url: 'https://site.example/own.jpg', dive_id: null });
      expect(list[1]).toMatchObject({
        dive_site_id: wall,
        dive_id: d,
        media_type: 'video',
        url: 'https://v.example/1',
        user_id: bob.id,
        user_username: 'bob',
        description: 'By: bob\nDive: Bob at the wall\nSharks',
        download_url: 'https://v.example/1',
      });
    });
  });

  describe('site thumbnails from dive media (D26)', () => {
    it('the first photo of a public dive, else its first video; private dives never; one query per page', async () => {
      const photoSite = await site('Photo Site', 1, 1);
      const videoSite = await site('Video Site', 2, 2);
      const privateSite = await site('Private Site', 3, 3);
      const bare = await site('Bare Site', 4, 4);
      const d1 = await dive({ user: alice, site: photoSite, date: '2025-01-01' });
      await insert(
        "INSERT INTO dive_media (dive_id, media_type, url) VALUES (?, 'video', 'https://v.example/first')",
        [d1],
      );
      const photo = await media(d1, 'https://img.example/photo.jpg');
      await media(d1, 'https://img.example/later.jpg');
      await insert(
        "INSERT INTO dive_media (dive_id, media_type, url) VALUES (?, 'dive_plan', 'https://plan.example/x')",
        [d1],
      );
      const d2 = await dive({ user: bob, site: videoSite, date: '2025-01-01' });
      const video = await insert(
        "INSERT INTO dive_media (dive_id, media_type, url, thumbnail_url) VALUES (?, 'video', 'https://v.example/v', 'https://v.example/t.jpg')",
        [d2],
      );
      const d3 = await dive({ user: bob, site: privateSite, date: '2025-01-01', isPrivate: true });
      await media(d3, 'https://img.example/secret.jpg');

      const source = t.app.get(DiveMediaForSites);
      const statements: string[] = [];
      const spy = jest.spyOn(t.ds.logger, 'logQuery').mockImplementation((query: string) => {
        statements.push(query);
      });
      try {
        const rows = await source.thumbnailsForSites([photoSite, videoSite, privateSite, bare]);
        expect(statements).toHaveLength(1);
        expect(rows.sort((a, b) => a.dive_site_id - b.dive_site_id)).toEqual([
          {
            id: photo,
            dive_site_id: photoSite,
            dive_id: d1,
            media_type: 'photo',
            url: 'https://img.example/photo.jpg',
            thumbnail_url: null,
          },
          {
            id: video,
            dive_site_id: videoSite,
            dive_id: d2,
            media_type: 'video',
            url: 'https://v.example/v',
            thumbnail_url: 'https://v.example/t.jpg',
          },
        ]);
        expect(await source.thumbnailsForSites([])).toEqual([]);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('filters narrow the list and the count alike', () => {
    let ids: Record<'d1' | 'd2' | 'd3' | 'd4' | 'd5', number>;
    let tagIds: Record<'A' | 'B' | 'C', number>;
    let reef: number;

    beforeEach(async () => {
      reef = await site('Reef', 36.5, 28.2);
      const wall = await site('Wall', 10, 10);
      await t.ds.query("INSERT INTO dive_site_aliases (dive_site_id, alias) VALUES (?, 'Coral Bay')", [reef]);
      await t.app.get(SiteSearchIndex, { strict: false }).refresh([reef]);
      tagIds = { A: await tag('A'), B: await tag('B'), C: await tag('C') };
      const { A, B, C } = tagIds;
      ids = {
        d1: await dive({
          user: alice,
          site: reef,
          date: '2025-01-10',
          maxDepth: 12,
          visibility: 5,
          rating: 6,
          suit: 'wet_suit',
          difficulty: 1,
          info: 'saw an octopus',
          tags: [A],
        }),
        d2: await dive({
          user: alice,
          site: wall,
          date: '2025-03-05',
          maxDepth: 30,
          visibility: 8,
          rating: 9,
          suit: 'dry_suit',
          difficulty: 2,
          tags: [A, B],
        }),
        d3: await dive({
          user: bob,
          site: reef,
          date: '2025-06-20',
          maxDepth: 40,
          visibility: 10,
          rating: 3,
          suit: 'shortie',
          tags: [B],
        }),
        d4: await dive({
          user: bob,
          date: '2024-12-31',
          maxDepth: 5,
          visibility: 2,
          rating: 10,
          difficulty: 3,
          info: 'night',
          tags: [A, B, C],
        }),
        d5: await dive({
          user: alice,
          site: wall,
          date: '2025-04-01',
          maxDepth: 25,
          isPrivate: true,
          tags: [A],
        }),
      };
    });

    /** The ids the list returns and the count's total, checked to agree. */
    async function matching(query: string, token?: string): Promise<number[]> {
      const list = (await get(`${API}/?page_size=100&${query}`, token).expect(200)).body as Body;
      const count = (await get(`${API}/count?${query}`, token).expect(200)).body as Body;
      expect([query, count.total]).toEqual([query, list.total]);
      expect([query, list.items.length]).toEqual([query, list.total]);
      return (list.items as Body[]).map((i) => i.id as number).sort((a, b) => a - b);
    }
    const idsOf = (...names: Array<keyof typeof ids>) => names.map((n) => ids[n]).sort((a, b) => a - b);

    it.each([
      ['', ['d1', 'd2', 'd3', 'd4']],
      ['user_id=ALICE', ['d1', 'd2']],
      ['username=ali', ['d1', 'd2']],
      ['username=BO', ['d3', 'd4']],
      ['dive_site_id=REEF', ['d1', 'd3']],
      ['dive_site_name=ree', ['d1', 'd3']],
      ['dive_site_name=coral', ['d1', 'd3']],
      ['dive_site_name=wall', ['d2']],
      ['search=octopus', ['d1']],
      ['search=wall', ['d2']],
      ['search=reef%20descr', ['d1', 'd3']],
      ['start_date=2025-01-01', ['d1', 'd2', 'd3']],
      ['end_date=2025-03-05', ['d1', 'd2', 'd4']],
      ['start_date=2025-01-01&end_date=2025-03-05', ['d1', 'd2']],
      ['min_depth=20', ['d2', 'd3']],
      ['max_depth=12', ['d1', 'd4']],
      ['min_depth=10&max_depth=35', ['d1', 'd2']],
      ['min_visibility=8', ['d2', 'd3']],
      ['max_visibility=5', ['d1', 'd4']],
      ['min_rating=6', ['d1', 'd2', 'd4']],
      ['min_rating=6.5', ['d2', 'd4']],
      ['max_rating=6', ['d1', 'd3']],
      ['suit_type=dry_suit', ['d2']],
      ['difficulty_code=OPEN_WATER', ['d1']],
      ['difficulty_code=TECHNICAL_DIVING', []],
      ['exclude_unspecified_difficulty=true', ['d1', 'd2', 'd4']],
      ['exclude_unspecified_difficulty=false', ['d1', 'd2', 'd3', 'd4']],
      ['tag_ids=A', ['d1', 'd2', 'd4']],
      ['tag_ids=A&tag_ids=B', ['d2', 'd4']],
      ['tag_ids=A,B', ['d2', 'd4']],
      ['tag_ids=A,B&tag_ids=C', ['d4']],
      ['north=37&south=36&east=29&west=28', ['d1', 'd3']],
      ['buddy_id=BOB', []],
      ['buddy_username=bob', []],
      ['buddy_username=nobody_by_that_name', ['d1', 'd2', 'd3', 'd4']],
      ['detail_level=minimal', ['d1', 'd2', 'd3', 'd4']],
    ] as Array<[string, Array<keyof typeof ids>]>)('anonymous, %p', async (query, expected) => {
      const q = query
        .replace('ALICE', String(alice.id))
        .replace('BOB', String(bob.id))
        .replace('REEF', String(reef))
        .replace(
          /tag_ids=([A-C,]+)/g,
          (_m, list: string) =>
            `tag_ids=${list
              .split(',')
              .map((n) => tagIds[n as 'A' | 'B' | 'C'])
              .join(',')}`,
        );
      expect(await matching(q)).toEqual(idsOf(...expected));
    });

    it('the owner sees their private dive in every filtered list; others never', async () => {
      expect(await matching(`user_id=${alice.id}`, tokens.alice)).toEqual(idsOf('d1', 'd2', 'd5'));
      expect(await matching('my_dives=true', tokens.alice)).toEqual(idsOf('d1', 'd2', 'd5'));
      expect(await matching(`my_dives=true&user_id=${bob.id}`, tokens.alice)).toEqual([]);
      expect(await matching('my_dives=false', tokens.alice)).toEqual(idsOf('d1', 'd2', 'd3', 'd4', 'd5'));
      expect(await matching(`tag_ids=${tagIds.A}`, tokens.alice)).toEqual(idsOf('d1', 'd2', 'd4', 'd5'));
      expect(await matching(`tag_ids=${tagIds.A}`, tokens.bob)).toEqual(idsOf('d1', 'd2', 'd4'));
      expect(await matching('min_depth=20', tokens.admin)).toEqual(idsOf('d2', 'd3'));
      expect(await matching('my_dives=true', tokens.bob)).toEqual(idsOf('d3', 'd4'));
    });

    it('my_dives without a token → 401; bad filters → 400 / 422', async () => {
      for (const path of [`${API}/?my_dives=true`, `${API}/count?my_dives=true`]) {
        const res = await get(path).expect(401);
        expect(res.body.detail).toBe('Authentication required to filter by my_dives');
      }
      const tooMany = Array.from({ length: 21 }, (_, i) => i + 1).join(',');
      expect((await get(`${API}/?tag_ids=${tooMany}`).expect(400)).body.detail).toBe('Too many tag filters');
      await get(`${API}/count?tag_ids=${tooMany}`).expect(400);
      const cases: Array<[string, string]> = [
        ['tag_ids=x', 'query.tag_ids'],
        ['difficulty_code=EASY', 'query.difficulty_code'],
        ['suit_type=bikini', 'query.suit_type'],
        ['start_date=2025-02-30', 'query.start_date'],
        ['end_date=2025/01/01', 'query.end_date'],
        ['min_depth=-1', 'query.min_depth'],
        ['max_depth=1001', 'query.max_depth'],
        ['min_visibility=0', 'query.min_visibility'],
        ['max_rating=11', 'query.max_rating'],
        ['user_id=abc', 'query.user_id'],
        ['my_dives=maybe', 'query.my_dives'],
        ['page=0', 'query.page'],
        ['north=37', 'query.south'],
      ];
      for (const [query, loc] of cases) {
        const res = await get(`${API}/?${query}`).expect(422);
        expect([query, (res.body.detail as Array<{ loc: string[] }>).map((d) => d.loc.join('.'))]).toEqual([
          query,
          expect.arrayContaining([loc]),
        ]);
      }
      expect((await get(`${API}/?north=1&south=2&east=3&west=4`).expect(400)).body.detail).toBe(
        'North must be greater than south',
      );
    });

    it('sorts: default dive_date desc then dive_time desc; fields, orders; view_count for admins only', async () => {
      await t.ds.query("UPDATE dives SET dive_date = '2025-06-20', dive_time = '08:00:00' WHERE id = ?", [
        ids.d1,
      ]);
      await t.ds.query("UPDATE dives SET dive_time = '14:00:00' WHERE id = ?", [ids.d3]);
      const order = async (query: string, token?: string) =>
        ((await get(`${API}/?${query}`, token).expect(200)).body.items as Body[]).map((i) => i.id as number);
      expect(await order('')).toEqual([ids.d3, ids.d1, ids.d2, ids.d4]);
      expect(await order('sort_by=dive_date&sort_order=asc')).toEqual([ids.d4, ids.d2, ids.d1, ids.d3]);
      expect(await order('sort_by=max_depth&sort_order=asc')).toEqual([ids.d4, ids.d1, ids.d2, ids.d3]);
      expect(await order('sort_by=user_rating')).toEqual([ids.d4, ids.d2, ids.d1, ids.d3]);
      expect(await order('sort_by=visibility_rating&sort_order=desc')).toEqual([
        ids.d3,
        ids.d2,
        ids.d1,
        ids.d4,
      ]);
      expect(await order('sort_by=difficulty_level&sort_order=asc')).toEqual([
        ids.d3,
        ids.d1,
        ids.d2,
        ids.d4,
      ]);
      expect((await order('sort_by=duration')).length).toBe(4);
      expect((await order('sort_by=created_at&sort_order=asc')).length).toBe(4);
      expect((await order('sort_by=updated_at')).length).toBe(4);

      await t.ds.query('UPDATE dives SET view_count = id * 10');
      for (const token of [undefined, tokens.alice, tokens.moderator]) {
        const res = await get(`${API}/?sort_by=view_count`, token).expect(403);
        expect(res.body.detail).toBe('Sorting by view_count is only available for admin users');
      }
      expect(await order('sort_by=view_count&sort_order=asc', tokens.admin)).toEqual([
        ids.d1,
        ids.d2,
        ids.d3,
        ids.d4,
      ]);
      expect((await get(`${API}/?sort_by=name`).expect(400)).body.detail).toMatch(/^Invalid sort_by field/);
      expect((await get(`${API}/?sort_by=max_depth&sort_order=up`).expect(400)).body.detail).toBe(
        "sort_order must be 'asc' or 'desc'",
      );
    });

    it('envelope A: pages, whitelisted page_size, items without null fields', async () => {
      const page = (await get(`${API}/?page_size=3&page=2`).expect(200)).body as Body;
      expect(page).toMatchObject({
        total: 4,
        page: 2,
        page_size: 3,
        total_pages: 2,
        has_next_page: false,
        has_prev_page: true,
      });
      expect(page.items).toHaveLength(1);
      const d4 = page.items[0] as Body;
      expect(d4.id).toBe(ids.d4);
      for (const key of [
        'dive_site',
        'dive_site_id',
        'diving_center',
        'suit_type',
        'dive_time',
        'selected_route',
      ]) {
        expect(d4).not.toHaveProperty(key);
      }
      expect(d4).toMatchObject({
        difficulty_code: 'DEEP_NITROX',
        difficulty_label: 'Deep/Nitrox',
        tags: expect.any(Array),
      });
      expect((d4.tags as Body[]).map((x) => x.name)).toEqual(['A', 'B', 'C']);
      expect((await get(`${API}/?page_size=7`).expect(400)).body.detail).toMatch(/^page_size must be one of/);
    });
  });

  describe('a page embeds sites, centers and tags in a constant number of queries', () => {
    it('100 dives take as many statements as 10', async () => {
      const tags = [await tag('Wreck'), await tag('Reef'), await tag('Night')];
      const values: string[] = [];
      for (let i = 0; i < 30; i++) values.push(`('Site ${i}', ${10 + i / 10}, ${20 + i / 10})`);
      await t.ds.query(`INSERT INTO dive_sites (name, latitude, longitude) VALUES ${values.join(', ')}`);
      await t.ds.query(
        `INSERT INTO diving_centers (name, latitude, longitude) VALUES ('Center 1', 1, 1), ('Center 2', 2, 2), ('Center 3', 3, 3)`,
      );
      const sites = (await t.ds.query<Array<{ id: number }>>('SELECT id FROM dive_sites ORDER BY id')).map(
        (r) => r.id,
      );
      const centers = (
        await t.ds.query<Array<{ id: number }>>('SELECT id FROM diving_centers ORDER BY id')
      ).map((r) => r.id);
      const dives: string[] = [];
      for (let i = 0; i < 120; i++) {
        const user = i % 2 ? alice.id : bob.id;
        dives.push(
          `(${user}, ${sites[i % sites.length]}, ${centers[i % centers.length]}, 'Dive ${i}', 0, DATE_ADD('2025-01-01', INTERVAL ${i} DAY), ${(i % 4) + 1})`,
        );
      }
      await t.ds.query(
        `INSERT INTO dives (user_id, dive_site_id, diving_center_id, name, is_private, dive_date, difficulty_id) VALUES ${dives.join(', ')}`,
      );
      await t.ds.query(
        'INSERT INTO dive_tags (dive_id, tag_id) SELECT d.id, t.id FROM dives d JOIN available_tags t ON t.id IN (?)',
        [tags.slice(0, 2)],
      );

      const statements: string[] = [];
      const spy = jest.spyOn(t.ds.logger, 'logQuery').mockImplementation((query: string) => {
        statements.push(query);
      });
      // The second of two same requests: the count is then in the result cache, whatever ran before.
      const countFor = async (query: string) => {
        await get(`${API}/?${query}`, tokens.alice).expect(200);
        statements.length = 0;
        const body = (await get(`${API}/?${query}`, tokens.alice).expect(200)).body as Body;
        return { n: statements.length, body, statements: [...statements] };
      };
      try {
        await countFor('page_size=1'); // warms the difficulty cache
        const small = await countFor('page_size=10');
        const big = await countFor('page_size=100');
        expect(big.body.items).toHaveLength(100);
        expect(big.body.total).toBe(120);
        const item = big.body.items[0] as Body;
        expect(item).toMatchObject({
          name: 'Dive 119',
          dive_site: { name: expect.stringMatching(/^Site /), latitude: expect.any(Number) },
          diving_center: { name: expect.stringMatching(/^Center /) },
          difficulty_code: expect.any(String),
        });
        expect(item.tags).toHaveLength(2);
        expect(big.n).toBe(small.n);
        // the caller's row (D12), the page's ids, its rows and its tags (the count from the result cache)
        expect(big.statements.filter((q) => /\b(dives|dive_tags)\b/.test(q))).toHaveLength(3);
        expect(big.n).toBeGreaterThanOrEqual(3);
        expect(big.n).toBeLessThanOrEqual(5);

        // the same holds for the admin list and a site's dives
        statements.length = 0;
        await get(`${API}/admin/dives?page_size=100`, tokens.admin).expect(200);
        expect(statements.length).toBeGreaterThanOrEqual(3);
        expect(statements.length).toBeLessThanOrEqual(5);
        statements.length = 0;
        const atSite = (await get(`/api/v1/dive-sites/${sites[0]}/dives?limit=50`).expect(200))
          .body as Body[];
        expect(atSite).toHaveLength(4);
        expect(statements.length).toBeGreaterThanOrEqual(3);
        expect(statements.length).toBeLessThanOrEqual(4);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('GET /dive-sites/{id}/dives', () => {
    it('public dives (+ the caller’s own) best rated first, then newest; limit 1–50; 404 for unknown sites', async () => {
      const reef = await site('Reef', 36.5, 28.2);
      const a = await dive({ user: alice, site: reef, date: '2025-01-01', rating: 6 });
      const b = await dive({ user: bob, site: reef, date: '2025-02-01', rating: 9 });
      const c = await dive({ user: bob, site: reef, date: '2025-03-01', rating: 6, time: '08:00' });
      const d = await dive({ user: bob, site: reef, date: '2025-03-01', rating: 6, time: '10:00' });
      const e = await dive({ user: alice, site: reef, date: '2025-04-01', rating: 10, isPrivate: true });
      const unrated = await dive({ user: bob, site: reef, date: '2025-05-01' });
      const list = (await get(`/api/v1/dive-sites/${reef}/dives`).expect(200)).body as Body[];
      expect(list.map((x) => x.id)).toEqual([b, d, c, a, unrated]);
      expect(list[0]).toMatchObject({
        user_username: 'bob',
        media: [],
        tags: [],
        dive_site: { id: reef, name: 'Reef' },
      });
      const mine = (await get(`/api/v1/dive-sites/${reef}/dives?limit=2`, tokens.alice).expect(200))
        .body as Body[];
      expect(mine.map((x) => x.id)).toEqual([e, b]);
      await get(`/api/v1/dive-sites/${reef}/dives?limit=0`).expect(422);
      await get(`/api/v1/dive-sites/${reef}/dives?limit=51`).expect(422);
      expect((await get('/api/v1/dive-sites/999999/dives').expect(404)).body.detail).toBe(
        'Dive site not found',
      );
    });
  });

  describe('GET /users/{username}/visited-sites', () => {
    it('the user sees all their sites with visit counts; an admin only their public dives; others 403', async () => {
      const reef = await site('Reef', 36.5, 28.2);
      const wall = await site('Wall', 10, 10);
      await dive({ user: alice, site: reef, date: '2025-01-01' });
      await dive({ user: alice, site: wall, date: '2025-01-02' });
      await dive({ user: alice, site: wall, date: '2025-01-03', isPrivate: true });
      await dive({ user: alice, date: '2025-01-04' });
      await dive({ user: bob, site: reef, date: '2025-01-05' });

      const own = (await get('/api/v1/users/alice/visited-sites', tokens.alice).expect(200)).body as Body[];
      expect(own.map((v) => [v.dive_site.name, v.visit_count])).toEqual([
        ['Wall', 2],
        ['Reef', 1],
      ]);
      expect(own[0].dive_site).toMatchObject({ id: wall, name: 'Wall', latitude: 10, longitude: 10 });
      const byAdmin = (await get('/api/v1/users/alice/visited-sites', tokens.admin).expect(200))
        .body as Body[];
      expect(byAdmin.map((v) => [v.dive_site.name, v.visit_count])).toEqual([
        ['Reef', 1],
        ['Wall', 1],
      ]);
      for (const token of [tokens.bob, tokens.moderator]) {
        const res = await get('/api/v1/users/alice/visited-sites', token).expect(403);
        expect(res.body.detail).toBe("You are not authorized to view this user's visited sites list");
      }
      await get('/api/v1/users/alice/visited-sites').expect(401);
      expect(
        (await get('/api/v1/users/nobody_here/visited-sites', tokens.admin).expect(404)).body.detail,
      ).toBe('User not found');
      expect(
        ((await get('/api/v1/users/bob/visited-sites', tokens.bob).expect(200)).body as Body[]).length,
      ).toBe(1);
    });

    it('is bounded (issue 13): 100 most visited by default, limit 1–500, offset, X-Total-Count', async () => {
      const names = Array.from({ length: 101 }, (_, i) => `Visited ${String(i).padStart(3, '0')}`);
      const first = await t.ds.query<{ insertId: number }>('INSERT INTO dive_sites (name) VALUES ?', [
        names.map((n) => [n]),
      ]);
      const siteIds = names.map((_, i) => first.insertId + i);
      // The last site is visited twice: it comes first; the others tie at 1 and follow by name.
      await t.ds.query('INSERT INTO dives (user_id, dive_site_id, dive_date) VALUES ?', [
        [...siteIds, siteIds[100]].map((id) => [alice.id, id, '2025-01-01']),
      ]);
      const all = await expectBoundedList({
        http,
        path: '/api/v1/users/alice/visited-sites',
        token: tokens.alice,
        total: 101,
        defaultLimit: 100,
        maxLimit: 500,
        key: (v) => (v.dive_site as { id: number }).id,
      });
      expect(all.map((v) => [(v.dive_site as { name: string }).name, v.visit_count])).toEqual([
        ['Visited 100', 2],
        ...names.slice(0, 100).map((n) => [n, 1]),
      ]);
    });
  });
});
