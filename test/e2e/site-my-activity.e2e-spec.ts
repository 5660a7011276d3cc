import request from 'supertest';
import type { App } from 'supertest/types';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { bearer } from '../support/factories';
import { createSiteCast, seedSite, type SiteCast } from '../support/site-fixtures';

const API = '/api/v1/users/me';

interface Envelope<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
  total_pages: number;
  has_next_page: boolean;
  has_prev_page: boolean;
}
type Item = Record<string, unknown> & { id: number; dive_site: Record<string, unknown> };

describe('the caller’s comments and ratings (/api/v1/users/me/comments|ratings)', () => {
  let t: TestApp;
  let http: App;
  let cast: SiteCast;

  beforeAll(async () => {
    t = await createTestApp();
    http = t.app.getHttpServer();
  });
  beforeEach(async () => {
    await resetDatabase(t.ds);
    cast = await createSiteCast(t);
  });
  afterAll(() => t?.app.close());

  const get = async (path: string, token = cast.tokens.other, status = 200) =>
    (await request(http).get(`${API}/${path}`).set(bearer(token)).expect(status)).body as Envelope<Item>;

  /** n sites; the caller comments on and rates each (oldest first), plus someone else's activity. */
  async function seedActivity(n: number): Promise<number[]> {
    const sites: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = await seedSite(t.ds, {
        name: `Site ${i}`,
        country: i % 2 ? 'Greece' : null,
        region: i % 2 ? 'Κρήτη' : null,
      });
      sites.push(id);
      const at = `2024-01-01 00:00:${String(i).padStart(2, '0')}`;
      await t.ds.query(
        'INSERT INTO site_comments (dive_site_id, user_id, comment_text, created_at) VALUES (?, ?, ?, ?)',
        [id, cast.other.id, `Comment ${i}`, at],
      );
      await t.ds.query(
        'INSERT INTO site_ratings (dive_site_id, user_id, score, created_at) VALUES (?, ?, ?, ?)',
        [id, cast.other.id, (i % 10) + 1, at],
      );
      await t.ds.query('INSERT INTO site_comments (dive_site_id, user_id, comment_text) VALUES (?, ?, ?)', [
        id,
        cast.creator.id,
        'Not mine',
      ]);
      await t.ds.query('INSERT INTO site_ratings (dive_site_id, user_id, score) VALUES (?, ?, 5)', [
        id,
        cast.creator.id,
      ]);
    }
    return sites;
  }

  it('comments: envelope A, newest first, with the site (nulls left out, archived sites flagged)', async () => {
    const sites = await seedActivity(3);
    await t.ds.query("UPDATE dive_sites SET deleted_at = '2024-02-01 00:00:00' WHERE id = ?", [sites[1]]);
    const body = await get('comments');
    expect(body).toMatchObject({
      total: 3,
      page: 1,
      page_size: 15,
      total_pages: 1,
      has_next_page: false,
      has_prev_page: false,
    });
    expect(body.items.map((i) => i.comment_text)).toEqual(['Comment 2', 'Comment 1', 'Comment 0']);
    expect(body.items[0]).toEqual({
      id: expect.any(Number),
      dive_site_id: sites[2],
      user_id: cast.other.id,
      username: cast.other.username,
      comment_text: 'Comment 2',
      created_at: expect.any(String),
      updated_at: expect.any(String),
      dive_site: { id: sites[2], name: 'Site 2' },
    });
    expect(body.items[1].dive_site).toEqual({
      id: sites[1],
      name: 'Site 1',
      country: 'Greece',
      region: 'Κρήτη',
      deleted_at: expect.stringMatching(/^2024-02-01T00:00:00/),
    });
    // A comment made through the API shows up first.
    await request(http)
      .post(`/api/v1/dive-sites/${sites[0]}/comments`)
      .set(bearer(cast.tokens.other))
      .send({ comment_text: 'Fresh' })
      .expect(201);
    expect((await get('comments')).items[0]).toMatchObject({ comment_text: 'Fresh', dive_site_id: sites[0] });
  });

  it('ratings: envelope A, newest first, with the site; a re-rating updates the score in place', async () => {
    const sites = await seedActivity(3);
    const body = await get('ratings');
    expect(body).toMatchObject({ total: 3, page: 1, page_size: 20, total_pages: 1 });
    expect(body.items.map((i) => i.dive_site_id)).toEqual([sites[2], sites[1], sites[0]]);
    expect(body.items[2]).toEqual({
      id: expect.any(Number),
      dive_site_id: sites[0],
      user_id: cast.other.id,
      score: 1,
      created_at: expect.any(String),
      updated_at: expect.any(String),
      dive_site: { id: sites[0], name: 'Site 0' },
    });
    await request(http)
      .post(`/api/v1/dive-sites/${sites[0]}/rate`)
      .set(bearer(cast.tokens.other))
      .send({ score: 9 })
      .expect(200);
    const after = await get('ratings');
    expect(after.total).toBe(3);
    expect(after.items.find((i) => i.dive_site_id === sites[0])).toMatchObject({ score: 9 });
  });

  it('pagination: any page_size within the bounds, pages past the end empty with right totals', async () => {
    await seedActivity(7);
    const p2 = await get('comments?page=2&page_size=3');
    expect(p2).toMatchObject({
      total: 7,
      page: 2,
      page_size: 3,
      total_pages: 3,
      has_next_page: true,
      has_prev_page: true,
    });
    expect(p2.items.map((i) => i.comment_text)).toEqual(['Comment 3', 'Comment 2', 'Comment 1']);
    const beyond = await get('ratings?page=9&page_size=7');
    expect(beyond).toMatchObject({ items: [], total: 7, page: 9, total_pages: 1, has_next_page: false });
    expect((await get('comments?page_size=50')).page_size).toBe(50);
    expect((await get('ratings?page_size=100')).page_size).toBe(100);
    expect((await get('ratings?page_size=37')).items).toHaveLength(7);
  });

  it('422 outside the bounds; 401 anonymous; another user sees only their own', async () => {
    for (const q of ['page_size=0', 'page_size=51', 'page=0', 'page=x', 'page_size=2.5']) {
      const res = await request(http).get(`${API}/comments?${q}`).set(bearer(cast.tokens.other)).expect(422);
      expect(res.body.detail[0].loc[0]).toBe('query');
    }
    for (const q of ['page_size=101', 'page_size=0', 'page=-1']) {
      await request(http).get(`${API}/ratings?${q}`).set(bearer(cast.tokens.other)).expect(422);
    }
    await request(http).get(`${API}/comments`).expect(401);
    await request(http).get(`${API}/ratings`).expect(401);
    await seedActivity(2);
    const mine = await get('comments', cast.tokens.creator);
    expect(mine.total).toBe(2);
    expect(mine.items.every((i) => i.comment_text === 'Not mine')).toBe(true);
    expect((await get('ratings', cast.tokens.admin)).total).toBe(0);
  });

  it('a page takes a constant number of queries (no N+1)', async () => {
    await seedActivity(30);
    const statements: string[] = [];
    const spy = jest.spyOn(t.ds.logger, 'logQuery').mockImplementation((query: string) => {
      statements.push(query);
    });
    const countFor = async (path: string) => {
      statements.length = 0;
      const body = await get(path);
      return { n: statements.length, body };
    };
    try {
      for (const kind of ['comments', 'ratings']) {
        const small = await countFor(`${kind}?page_size=1`);
        const big = await countFor(`${kind}?page_size=30`);
        expect(big.body.items).toHaveLength(30);
        expect(big.n).toBe(small.n);
        // The count and the page at least (the spy works); with the caller's row (auth guard), 3.
        expect(big.n).toBeGreaterThanOrEqual(2);
        expect(big.n).toBeLessThanOrEqual(3);
      }
    } finally {
      spy.mockRestore();
    }
  });
});
