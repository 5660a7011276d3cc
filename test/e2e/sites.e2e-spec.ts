import request from 'supertest';
import type { App } from 'supertest/types';
import { haversineMeters } from '../../src/common/geo/geo';
import { PAGE_SIZE_ERROR } from '../../src/common/pagination/pagination';
import { flavourOfOptions, spatialSql } from '../../src/database/spatial';
import type { User } from '../../src/modules/users/entities/user.entity';
import { SiteSearchIndex } from '../../src/modules/sites/site-search-index.service';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { bearer, createUser, tokenFor } from '../support/factories';
import { syncRatingAggregates } from '../support/ratings';

const API = '/api/v1/dive-sites';

interface SiteSeed {
  name: string;
  latitude?: number | null;
  longitude?: number | null;
  description?: string | null;
  country?: string | null;
  region?: string | null;
  difficulty_id?: number | null;
  created_by?: number | null;
  created_at?: string;
  updated_at?: string;
  deleted_at?: string | null;
  view_count?: number;
}

type Item = Record<string, unknown> & { id: number; name: string };

describe('dive sites (/api/v1/dive-sites)', () => {
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
    admin = await createUser(t.ds, { username: 'site_admin', isAdmin: true });
    moderator = await createUser(t.ds, { username: 'site_moderator', isModerator: true });
    alice = await createUser(t.ds, { username: 'alice' });
    bob = await createUser(t.ds, { username: 'bob' });
    adminToken = tokenFor(t, admin);
    moderatorToken = tokenFor(t, moderator);
    aliceToken = tokenFor(t, alice);
    bobToken = tokenFor(t, bob);
  });
  afterAll(() => t?.app.close());

  /** Inserts a site directly, location written like the service writes it. */
  async function seed(s: SiteSeed): Promise<number> {
    const spatial = spatialSql(flavourOfOptions(t.ds.options));
    const hasPoint = s.latitude != null && s.longitude != null;
    const columns = ['name', 'latitude', 'longitude', 'description', 'country', 'region', 'difficulty_id'];
    const params: unknown[] = [
      s.name,
      s.latitude ?? null,
      s.longitude ?? null,
      s.description ?? null,
      s.country ?? null,
      s.region ?? null,
      s.difficulty_id ?? null,
    ];
    columns.push('created_by');
    params.push(s.created_by ?? null);
    for (const key of ['created_at', 'updated_at', 'deleted_at', 'view_count'] as const) {
      if (s[key] !== undefined) {
        columns.push(key);
        params.push(s[key]);
      }
    }
    const location = hasPoint ? spatial.point('?', '?') : spatial.sentinel();
    if (hasPoint) params.push(s.longitude, s.latitude);
    const result = await t.ds.query<{ insertId: number }>(
      `INSERT INTO dive_sites (${columns.join(', ')}, location) VALUES (${columns.map(() => '?').join(', ')}, ${location})`,
      params,
    );
    // The search document, as the service writes it in the same transaction.
    await t.app.get(SiteSearchIndex).refresh([result.insertId]);
    return result.insertId;
  }

  async function tag(name: string): Promise<number> {
    return (await t.ds.query<{ insertId: number }>('INSERT INTO available_tags (name) VALUES (?)', [name]))
      .insertId;
  }
  async function tagSite(siteId: number, ...tagIds: number[]): Promise<void> {
    for (const id of tagIds) {
      await t.ds.query('INSERT INTO dive_site_tags (dive_site_id, tag_id) VALUES (?, ?)', [siteId, id]);
    }
  }
  async function rate(siteId: number, user: User, score: number): Promise<void> {
    await t.ds.query('INSERT INTO site_ratings (dive_site_id, user_id, score) VALUES (?, ?, ?)', [
      siteId,
      user.id,
      score,
    ]);
    await syncRatingAggregates(t.ds);
  }
  async function alias(siteId: number, name: string): Promise<void> {
    await t.ds.query('INSERT INTO dive_site_aliases (dive_site_id, alias) VALUES (?, ?)', [siteId, name]);
    await t.app.get(SiteSearchIndex).refresh([siteId]);
  }

  const list = async (query: string, token?: string, status = 200) => {
    const req = request(http).get(`${API}/${query ? `?${query}` : ''}`);
    if (token) req.set(bearer(token));
    return (await req.expect(status)).body as {
      items: Item[];
      total: number;
      page: number;
      page_size: number;
      total_pages: number;
      has_next_page: boolean;
      has_prev_page: boolean;
      detail?: unknown;
    };
  };
  const names = async (query: string, token?: string) => (await list(query, token)).items.map((i) => i.name);

  /** The location column as mysql2 reads it: {x: longitude, y: latitude}. */
  async function locationOf(id: number): Promise<{ x: number; y: number }> {
    const [row] = await t.ds.query<Array<{ location: { x: number; y: number } }>>(
      'SELECT location FROM dive_sites WHERE id = ?',
      [id],
    );
    return row.location;
  }

  describe('list: envelope A, pagination and null fields', () => {
    it('answers envelope A sorted by name (case-insensitive), items without null fields', async () => {
      await seed({ name: 'beta Wall', latitude: 36.1, longitude: 28.1, country: 'Greece' });
      await seed({ name: 'Alpha Reef', description: 'Shallow reef' });
      await seed({ name: 'Gamma Cave' });
      const body = await list('');
      expect(body).toMatchObject({
        total: 3,
        page: 1,
        page_size: 25,
        total_pages: 1,
        has_next_page: false,
        has_prev_page: false,
      });
      expect(body.items.map((i) => i.name)).toEqual(['Alpha Reef', 'beta Wall', 'Gamma Cave']);
      const [alpha, beta] = body.items;
      expect(alpha).toMatchObject({
        description: 'Shallow reef',
        status: 'approved',
        total_ratings: 0,
        tags: [],
      });
      for (const key of [
        'latitude',
        'longitude',
        'country',
        'deleted_at',
        'difficulty_code',
        'average_rating',
      ]) {
        expect(alpha).not.toHaveProperty(key);
      }
      expect(beta).toMatchObject({ latitude: 36.1, longitude: 28.1, country: 'Greece' });
      expect(beta).not.toHaveProperty('description');
      expect(beta).not.toHaveProperty('view_count');
      expect(beta).not.toHaveProperty('difficulty_id');
    });

    it('refuses a page_size outside the set (400 with the list) and answers empty pages beyond the end', async () => {
      for (const n of ['A', 'B', 'C']) await seed({ name: n });
      const bad = await list('page_size=7', undefined, 400);
      expect(bad.detail).toBe(PAGE_SIZE_ERROR);
      expect(PAGE_SIZE_ERROR).toBe('page_size must be one of: 1, 3, 5, 10, 15, 20, 25, 50, 100, 250, 1000');
      await list('page=0', undefined, 422);
      expect(await list('page=2&page_size=1')).toMatchObject({
        items: [{ name: 'B' }],
        total: 3,
        total_pages: 3,
        has_next_page: true,
        has_prev_page: true,
      });
      expect(await list('page=5&page_size=1')).toMatchObject({
        items: [],
        total: 3,
        page: 5,
        page_size: 1,
        total_pages: 3,
        has_next_page: false,
        has_prev_page: true,
      });
    });

    it('detail_level minimal / basic / full, anything else 400', async () => {
      const id = await seed({
        name: 'Blue Hole',
        latitude: 10,
        longitude: 20,
        difficulty_id: 2,
        description: 'x',
      });
      expect((await list('detail_level=minimal')).items).toEqual([{ id, latitude: 10, longitude: 20 }]);
      const [basic] = (await list('detail_level=basic')).items;
      expect(Object.keys(basic).sort()).toEqual(
        [
          'id',
          'name',
          'latitude',
          'longitude',
          'difficulty_code',
          'difficulty_label',
          'total_ratings',
          'status',
        ].sort(),
      );
      expect(basic).toMatchObject({
        difficulty_code: 'ADVANCED_OPEN_WATER',
        difficulty_label: 'Advanced Open Water',
      });
      const [full] = (await list('detail_level=full')).items;
      expect(full).toMatchObject({ description: 'x', aliases: [], tags: [], comment_count: 0 });
      const bad = await list('detail_level=everything', undefined, 400);
      expect(bad.detail).toBe('Invalid detail_level. Must be one of: minimal, basic, full');
    });
  });

  describe('list filters', () => {
    it('search (≥3 characters, trimmed) over name, country, region, description and aliases, in any script', async () => {
      const greek = await seed({ name: 'Σπήλαιο Μελισσάνης', country: 'Ελλάδα' });
      const thai = await seed({ name: 'เกาะเต่า', region: 'Surat Thani' });
      const arabic = await seed({ name: 'الغردقة', region: 'البحر الأحمر' });
      const wreck = await seed({ name: 'SS Thistlegorm', description: 'A famous WWII wreck' });
      const aliased = await seed({ name: 'Shaab Yolanda' });
      await alias(aliased, 'Toilet Reef');
      await seed({ name: 'Unrelated' });

      const ids = async (q: string) => (await list(`search=${encodeURIComponent(q)}`)).items.map((i) => i.id);
      expect(await ids('σπηλαιο')).toEqual([greek]); // case- and accent-insensitive
      expect(await ids('ΕΛΛΑΔΑ')).toEqual([greek]);
      expect(await ids('เต่า')).toEqual([thai]);
      expect(await ids('الأحمر')).toEqual([arabic]);
      expect(await ids('thani')).toEqual([thai]);
      expect(await ids('wwii')).toEqual([wreck]);
      expect(await ids('toilet')).toEqual([aliased]);
      expect(await ids('  toilet  ')).toEqual([aliased]);

      for (const q of ['ab', '  ab  ', '']) {
        const res = await list(`search=${encodeURIComponent(q)}`, undefined, 400);
        expect(res.detail).toBe('Search query must be at least 3 characters long');
      }
      expect((await list(`search=${'x'.repeat(201)}`, undefined, 422)).detail).toBeDefined();
    });

    it('search finds Greek names by Greek and Latin spellings, misspelt names as fuzzy, and says how in X-Match-Types', async () => {
      const zenobia = await seed({ name: 'Ναυάγιο Ζηνοβία', country: 'Cyprus' });
      const thistle = await seed({ name: 'SS Thistlegorm', description: 'wreck' });
      const blue = await seed({ name: 'Blue Hole' });
      const great = await seed({ name: 'Great Blue Hole', description: 'a hole' });
      const described = await seed({ name: 'Canyon', description: 'near the blue hole' });
      const page = async (q: string) => {
        const res = await request(http)
          .get(`${API}/?search=${encodeURIComponent(q)}`)
          .expect(200);
        const body = res.body as { items: Item[]; total: number };
        const header = res.headers['x-match-types'] as string | undefined;
        return {
          ids: body.items.map((i) => i.id),
          total: body.total,
          types: header ? JSON.parse(header) : undefined,
        };
      };
      for (const q of ['ναυαγιο', 'ΝΑΥΆΓΙΟ', 'navagio', 'nayagio', 'Zinovia', 'navagio zinovia']) {
        expect((await page(q)).ids).toEqual([zenobia]);
      }
      const typo = await page('thistelgorm');
      expect(typo).toEqual({ ids: [thistle], total: 1, types: { [thistle]: 'fuzzy' } });
      const hole = await page('blue hole');
      expect(hole.ids.slice(0, 2).sort((a, b) => a - b)).toEqual([blue, great]);
      expect(hole.ids[2]).toBe(described);
      expect(hole.types).toEqual({ [blue]: 'exact', [great]: 'name', [described]: 'text' });
      expect((await page('zzzqqq')).ids).toEqual([]);
      // The document follows a rename, in the same transaction.
      await request(http)
        .put(`${API}/${blue}`)
        .set(bearer(adminToken))
        .send({ name: 'Lighthouse Reef' })
        .expect(200);
      expect((await page('lighthouse')).ids).toEqual([blue]);
      expect((await page('blue hole')).ids).not.toContain(blue);
    });

    it('search without sort_by: name matches first, then newest first', async () => {
      await seed({ name: 'Old Wreck', created_at: '2020-01-01' });
      await seed({ name: 'Coral Garden', description: 'a wreck nearby', created_at: '2024-01-01' });
      await seed({ name: 'Wreck Point', created_at: '2022-01-01' });
      expect(await names('search=wreck')).toEqual(['Wreck Point', 'Old Wreck', 'Coral Garden']);
      expect(await names('search=wreck&sort_by=name')).toEqual(['Coral Garden', 'Old Wreck', 'Wreck Point']);
    });

    it('name (name or alias): case-insensitive substrings, wildcards literal; country and region: the whole value, case and accents aside (D27)', async () => {
      const a = await seed({ name: 'Blue Hole', country: 'Egypt', region: 'Zone_1' });
      const b = await seed({ name: 'Canyon', country: 'egypt', region: 'ZoneX1' });
      const c = await seed({ name: 'Μεγάλο Σπήλαιο', country: 'Ελλάδα', region: '100% Reef' });
      await alias(b, 'Blue Canyon');
      const ids = async (q: string) => (await list(q)).items.map((i) => i.id).sort((x, y) => x - y);
      expect(await ids('name=blue')).toEqual([a, b]);
      expect(await ids('name=μεγαλο')).toEqual([c]);
      expect(await ids('country=EGYPT')).toEqual([a, b]);
      expect(await ids('country=EGY')).toEqual([]); // a whole value, not a substring
      expect(await ids(`country=${encodeURIComponent('ελλάδα')}`)).toEqual([c]);
      expect(await ids(`country=${encodeURIComponent('ΕΛΛΑΔΑ')}`)).toEqual([c]); // accent and case aside
      expect(await ids('region=zone_1')).toEqual([a]); // "_" is not a wildcard
      expect(await ids('region=zone%251')).toEqual([]); // "%" neither
      expect(await ids(`region=${encodeURIComponent('100% REEF')}`)).toEqual([c]);
      expect(await ids(`region=${encodeURIComponent('0%')}`)).toEqual([]);
    });

    it('difficulty_code, exclude_unspecified_difficulty (=false parsed as false), unknown code → 422', async () => {
      const ow = await seed({ name: 'A', difficulty_id: 1 });
      const deep = await seed({ name: 'B', difficulty_id: 3 });
      const none = await seed({ name: 'C' });
      const ids = async (q: string) => (await list(q)).items.map((i) => i.id);
      expect(await ids('difficulty_code=DEEP_NITROX')).toEqual([deep]);
      expect(await ids('exclude_unspecified_difficulty=true')).toEqual([ow, deep]);
      expect(await ids('exclude_unspecified_difficulty=false')).toEqual([ow, deep, none]);
      expect(await ids('difficulty_code=OPEN_WATER&exclude_unspecified_difficulty=true')).toEqual([ow]);
      const bad = await list('difficulty_code=EXPERT', undefined, 422);
      expect(bad.detail).toEqual([expect.objectContaining({ loc: ['query', 'difficulty_code'] })]);
      await list('exclude_unspecified_difficulty=maybe', undefined, 422);
    });

    it('min_rating on the SQL average (unrated sites excluded), 0–10', async () => {
      const good = await seed({ name: 'Good' });
      const fair = await seed({ name: 'Fair' });
      await seed({ name: 'Unrated' });
      await rate(good, alice, 7);
      await rate(good, bob, 9);
      await rate(fair, alice, 5);
      expect(await names('min_rating=6')).toEqual(['Good']);
      expect(await names('min_rating=8')).toEqual(['Good']);
      expect(await names('min_rating=8.5')).toEqual([]);
      expect(await names('min_rating=0')).toEqual(['Fair', 'Good']);
      const [item] = (await list('min_rating=6')).items;
      expect(item).toMatchObject({ average_rating: 8, total_ratings: 2 });
      await list('min_rating=10.5', undefined, 422);
      await list('min_rating=-1', undefined, 422);
      await list('min_rating=abc', undefined, 422);
    });

    it('tag_ids: ALL of them, repeated or comma-separated; >20 → 400; non-integer → 422', async () => {
      const [t1, t2, t3] = [await tag('Wreck'), await tag('Night'), await tag('Cave')];
      const a = await seed({ name: 'A' });
      const b = await seed({ name: 'B' });
      const c = await seed({ name: 'C' });
      await tagSite(a, t1, t2);
      await tagSite(b, t1);
      await tagSite(c, t2, t3);
      const ids = async (q: string) => (await list(q)).items.map((i) => i.id);
      expect(await ids(`tag_ids=${t1}`)).toEqual([a, b]);
      expect(await ids(`tag_ids=${t1}&tag_ids=${t2}`)).toEqual([a]);
      expect(await ids(`tag_ids=${t1},${t2}`)).toEqual([a]);
      expect(await ids(`tag_ids=${t2}&tag_ids=${t3},${t2}`)).toEqual([c]);
      expect(await ids(`tag_ids=${t1},${t3}`)).toEqual([]);
      const [first] = (await list(`tag_ids=${t1}&tag_ids=${t2}`)).items;
      expect(first.tags).toEqual([
        { id: t2, name: 'Night' },
        { id: t1, name: 'Wreck' },
      ]);
      const many = Array.from({ length: 21 }, (_, i) => i + 1).join(',');
      expect((await list(`tag_ids=${many}`, undefined, 400)).detail).toBe('Too many tag filters');
      await list(`tag_ids=${t1},abc`, undefined, 422);
      await list('tag_ids=1.5', undefined, 422);
    });

    it('my_dive_sites (the caller’s; anonymous → 401) and created_by_username (unknown → empty)', async () => {
      await seed({ name: 'Alice 1', created_by: alice.id });
      await seed({ name: 'Alice 2', created_by: alice.id });
      await seed({ name: 'Bob 1', created_by: bob.id });
      expect(await names('my_dive_sites=true', aliceToken)).toEqual(['Alice 1', 'Alice 2']);
      expect(await names('my_dive_sites=true', bobToken)).toEqual(['Bob 1']);
      expect(await names('my_dive_sites=false', bobToken)).toHaveLength(3);
      const anonymous = await request(http).get(`${API}/?my_dive_sites=true`).expect(401);
      expect(anonymous.body.detail).toBe('Not authenticated');
      expect(await names('created_by_username=bob')).toEqual(['Bob 1']);
      expect(await names('created_by_username=nobody')).toEqual([]);
    });

    it('bbox: all four, widened by 5 %, across ±180 when west > east; north ≤ south → 400', async () => {
      const inside = await seed({ name: 'Inside', latitude: 35, longitude: 25 });
      const margin = await seed({ name: 'Margin', latitude: 40.4, longitude: 30.4 });
      await seed({ name: 'North of it', latitude: 41, longitude: 25 });
      await seed({ name: 'East of it', latitude: 35, longitude: 31 });
      await seed({ name: 'No coordinates' });
      const fijiEast = await seed({ name: 'Fiji east', latitude: -17, longitude: 179.5 });
      const fijiWest = await seed({ name: 'Fiji west', latitude: -17, longitude: -179.5 });
      await seed({ name: 'Greenwich', latitude: -17, longitude: 0 });
      const ids = async (q: string) => (await list(q)).items.map((i) => i.id).sort((a, b) => a - b);
      expect(await ids('north=40&south=30&east=30&west=20')).toEqual([inside, margin]);
      expect(await ids('north=0&south=-30&east=-170&west=170')).toEqual([fijiEast, fijiWest]);
      expect((await list('north=30&south=30&east=30&west=20', undefined, 400)).detail).toBe(
        'North must be greater than south',
      );
      const partial = await list('north=40&south=30', undefined, 422);
      expect((partial.detail as Array<{ loc: string[] }>).map((d) => d.loc[1]).sort()).toEqual([
        'east',
        'west',
      ]);
      await list('north=91&south=30&east=30&west=20', undefined, 422);
    });

    it('archived sites: hidden from everyone; include_archived=true shows them to admins only', async () => {
      await seed({ name: 'Live' });
      await seed({ name: 'Archived', deleted_at: '2025-01-01 00:00:00' });
      expect(await names('')).toEqual(['Live']);
      expect(await names('include_archived=true', aliceToken)).toEqual(['Live']);
      expect(await names('include_archived=true', adminToken)).toEqual(['Archived', 'Live']);
      expect(await names('include_archived=false', adminToken)).toEqual(['Live']);
      const archived = (await list('include_archived=true', adminToken)).items[0];
      expect(archived.deleted_at).toBeDefined();
    });
  });

  describe('list sorts', () => {
    it('name, country and region case-insensitively (Greek included), both directions', async () => {
      await seed({ name: 'delta', country: 'spain', region: 'β Region' });
      await seed({ name: 'Alpha', country: 'Egypt', region: 'Α Region' });
      await seed({ name: 'βήτα', country: 'Ελλάδα', region: 'γ region' });
      await seed({ name: 'Άλφα', country: null, region: null });
      await seed({ name: 'Beta', country: 'egypt', region: 'a region' });
      expect(await names('sort_by=name')).toEqual(['Alpha', 'Beta', 'delta', 'Άλφα', 'βήτα']);
      expect(await names('sort_by=name&sort_order=desc')).toEqual(['βήτα', 'Άλφα', 'delta', 'Beta', 'Alpha']);
      // Ties (Egypt/egypt) by id in the sort's direction; NULLs last both ways.
      expect(await names('sort_by=country')).toEqual(['Alpha', 'Beta', 'delta', 'βήτα', 'Άλφα']);
      expect(await names('sort_by=country&sort_order=desc')).toEqual([
        'βήτα',
        'delta',
        'Beta',
        'Alpha',
        'Άλφα',
      ]);
      expect(await names('sort_by=region')).toEqual(['Beta', 'Alpha', 'delta', 'βήτα', 'Άλφα']);
    });

    it('difficulty_level by order_index, average_rating, created_at and updated_at (NULLs last)', async () => {
      const tech = await seed({
        name: 'Tech',
        difficulty_id: 4,
        created_at: '2021-01-01',
        updated_at: '2025-03-01',
      });
      const ow = await seed({
        name: 'OW',
        difficulty_id: 1,
        created_at: '2023-01-01',
        updated_at: '2025-01-01',
      });
      const none = await seed({ name: 'None', created_at: '2022-01-01', updated_at: '2025-02-01' });
      await rate(ow, alice, 9);
      await rate(tech, alice, 4);
      await rate(tech, bob, 6);
      expect(await names('sort_by=difficulty_level')).toEqual(['OW', 'Tech', 'None']);
      expect(await names('sort_by=difficulty_level&sort_order=desc')).toEqual(['Tech', 'OW', 'None']);
      expect(await names('sort_by=average_rating&sort_order=desc')).toEqual(['OW', 'Tech', 'None']);
      expect(await names('sort_by=average_rating')).toEqual(['Tech', 'OW', 'None']);
      expect(await names('sort_by=created_at')).toEqual(['Tech', 'None', 'OW']);
      expect(await names('sort_by=updated_at&sort_order=desc')).toEqual(['Tech', 'None', 'OW']);
      void none;
    });

    it('view_count and comment_count for admins only (403 for others); bad sort_by / sort_order → 400', async () => {
      const a = await seed({ name: 'A', view_count: 5 });
      await seed({ name: 'B', view_count: 50 });
      const c = await seed({ name: 'C', view_count: 1 });
      for (const site of [c, c, a]) {
        await t.ds.query('INSERT INTO site_comments (dive_site_id, user_id, comment_text) VALUES (?, ?, ?)', [
          site,
          alice.id,
          'Nice',
        ]);
      }
      expect(await names('sort_by=view_count&sort_order=desc', adminToken)).toEqual(['B', 'A', 'C']);
      expect(await names('sort_by=comment_count&sort_order=desc', adminToken)).toEqual(['C', 'A', 'B']);
      const items = (await list('sort_by=view_count', adminToken)).items;
      expect(items.map((i) => i.view_count)).toEqual([1, 5, 50]);
      for (const field of ['view_count', 'comment_count']) {
        const res = await list(`sort_by=${field}`, aliceToken, 403);
        expect(res.detail).toBe(`Sorting by ${field} is only available for admin users`);
        await list(`sort_by=${field}`, undefined, 403);
      }
      expect((await list('sort_by=depth', undefined, 400)).detail).toBe(
        'Invalid sort_by field. Must be one of: name, country, region, difficulty_level, created_at, updated_at, average_rating, view_count, comment_count',
      );
      expect((await list('sort_by=name&sort_order=up', undefined, 400)).detail).toBe(
        "sort_order must be 'asc' or 'desc'",
      );
    });
  });

  describe('count, countries, regions', () => {
    it('count takes the list filters; countries and regions are distinct, sorted, live only', async () => {
      await seed({ name: 'A', country: 'Greece', region: 'Crete' });
      await seed({ name: 'B', country: 'Greece', region: 'Attica' });
      await seed({ name: 'C', country: 'Egypt', region: 'Red Sea' });
      await seed({ name: 'D', country: 'Thailand', region: 'Koh Tao', deleted_at: '2025-01-01' });
      await seed({ name: 'E' });
      expect((await request(http).get(`${API}/count`).expect(200)).body).toEqual({ total: 4 });
      expect((await request(http).get(`${API}/count?country=greece`).expect(200)).body).toEqual({ total: 2 });
      expect((await request(http).get(`${API}/count?country=gree`).expect(200)).body).toEqual({ total: 0 });
      expect((await request(http).get(`${API}/count?search=red`).expect(200)).body).toEqual({ total: 1 });
      // No minimum search length on count.
      expect((await request(http).get(`${API}/count?search=C`).expect(200)).body).toEqual({ total: 3 });
      expect(
        (await request(http).get(`${API}/count?include_archived=true`).set(bearer(adminToken))).body,
      ).toEqual({
        total: 5,
      });
      expect((await request(http).get(`${API}/countries`).expect(200)).body).toEqual(['Egypt', 'Greece']);
      expect((await request(http).get(`${API}/countries?search=EG`).expect(200)).body).toEqual(['Egypt']);
      expect((await request(http).get(`${API}/regions`).expect(200)).body).toEqual([
        'Attica',
        'Crete',
        'Red Sea',
      ]);
      expect((await request(http).get(`${API}/regions?country=greece`).expect(200)).body).toEqual([
        'Attica',
        'Crete',
      ]);
      expect((await request(http).get(`${API}/regions?country=gree`).expect(200)).body).toEqual([]);
      expect((await request(http).get(`${API}/regions?country=Greece&search=cr`).expect(200)).body).toEqual([
        'Crete',
      ]);
    });
  });

  describe('detail', () => {
    it('404 for missing and (non-admins) archived sites; 422 for a bad id', async () => {
      const archived = await seed({ name: 'Gone', deleted_at: '2025-01-01' });
      expect((await request(http).get(`${API}/99999`).expect(404)).body.detail).toBe('Dive site not found');
      await request(http).get(`${API}/${archived}`).expect(404);
      await request(http).get(`${API}/${archived}`).set(bearer(aliceToken)).expect(404);
      const seen = await request(http).get(`${API}/${archived}`).set(bearer(adminToken)).expect(200);
      expect(seen.body.deleted_at).toBeTruthy();
      await request(http).get(`${API}/abc`).expect(422);
    });

    it('counts a view without touching updated_at; view_count for admins only; the caller’s rating', async () => {
      const id = await seed({ name: 'Viewed', updated_at: '2024-05-06 07:08:09.123456', difficulty_id: 3 });
      await rate(id, alice, 8);
      await alias(id, 'Seen Reef');
      const wreck = await tag('Wreck');
      await tagSite(id, wreck);
      const readBack = async () =>
        (
          await t.ds.query<Array<{ view_count: number; u: string }>>(
            "SELECT view_count, DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f') AS u FROM dive_sites WHERE id = ?",
            [id],
          )
        )[0];
      const anonymous = await request(http).get(`${API}/${id}`).expect(200);
      expect(anonymous.body).not.toHaveProperty('view_count');
      expect(anonymous.body).toMatchObject({
        name: 'Viewed',
        difficulty_code: 'DEEP_NITROX',
        difficulty_label: 'Deep/Nitrox',
        average_rating: 8,
        total_ratings: 1,
        user_rating: null,
        tags: [{ id: wreck, name: 'Wreck' }],
        aliases: [
          { id: expect.any(Number), dive_site_id: id, alias: 'Seen Reef', created_at: expect.any(String) },
        ],
      });
      expect(anonymous.body).not.toHaveProperty('difficulty_id');
      const mine = await request(http).get(`${API}/${id}`).set(bearer(aliceToken)).expect(200);
      expect(mine.body.user_rating).toBe(8);
      const asAdmin = await request(http).get(`${API}/${id}`).set(bearer(adminToken)).expect(200);
      expect(asAdmin.body.view_count).toBe(3);
      expect(asAdmin.body.user_rating).toBeNull();
      expect(await readBack()).toEqual({ view_count: 3, u: '2024-05-06 07:08:09.123456' });
    });
  });

  describe('create', () => {
    it('needs a token (401); creates (201) with the caller as creator, plain text and location in sync', async () => {
      await request(http).post(`${API}/`).send({ name: 'X' }).expect(401);
      const res = await request(http)
        .post(`${API}/`)
        .set(bearer(aliceToken))
        .send({
          name: '<b>Blue</b> Hole',
          description: 'Deep <script>alert(1)</script>blue &amp; wide',
          latitude: 28.5721,
          longitude: 34.5378,
          difficulty_code: 'TECHNICAL_DIVING',
          max_depth: 999.999,
          country: 'Egypt',
          moderation_needed: true,
          created_by: bob.id,
          view_count: 1000,
        })
        .expect(201);
      expect(res.body).toMatchObject({
        name: 'Blue Hole',
        description: 'Deep blue & wide',
        latitude: 28.5721,
        longitude: 34.5378,
        difficulty_code: 'TECHNICAL_DIVING',
        max_depth: 999.999,
        created_by: alice.id,
        created_by_username: 'alice',
        aliases: [],
        tags: [],
        status: 'approved',
      });
      expect(res.body).not.toHaveProperty('view_count');
      expect(await locationOf(res.body.id)).toEqual({ x: 34.5378, y: 28.5721 });

      const noCoordinates = await request(http)
        .post(`${API}/`)
        .set(bearer(aliceToken))
        .send({ name: 'Nowhere' });
      expect(noCoordinates.status).toBe(201);
      expect(await locationOf(noCoordinates.body.id)).toEqual({ x: 0, y: 0 });
    });

    it('validates: both coordinates or neither, ranges, -180 → 180, depth, difficulty, name', async () => {
      const post = (body: Record<string, unknown>) =>
        request(http).post(`${API}/`).set(bearer(aliceToken)).send(body);
      const onlyLat = await post({ name: 'A', latitude: 10 }).expect(422);
      expect(onlyLat.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'longitude'] })]);
      await post({ name: 'A', latitude: 90.5, longitude: 10 }).expect(422);
      await post({ name: 'A', latitude: 10, longitude: 180.1 }).expect(422);
      await post({ name: 'A', max_depth: 1000 }).expect(422);
      await post({ name: 'A', max_depth: -1 }).expect(422);
      await post({ name: 'A', difficulty_code: 'EXPERT' }).expect(422);
      await post({ name: '<i></i>' }).expect(422);
      await post({ name: 'x'.repeat(201) }).expect(422);
      await post({}).expect(422);
      const wrapped = await post({ name: 'Dateline', latitude: -16.5, longitude: -180 }).expect(201);
      expect(wrapped.body.longitude).toBe(180);
      expect(await locationOf(wrapped.body.id)).toEqual({ x: 180, y: -16.5 });
    });

    it('409 with nearby_sites for a live site within 50 m, or a similar name within 50 km', async () => {
      const blueHole = await seed({
        name: 'Blue Hole',
        latitude: 28.5721,
        longitude: 34.5378,
        description: 'The one',
      });
      const post = (body: Record<string, unknown>) =>
        request(http).post(`${API}/`).set(bearer(aliceToken)).send(body);

      // 30 m away, another name.
      const close = await post({ name: 'Canyon Entrance', latitude: 28.5723, longitude: 34.5379 }).expect(
        409,
      );
      expect(close.body.detail).toEqual({
        message: 'Dive site is too close to existing ones.',
        nearby_sites: [
          {
            id: blueHole,
            name: 'Blue Hole',
            description: 'The one',
            latitude: 28.5721,
            longitude: 34.5378,
            distance_m: expect.any(Number),
          },
        ],
      });
      const d = close.body.detail.nearby_sites[0].distance_m as number;
      expect(d).toBeCloseTo(
        haversineMeters({ lat: 28.5723, lng: 34.5379 }, { lat: 28.5721, lng: 34.5378 }),
        1,
      );
      expect(d).toBeLessThan(50);

      // ~11 km away with a similar name (typo) and with a containing name.
      await post({ name: 'Blue Hol', latitude: 28.6721, longitude: 34.5378 }).expect(409);
      await post({ name: 'Great Blue Hole', latitude: 28.6721, longitude: 34.5378 }).expect(409);
      // ~11 km away with a different name, or a compass word that differs: fine.
      await post({ name: 'Bells', latitude: 28.6721, longitude: 34.5378 }).expect(201);
      await post({ name: 'Blue Hole North', latitude: 28.6821, longitude: 34.5378 }).expect(201);
      // Similar name but ~56 km away: fine.
      await post({ name: 'Blue Hole', latitude: 29.0721, longitude: 34.5378 }).expect(201);

      // Archived sites do not count.
      await t.ds.query('UPDATE dive_sites SET deleted_at = NOW() WHERE id = ?', [blueHole]);
      await post({ name: 'Blue Hole Again', latitude: 28.5721, longitude: 34.5378 }).expect(201);
    });
  });

  describe('update', () => {
    it('admin, moderator and creator may edit (location kept in sync); others 403; anonymous 401', async () => {
      const id = await seed({ name: 'Reef', latitude: 10, longitude: 20, created_by: alice.id });
      const put = (token: string | undefined, body: Record<string, unknown>) => {
        const req = request(http).put(`${API}/${id}`).send(body);
        return token ? req.set(bearer(token)) : req;
      };
      await put(undefined, { name: 'X' }).expect(401);
      const denied = await put(bobToken, { name: 'X' }).expect(403);
      expect(denied.body.detail).toBe('Not authorized to update this dive site');

      const byCreator = await put(aliceToken, { name: 'Reef <b>A</b>', latitude: 11.5 }).expect(200);
      expect(byCreator.body).toMatchObject({ name: 'Reef A', latitude: 11.5, longitude: 20 });
      expect(await locationOf(id)).toEqual({ x: 20, y: 11.5 });

      const byModerator = await put(moderatorToken, {
        description: 'Edited',
        difficulty_code: 'OPEN_WATER',
        longitude: -180,
      }).expect(200);
      expect(byModerator.body).toMatchObject({
        description: 'Edited',
        difficulty_code: 'OPEN_WATER',
        longitude: 180,
      });
      expect(await locationOf(id)).toEqual({ x: 180, y: 11.5 });

      const byAdmin = await put(adminToken, {
        description: null,
        difficulty_code: null,
        max_depth: 12.5,
      }).expect(200);
      expect(byAdmin.body).toMatchObject({
        description: null,
        difficulty_code: null,
        max_depth: 12.5,
        name: 'Reef A',
      });
      await put(adminToken, {}).expect(200);
    });

    it('refuses emptied coordinates or name (422), half coordinates, and unknown or archived sites (404)', async () => {
      const id = await seed({ name: 'Reef', latitude: 10, longitude: 20, created_by: alice.id });
      const bare = await seed({ name: 'Bare', created_by: alice.id });
      const archived = await seed({ name: 'Old', created_by: alice.id, deleted_at: '2025-01-01' });
      const put = (siteId: number, body: Record<string, unknown>, token = aliceToken) =>
        request(http).put(`${API}/${siteId}`).set(bearer(token)).send(body);
      const lat = await put(id, { latitude: null }).expect(422);
      expect(lat.body.detail).toContainEqual(
        expect.objectContaining({ loc: ['body', 'latitude'], msg: 'Latitude cannot be empty' }),
      );
      const lng = await put(id, { longitude: null }).expect(422);
      expect(lng.body.detail).toContainEqual(
        expect.objectContaining({ loc: ['body', 'longitude'], msg: 'Longitude cannot be empty' }),
      );
      await put(id, { name: null }).expect(422);
      await put(id, { max_depth: 1000.5 }).expect(422);
      await put(bare, { latitude: 10 }).expect(422);
      await put(bare, { latitude: 10, longitude: 11 }).expect(200);
      expect(await locationOf(bare)).toEqual({ x: 11, y: 10 });
      await put(99999, { name: 'X' }).expect(404);
      await put(archived, { name: 'X' }).expect(404);
      await put(archived, { name: 'Back' }, adminToken).expect(200);
    });
  });

  describe('delete and restore', () => {
    it('archive by creator or admin; moderators and others 403; force=true hard-deletes for admins only', async () => {
      const id = await seed({ name: 'Mine', created_by: alice.id });
      const del = (siteId: number, token?: string, query = '') => {
        const req = request(http).delete(`${API}/${siteId}${query}`);
        return token ? req.set(bearer(token)) : req;
      };
      await del(id).expect(401);
      expect((await del(id, moderatorToken).expect(403)).body.detail).toBe(
        'Not authorized to delete this dive site',
      );
      expect((await del(id, bobToken).expect(403)).body.detail).toBe(
        'Not authorized to delete this dive site',
      );
      await del(id, aliceToken, '?force=true').expect(403);
      expect((await del(id, aliceToken).expect(200)).body).toEqual({
        message: 'Dive site archived successfully',
      });
      await request(http).get(`${API}/${id}`).expect(404);
      await del(id, aliceToken).expect(404); // archived: invisible to its creator now
      expect((await del(id, adminToken, '?force=false').expect(200)).body.message).toBe(
        'Dive site archived successfully',
      );

      await request(http).post(`${API}/${id}/restore`).set(bearer(aliceToken)).expect(403);
      expect(
        (await request(http).post(`${API}/${id}/restore`).set(bearer(adminToken)).expect(200)).body,
      ).toEqual({
        message: 'Dive site restored successfully',
      });
      expect(
        (await request(http).post(`${API}/${id}/restore`).set(bearer(adminToken)).expect(400)).body.detail,
      ).toBe('Dive site is not archived');
      await request(http).post(`${API}/99999/restore`).set(bearer(adminToken)).expect(404);
      await request(http).get(`${API}/${id}`).expect(200);

      await rate(id, bob, 7);
      await alias(id, 'Old name');
      expect((await del(id, adminToken, '?force=true').expect(200)).body).toEqual({
        message: 'Dive site permanently deleted',
      });
      expect(await t.ds.query('SELECT id FROM dive_sites WHERE id = ?', [id])).toEqual([]);
      expect(await t.ds.query('SELECT id FROM site_ratings WHERE dive_site_id = ?', [id])).toEqual([]);
      await del(id, adminToken).expect(404);
    });
  });

  describe('nearby and check-proximity', () => {
    it('nearby: live sites within 100 km, nearest first, without itself or coordinate-less sites', async () => {
      const origin = { lat: 36, lng: 28 };
      const center = await seed({ name: 'Centre', latitude: origin.lat, longitude: origin.lng });
      const km1 = await seed({ name: '1 km', latitude: 36.009, longitude: 28 });
      const km50 = await seed({ name: '50 km', latitude: 36.45, longitude: 28 });
      const km5 = await seed({ name: '5 km', latitude: 36, longitude: 28.0556, difficulty_id: 2 });
      await seed({ name: '150 km', latitude: 37.35, longitude: 28 });
      await seed({ name: 'Archived', latitude: 36.001, longitude: 28, deleted_at: '2025-01-01' });
      await seed({ name: 'No coordinates' });
      await rate(km5, alice, 6);
      await tagSite(km5, await tag('Reef'));

      const res = await request(http).get(`${API}/${center}/nearby`).expect(200);
      const body = res.body as Array<{ id: number; distance_km: number }>;
      expect(body.map((s) => s.id)).toEqual([km1, km5, km50]);
      const expectedKm = (lat: number, lng: number) =>
        Math.round(haversineMeters(origin, { lat, lng }) / 10) / 100;
      expect(body.map((s) => s.distance_km)).toEqual([
        expectedKm(36.009, 28),
        expectedKm(36, 28.0556),
        expectedKm(36.45, 28),
      ]);
      expect(body[1]).toMatchObject({
        name: '5 km',
        difficulty_code: 'ADVANCED_OPEN_WATER',
        average_rating: 6,
        tags: [{ id: expect.any(Number), name: 'Reef' }],
      });
      expect(
        ((await request(http).get(`${API}/${center}/nearby?limit=2`).expect(200)).body as Item[]).map(
          (s) => s.id,
        ),
      ).toEqual([km1, km5]);
      await request(http).get(`${API}/${center}/nearby?limit=0`).expect(422);
      await request(http).get(`${API}/${center}/nearby?limit=51`).expect(422);
      const bare = await seed({ name: 'Bare' });
      expect((await request(http).get(`${API}/${bare}/nearby`).expect(400)).body.detail).toBe(
        'Dive site does not have location coordinates',
      );
      await request(http).get(`${API}/99999/nearby`).expect(404);
    });

    it('nearby across the antimeridian', async () => {
      const east = await seed({ name: 'East', latitude: -17, longitude: 179.95 });
      const west = await seed({ name: 'West', latitude: -17, longitude: -179.95 });
      const body = (await request(http).get(`${API}/${east}/nearby`).expect(200)).body as Item[];
      expect(body.map((s) => s.id)).toEqual([west]);
    });

    it('check-proximity: at most 5 live sites within radius_m (10–5000, default 50)', async () => {
      const here = await seed({ name: 'Here', latitude: 36, longitude: 28, description: 'd' });
      const ids = [here];
      for (let i = 1; i <= 6; i++)
        ids.push(await seed({ name: `S${i}`, latitude: 36 + i * 0.0001, longitude: 28 }));
      await seed({ name: 'Archived', latitude: 36, longitude: 28, deleted_at: '2025-01-01' });
      const near = await request(http).get(`${API}/check-proximity?lat=36&lng=28`).expect(200);
      // 11.1 m apart: default radius 50 m holds Here, S1..S4.
      expect((near.body as Item[]).map((s) => s.id)).toEqual(ids.slice(0, 5));
      expect(near.body[0]).toEqual({
        id: here,
        name: 'Here',
        description: 'd',
        latitude: 36,
        longitude: 28,
        distance_m: 0,
      });
      const small = await request(http).get(`${API}/check-proximity?lat=36&lng=28&radius_m=15`).expect(200);
      expect((small.body as Item[]).map((s) => s.id)).toEqual(ids.slice(0, 2));
      await request(http).get(`${API}/check-proximity?lat=36&lng=28&radius_m=5`).expect(422);
      await request(http).get(`${API}/check-proximity?lat=36&lng=28&radius_m=5001`).expect(422);
      await request(http).get(`${API}/check-proximity?lng=28`).expect(422);
      await request(http).get(`${API}/check-proximity?lat=95&lng=28`).expect(422);
    });
  });

  describe('queries', () => {
    it('a page of 100 sites with tags, aliases, ratings and difficulty takes a constant number of queries', async () => {
      const raters = [alice, bob, moderator];
      const tags = [await tag('Wreck'), await tag('Reef'), await tag('Night')];
      const values: string[] = [];
      for (let i = 0; i < 120; i++)
        values.push(
          `('Site ${String(i).padStart(3, '0')}', ${(i % 4) + 1}, ${i % 2 ? 'NULL' : 10 + i / 100}, ${i % 2 ? 'NULL' : 20})`,
        );
      await t.ds.query(
        `INSERT INTO dive_sites (name, difficulty_id, latitude, longitude) VALUES ${values.join(', ')}`,
      );
      await t.ds.query(
        `INSERT INTO dive_site_aliases (dive_site_id, alias) SELECT id, CONCAT(name, ' alias ', n.n) FROM dive_sites
           CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2) n`,
      );
      await t.ds.query(
        `INSERT INTO dive_site_tags (dive_site_id, tag_id) SELECT s.id, t.id FROM dive_sites s JOIN available_tags t ON t.id IN (?, ?)`,
        [tags[0], tags[1]],
      );
      await t.ds.query(
        `INSERT INTO site_ratings (dive_site_id, user_id, score) SELECT s.id, u.id, 1 + (s.id + u.id) % 10 FROM dive_sites s JOIN users u ON u.id IN (?)`,
        [raters.map((r) => r.id)],
      );
      await syncRatingAggregates(t.ds);
      await t.ds.query(
        `INSERT INTO site_comments (dive_site_id, user_id, comment_text) SELECT id, ?, 'Nice' FROM dive_sites`,
        [alice.id],
      );
      await t.ds.query(
        `INSERT INTO site_media (dive_site_id, media_type, url) SELECT id, 'photo', CONCAT('https://img.example/', id) FROM dive_sites`,
      );

      const statements: string[] = [];
      const spy = jest.spyOn(t.ds.logger, 'logQuery').mockImplementation((query: string) => {
        statements.push(query);
      });
      // The second of two same requests: the count is then in the result cache whatever came before.
      const countFor = async (query: string) => {
        await list(query, aliceToken);
        statements.length = 0;
        const body = await list(query, aliceToken);
        return { n: statements.length, body };
      };
      try {
        await countFor('page_size=1'); // warms the difficulty cache
        const small = await countFor('page_size=10');
        const big = await countFor('page_size=100');
        expect(big.body.items).toHaveLength(100);
        expect(big.body.total).toBe(120);
        const item = big.body.items[0];
        expect(item).toMatchObject({
          name: 'Site 000',
          difficulty_code: 'OPEN_WATER',
          total_ratings: 3,
          comment_count: 1,
          thumbnail: expect.stringMatching(/^https:\/\/img\.example\//),
        });
        expect(item.aliases).toHaveLength(2);
        expect(item.tags).toHaveLength(2);
        expect(typeof item.average_rating).toBe('number');
        expect(big.n).toBe(small.n);
        // At least page, rows, thumbnails, tags and aliases were seen (the spy works).
        expect(big.n).toBeGreaterThanOrEqual(5);
        // The caller's row (auth guard), the page's ids, its rows, thumbnails, tags, aliases (the count
        // comes from the result cache).
        expect(big.n).toBeLessThanOrEqual(6);
        const sorted = await countFor('page_size=100&sort_by=average_rating&tag_ids=' + tags[0]);
        expect(sorted.n).toBe(big.n);
        const basic = await countFor('page_size=100&detail_level=basic');
        expect(basic.n).toBeLessThan(big.n);
      } finally {
        spy.mockRestore();
      }
    });
  });
});
