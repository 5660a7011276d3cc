import request from 'supertest';
import type { App } from 'supertest/types';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { expectBoundedList } from '../support/bounded-list';
import { bearer, createUser, tokenFor } from '../support/factories';
import { createSiteCast, seedSite, type SiteCast } from '../support/site-fixtures';

const API = '/api/v1/dive-sites';

interface Comment {
  id: number;
  dive_site_id: number;
  user_id: number;
  username: string;
  comment_text: string;
  created_at: string;
  updated_at: string;
  user_diving_certification: string | null;
  user_number_of_dives: number;
}

describe('dive-site ratings and comments', () => {
  let t: TestApp;
  let http: App;
  let cast: SiteCast;
  let site: number;

  beforeAll(async () => {
    t = await createTestApp();
    http = t.app.getHttpServer();
  });
  beforeEach(async () => {
    await resetDatabase(t.ds);
    cast = await createSiteCast(t);
    site = await seedSite(t.ds, { name: 'Blue Hole', created_by: cast.creator.id });
  });
  afterAll(() => t?.app.close());

  const rate = (score: unknown, token = cast.tokens.other, id = site) =>
    request(http).post(`${API}/${id}/rate`).set(bearer(token)).send({ score });
  const comment = (text: unknown, token = cast.tokens.other, id = site) =>
    request(http).post(`${API}/${id}/comments`).set(bearer(token)).send({ comment_text: text });

  describe('POST /{id}/rate', () => {
    it('200 with the rating; a second rating replaces the first; detail and list follow', async () => {
      const first = await rate(4).expect(200);
      expect(first.body).toEqual({
        id: expect.any(Number),
        dive_site_id: site,
        user_id: cast.other.id,
        score: 4,
        created_at: expect.any(String),
      });
      await rate(8, cast.tokens.admin).expect(200);
      const avg = async () =>
        (await request(http).get(`${API}/?name=Blue`).expect(200)).body.items[0] as {
          average_rating: number;
          total_ratings: number;
        };
      expect(await avg()).toMatchObject({ average_rating: 6, total_ratings: 2 });

      const second = await rate(10).expect(200);
      expect(second.body).toMatchObject({ id: first.body.id, score: 10, created_at: first.body.created_at });
      expect(await avg()).toMatchObject({ average_rating: 9, total_ratings: 2 });
      const rows = await t.ds.query<Array<{ score: number }>>(
        'SELECT score FROM site_ratings WHERE dive_site_id = ? AND user_id = ?',
        [site, cast.other.id],
      );
      expect(rows).toEqual([{ score: 10 }]);

      const detail = await request(http).get(`${API}/${site}`).set(bearer(cast.tokens.other)).expect(200);
      expect(detail.body).toMatchObject({ user_rating: 10, average_rating: 9, total_ratings: 2 });
      const anon = await request(http).get(`${API}/${site}`).expect(200);
      expect(anon.body.user_rating).toBeNull();
      // min_rating uses the new average.
      expect((await request(http).get(`${API}/?min_rating=8.5`).expect(200)).body.total).toBe(1);
      expect((await request(http).get(`${API}/?min_rating=9.5`).expect(200)).body.total).toBe(0);
    });

    it('concurrent first ratings by one user leave one row', async () => {
      const results = await Promise.all([3, 5, 7, 9].map((s) => rate(s)));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      const rows = await t.ds.query<unknown[]>('SELECT id FROM site_ratings WHERE user_id = ?', [
        cast.other.id,
      ]);
      expect(rows).toHaveLength(1);
    });

    it('422 for non-integers and scores outside 1–10; 401 anonymous; 404 unknown or archived site', async () => {
      for (const score of [0, 11, 7.5, '7', null, undefined, true]) {
        const res = await rate(score).expect(422);
        expect(res.body.detail[0].loc).toEqual(['body', 'score']);
      }
      await rate(1).expect(200);
      await rate(10).expect(200);
      await request(http).post(`${API}/${site}/rate`).send({ score: 5 }).expect(401);
      expect((await rate(5, cast.tokens.other, 999999).expect(404)).body.detail).toBe('Dive site not found');
      await t.ds.query('UPDATE dive_sites SET deleted_at = NOW() WHERE id = ?', [site]);
      await rate(5).expect(404);
      await rate(5, cast.tokens.admin).expect(200);
    });
  });

  describe('comments', () => {
    it('POST 201 (plain text, author, badge, dive count); GET lists newest first for anyone', async () => {
      const org = await t.ds.query<{ insertId: number }>(
        "INSERT INTO diving_organizations (name, acronym) VALUES ('Professional Association of Diving Instructors', 'PADI')",
      );
      await t.ds.query(
        "INSERT INTO user_certifications (user_id, diving_organization_id, certification_level) VALUES (?, ?, 'Rescue Diver')",
        [cast.other.id, org.insertId],
      );
      await t.ds.query('UPDATE users SET number_of_dives = 42 WHERE id = ?', [cast.other.id]);

      const first = await comment('Great <script>alert(1)</script>visibility &amp; <i>turtles</i>').expect(
        201,
      );
      expect(first.body).toEqual({
        id: expect.any(Number),
        dive_site_id: site,
        user_id: cast.other.id,
        username: cast.other.username,
        comment_text: 'Great visibility & turtles',
        created_at: expect.any(String),
        updated_at: expect.any(String),
        user_diving_certification: 'PADI Rescue Diver',
        user_number_of_dives: 42,
      });
      const second = await comment('Strong current', cast.tokens.creator).expect(201);
      const list = (await request(http).get(`${API}/${site}/comments`).expect(200)).body as Comment[];
      expect(list.map((c) => c.id)).toEqual([second.body.id, first.body.id]);
      expect(list[0]).toMatchObject({ username: cast.creator.username, user_diving_certification: null });
      // The list's comment_count follows.
      const item = (await request(http).get(`${API}/?name=Blue`).expect(200)).body.items[0];
      expect(item.comment_count).toBe(2);
      // The author's public profile counts it.
      const profile = await request(http).get(`/api/v1/users/${cast.other.username}/public`).expect(200);
      expect(JSON.stringify(profile.body)).toContain('"comments_posted":1');
    });

    it('PUT and DELETE by the author or an admin; others 403; moderators too', async () => {
      const c = (await comment('Original').expect(201)).body as Comment;
      const edited = await request(http)
        .put(`${API}/${site}/comments/${c.id}`)
        .set(bearer(cast.tokens.other))
        .send({ comment_text: 'Edited <b>text</b>' })
        .expect(200);
      expect(edited.body).toMatchObject({ id: c.id, comment_text: 'Edited text', user_id: cast.other.id });
      await request(http)
        .put(`${API}/${site}/comments/${c.id}`)
        .set(bearer(cast.tokens.admin))
        .send({ comment_text: 'Moderated by admin' })
        .expect(200);
      for (const token of [cast.tokens.creator, cast.tokens.moderator]) {
        const put = await request(http)
          .put(`${API}/${site}/comments/${c.id}`)
          .set(bearer(token))
          .send({ comment_text: 'Hijack' })
          .expect(403);
        expect(put.body.detail).toBe('Not authorized to edit this comment');
        const del = await request(http)
          .delete(`${API}/${site}/comments/${c.id}`)
          .set(bearer(token))
          .expect(403);
        expect(del.body.detail).toBe('Not authorized to delete this comment');
      }
      const [row] = await t.ds.query<Array<{ comment_text: string }>>(
        'SELECT comment_text FROM site_comments WHERE id = ?',
        [c.id],
      );
      expect(row.comment_text).toBe('Moderated by admin');

      const deleted = await request(http)
        .delete(`${API}/${site}/comments/${c.id}`)
        .set(bearer(cast.tokens.other))
        .expect(200);
      expect(deleted.body).toEqual({ message: 'Comment deleted successfully' });
      const c2 = (await comment('Second').expect(201)).body as Comment;
      await request(http)
        .delete(`${API}/${site}/comments/${c2.id}`)
        .set(bearer(cast.tokens.admin))
        .expect(200);
      expect((await request(http).get(`${API}/${site}/comments`).expect(200)).body).toEqual([]);
    });

    it('401 anonymous writes; 404 unknown site, comment of another site, unknown comment, archived site', async () => {
      const c = (await comment('Here').expect(201)).body as Comment;
      await request(http).post(`${API}/${site}/comments`).send({ comment_text: 'x' }).expect(401);
      await request(http).put(`${API}/${site}/comments/${c.id}`).send({ comment_text: 'x' }).expect(401);
      await request(http).delete(`${API}/${site}/comments/${c.id}`).expect(401);

      expect((await request(http).get(`${API}/999999/comments`).expect(404)).body.detail).toBe(
        'Dive site not found',
      );
      await comment('x', cast.tokens.other, 999999).expect(404);
      const other = await seedSite(t.ds, { name: 'Elsewhere' });
      const wrong = await request(http)
        .put(`${API}/${other}/comments/${c.id}`)
        .set(bearer(cast.tokens.other))
        .send({ comment_text: 'x' })
        .expect(404);
      expect(wrong.body.detail).toBe('Comment not found');
      await request(http)
        .delete(`${API}/${other}/comments/${c.id}`)
        .set(bearer(cast.tokens.admin))
        .expect(404);
      await request(http).delete(`${API}/${site}/comments/999999`).set(bearer(cast.tokens.admin)).expect(404);

      await t.ds.query('UPDATE dive_sites SET deleted_at = NOW() WHERE id = ?', [site]);
      await request(http).get(`${API}/${site}/comments`).expect(404);
      await comment('x').expect(404);
      await request(http)
        .put(`${API}/${site}/comments/${c.id}`)
        .set(bearer(cast.tokens.other))
        .send({ comment_text: 'x' })
        .expect(404);
      await request(http)
        .delete(`${API}/${site}/comments/${c.id}`)
        .set(bearer(cast.tokens.other))
        .expect(404);
      expect(
        (await request(http).get(`${API}/${site}/comments`).set(bearer(cast.tokens.admin)).expect(200)).body,
      ).toHaveLength(1);
    });

    it('422: missing, empty (also once HTML is stripped), too long or non-string text; bad ids', async () => {
      for (const text of [undefined, '', '  ', '<p></p>', 'x'.repeat(1001), 5]) {
        const res = await comment(text).expect(422);
        expect(res.body.detail[0].loc).toEqual(['body', 'comment_text']);
      }
      await comment('x'.repeat(1000)).expect(201);
      const c = (await comment('ok').expect(201)).body as Comment;
      await request(http)
        .put(`${API}/${site}/comments/${c.id}`)
        .set(bearer(cast.tokens.other))
        .send({ comment_text: '' })
        .expect(422);
      const bad = await request(http)
        .delete(`${API}/${site}/comments/x`)
        .set(bearer(cast.tokens.other))
        .expect(422);
      expect(bad.body.detail[0].loc).toEqual(['path', 'comment_id']);
    });
  });
  describe('GET /{id}/comments is bounded (issue 13)', () => {
    it('50 newest by default, limit 1–100 and offset, ties by id, X-Total-Count; 422 out of range', async () => {
      // 51 comments, three of them sharing one timestamp (the order then falls back to id, descending).
      const rows = Array.from({ length: 51 }, (_, i) => [
        site,
        cast.other.id,
        `comment ${i}`,
        i < 3
          ? '2024-01-01 00:00:00'
          : `2024-01-01 00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
      ]);
      await t.ds.query(
        'INSERT INTO site_comments (dive_site_id, user_id, comment_text, created_at) VALUES ?',
        [rows],
      );
      const all = await expectBoundedList({
        http,
        path: `${API}/${site}/comments`,
        total: 51,
        defaultLimit: 50,
        maxLimit: 100,
      });
      expect(all[0].comment_text).toBe('comment 50');
      const tied = all.slice(-3);
      expect(tied.map((c) => c.comment_text).sort()).toEqual(['comment 0', 'comment 1', 'comment 2']);
      expect(tied.map((c) => c.id)).toEqual([...tied.map((c) => c.id as number)].sort((a, b) => b - a));
      // A site without comments: [] and a total of 0; an unknown site is still 404.
      const empty = await seedSite(t.ds, { name: 'Quiet Reef' });
      const none = await request(http).get(`${API}/${empty}/comments`).expect(200);
      expect(none.body).toEqual([]);
      expect(none.headers['x-total-count']).toBe('0');
      await request(http).get(`${API}/999999/comments?limit=5`).expect(404);
    });
  });
});

describe('dive-site comments rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_COMMENT_PER_MINUTE: '2', TRUST_PROXY: '1' } });
  });
  afterAll(() => t?.app.close());

  it('429 with Retry-After past the limit, per client IP; reading comments is not limited', async () => {
    await resetDatabase(t.ds);
    const user = await createUser(t.ds, { username: 'chatty' });
    const token = tokenFor(t, user);
    const site = await seedSite(t.ds, { name: 'Busy Reef' });
    const http = t.app.getHttpServer() as App;
    const post = (ip: string) =>
      request(http)
        .post(`${API}/${site}/comments`)
        .set('X-Forwarded-For', ip)
        .set(bearer(token))
        .send({ comment_text: 'Hello' });
    expect((await post('203.0.113.20')).status).toBe(201);
    expect((await post('203.0.113.20')).status).toBe(201);
    const limited = await post('203.0.113.20');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({
      detail: 'Rate limit exceeded. Please try again later.',
      error: 'rate_limit_exceeded',
    });
    expect((await post('198.51.100.20')).status).toBe(201);
    for (let i = 0; i < 4; i++) {
      await request(http).get(`${API}/${site}/comments`).set('X-Forwarded-For', '203.0.113.20').expect(200);
    }
    const [{ n }] = await t.ds.query<Array<{ n: string | number }>>(
      'SELECT COUNT(*) AS n FROM site_comments WHERE dive_site_id = ?',
      [site],
    );
    expect(Number(n)).toBe(3);
  });
});
