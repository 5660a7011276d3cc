import request from 'supertest';
import type { App } from 'supertest/types';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { expectBoundedList } from '../support/bounded-list';
import { bearer, createUser, tokenFor } from '../support/factories';

describe('difficulty levels and tags', () => {
  let t: TestApp;
  let http: App;
  let admin: string;
  let moderator: string;
  let user: string;

  beforeAll(async () => {
    t = await createTestApp();
    http = t.app.getHttpServer();
  });
  beforeEach(async () => {
    await resetDatabase(t.ds);
    admin = tokenFor(t, await createUser(t.ds, { isAdmin: true }));
    moderator = tokenFor(t, await createUser(t.ds, { isModerator: true }));
    user = tokenFor(t, await createUser(t.ds));
  });
  afterAll(() => t?.app.close());

  it('GET /difficulty-levels lists the seeded levels in order', async () => {
    const res = await request(http).get('/api/v1/difficulty-levels').expect(200);
    expect(res.body).toEqual([
      { id: 1, code: 'OPEN_WATER', label: 'Open Water', order_index: 1 },
      { id: 2, code: 'ADVANCED_OPEN_WATER', label: 'Advanced Open Water', order_index: 2 },
      { id: 3, code: 'DEEP_NITROX', label: 'Deep/Nitrox', order_index: 3 },
      { id: 4, code: 'TECHNICAL_DIVING', label: 'Technical Diving', order_index: 4 },
    ]);
  });

  it('admins and moderators create tags (201); users 403; anonymous 401; names are unique and plain text', async () => {
    await request(http).post('/api/v1/tags').send({ name: 'Wreck' }).expect(401);
    const forbidden = await request(http)
      .post('/api/v1/tags')
      .set(bearer(user))
      .send({ name: 'Wreck' })
      .expect(403);
    expect(forbidden.body.detail).toBe('Not enough permissions');
    const created = await request(http)
      .post('/api/v1/tags')
      .set(bearer(admin))
      .send({ name: '<b>Wreck</b>', description: 'Sunken <i>ships</i>' })
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'Wreck',
      description: 'Sunken ships',
      created_by: expect.any(Number),
    });
    const dup = await request(http)
      .post('/api/v1/tags')
      .set(bearer(moderator))
      .send({ name: 'wreck' })
      .expect(400);
    expect(dup.body.detail).toBe('Tag with this name already exists');
    await request(http).post('/api/v1/tags').set(bearer(moderator)).send({ name: 'Σπήλαιο' }).expect(201);
    await request(http).post('/api/v1/tags').set(bearer(admin)).send({ name: '' }).expect(422);
    await request(http)
      .post('/api/v1/tags')
      .set(bearer(admin))
      .send({ name: 'x'.repeat(51) })
      .expect(422);
    const list = await request(http).get('/api/v1/tags/').expect(200);
    expect(list.body.map((x: { name: string }) => x.name)).toEqual(['Wreck', 'Σπήλαιο']);
  });

  it('updates and deletes tags (404 for unknown, 400 on a rename clash, 422 for a bad id)', async () => {
    const a = (await request(http).post('/api/v1/tags').set(bearer(admin)).send({ name: 'Reef' })).body as {
      id: number;
    };
    await request(http).post('/api/v1/tags').set(bearer(admin)).send({ name: 'Cave' }).expect(201);
    const renamed = await request(http)
      .put(`/api/v1/tags/${a.id}`)
      .set(bearer(moderator))
      .send({ name: 'Coral reef' })
      .expect(200);
    expect(renamed.body.name).toBe('Coral reef');
    await request(http).put(`/api/v1/tags/${a.id}`).set(bearer(admin)).send({ name: 'Cave' }).expect(400);
    await request(http).put('/api/v1/tags/99999').set(bearer(admin)).send({ name: 'X' }).expect(404);
    await request(http).put('/api/v1/tags/abc').set(bearer(admin)).send({ name: 'X' }).expect(422);
    await request(http).delete(`/api/v1/tags/${a.id}`).set(bearer(user)).expect(403);
    await request(http).delete(`/api/v1/tags/${a.id}`).set(bearer(admin)).expect(200);
    const gone = await request(http).delete(`/api/v1/tags/${a.id}`).set(bearer(admin)).expect(404);
    expect(gone.body.detail).toBe('Tag not found');
  });

  it('with-counts counts live sites and public dives only', async () => {
    const tag = (await request(http).post('/api/v1/tags').set(bearer(admin)).send({ name: 'Night' }))
      .body as { id: number };
    const owner = await createUser(t.ds);
    const site = await t.ds.query<{ insertId: number }>("INSERT INTO dive_sites (name) VALUES ('Blue Hole')");
    const archived = await t.ds.query<{ insertId: number }>(
      "INSERT INTO dive_sites (name, deleted_at) VALUES ('Old', NOW())",
    );
    for (const s of [site.insertId, archived.insertId]) {
      await t.ds.query('INSERT INTO dive_site_tags (dive_site_id, tag_id) VALUES (?, ?)', [s, tag.id]);
    }
    for (const isPrivate of [0, 0, 1]) {
      const dive = await t.ds.query<{ insertId: number }>(
        "INSERT INTO dives (user_id, dive_date, is_private) VALUES (?, '2026-01-02', ?)",
        [owner.id, isPrivate],
      );
      await t.ds.query('INSERT INTO dive_tags (dive_id, tag_id) VALUES (?, ?)', [dive.insertId, tag.id]);
    }
    const res = await request(http).get('/api/v1/tags/with-counts').expect(200);
    expect(res.body).toEqual([expect.objectContaining({ name: 'Night', dive_site_count: 1, dive_count: 2 })]);
  });

  it('GET /tags and /tags/with-counts are bounded (issue 13): 500 by name, limit 1–1000, offset, X-Total-Count', async () => {
    const names = Array.from({ length: 501 }, (_, i) => `tag ${String(i).padStart(3, '0')}`);
    await t.ds.query('INSERT INTO available_tags (name) VALUES ?', [[...names].reverse().map((n) => [n])]);
    const tags = await expectBoundedList({
      http,
      path: '/api/v1/tags',
      total: 501,
      defaultLimit: 500,
      maxLimit: 1000,
    });
    expect(tags.map((tag) => tag.name)).toEqual(names);
    const site = await t.ds.query<{ insertId: number }>("INSERT INTO dive_sites (name) VALUES ('Tagged')");
    await t.ds.query('INSERT INTO dive_site_tags (dive_site_id, tag_id) VALUES (?, ?)', [
      site.insertId,
      tags[500].id,
    ]);
    const counted = await expectBoundedList({
      http,
      path: '/api/v1/tags/with-counts',
      total: 501,
      defaultLimit: 500,
      maxLimit: 1000,
    });
    expect(counted.map((tag) => tag.name)).toEqual(names);
    const last = await request(http).get('/api/v1/tags/with-counts?offset=500').expect(200);
    expect(last.body).toEqual([
      expect.objectContaining({ name: 'tag 500', dive_site_count: 1, dive_count: 0 }),
    ]);
  });
});
