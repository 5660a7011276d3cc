import request from 'supertest';
import type { App } from 'supertest/types';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { bearer } from '../support/factories';
import { createSiteCast, seedSite, type SiteCast } from '../support/site-fixtures';

const API = '/api/v1/tags/dive-sites';

describe('tags on dive sites (/api/v1/tags/dive-sites/{site_id}/tags)', () => {
  let t: TestApp;
  let http: App;
  let cast: SiteCast;
  let site: number;
  let wreck: number;
  let reef: number;

  beforeAll(async () => {
    t = await createTestApp();
    http = t.app.getHttpServer();
  });
  beforeEach(async () => {
    await resetDatabase(t.ds);
    cast = await createSiteCast(t);
    site = await seedSite(t.ds, { name: 'Thistlegorm', created_by: cast.creator.id });
    const tag = async (name: string) =>
      (await t.ds.query<{ insertId: number }>('INSERT INTO available_tags (name) VALUES (?)', [name]))
        .insertId;
    wreck = await tag('Wreck');
    reef = await tag('Reef');
  });
  afterAll(() => t?.app.close());

  const add = (tagId: unknown, token = cast.tokens.creator, id = site) =>
    request(http).post(`${API}/${id}/tags`).set(bearer(token)).send({ tag_id: tagId });

  it('the creator, moderators and admins tag a site (201); detail, list filter and counts follow', async () => {
    const res = await add(wreck).expect(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      dive_site_id: site,
      tag_id: wreck,
      created_at: expect.any(String),
    });
    await add(reef, cast.tokens.moderator).expect(201);
    const other = await seedSite(t.ds, { name: 'Other' });
    await add(wreck, cast.tokens.admin, other).expect(201);

    const detail = await request(http).get(`/api/v1/dive-sites/${site}`).expect(200);
    expect(detail.body.tags).toEqual([
      { id: reef, name: 'Reef' },
      { id: wreck, name: 'Wreck' },
    ]);
    const both = await request(http).get(`/api/v1/dive-sites/?tag_ids=${wreck},${reef}`).expect(200);
    expect(both.body.items.map((i: { id: number }) => i.id)).toEqual([site]);
    const counts = await request(http).get('/api/v1/tags/with-counts').expect(200);
    expect(counts.body.find((c: { id: number }) => c.id === wreck).dive_site_count).toBe(2);
  });

  it('DELETE takes a tag off (200); a tag not on the site is 404 "Tag assignment not found"', async () => {
    await add(wreck).expect(201);
    const removed = await request(http)
      .delete(`${API}/${site}/tags/${wreck}`)
      .set(bearer(cast.tokens.creator))
      .expect(200);
    expect(removed.body).toEqual({ message: 'Tag removed from dive site successfully' });
    const again = await request(http)
      .delete(`${API}/${site}/tags/${wreck}`)
      .set(bearer(cast.tokens.admin))
      .expect(404);
    expect(again.body.detail).toBe('Tag assignment not found');
    await request(http).delete(`${API}/${site}/tags/999999`).set(bearer(cast.tokens.admin)).expect(404);
    expect((await request(http).get(`/api/v1/dive-sites/${site}`).expect(200)).body.tags).toEqual([]);
  });

  it('a duplicate is 400, also when requests race (one 201, the rest 400)', async () => {
    await add(wreck).expect(201);
    const dup = await add(wreck, cast.tokens.admin).expect(400);
    expect(dup.body.detail).toBe('Tag is already assigned to this dive site');
    const results = await Promise.all(Array.from({ length: 5 }, () => add(reef)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 400, 400, 400, 400]);
  });

  it('401 anonymous; 403 for users who are not admin, moderator or the creator', async () => {
    await add(wreck).expect(201);
    await request(http).post(`${API}/${site}/tags`).send({ tag_id: reef }).expect(401);
    await request(http).delete(`${API}/${site}/tags/${wreck}`).expect(401);
    const denied = await add(reef, cast.tokens.other).expect(403);
    expect(denied.body.detail).toBe('Not authorized to edit tags of this dive site');
    await request(http).delete(`${API}/${site}/tags/${wreck}`).set(bearer(cast.tokens.other)).expect(403);
  });

  it('404: unknown site, unknown tag, archived site for non-admins', async () => {
    expect((await add(wreck, cast.tokens.admin, 999999).expect(404)).body.detail).toBe('Dive site not found');
    expect((await add(999999).expect(404)).body.detail).toBe('Tag not found');
    await request(http).delete(`${API}/999999/tags/${wreck}`).set(bearer(cast.tokens.admin)).expect(404);
    await t.ds.query('UPDATE dive_sites SET deleted_at = NOW() WHERE id = ?', [site]);
    await add(wreck).expect(404);
    await add(wreck, cast.tokens.moderator).expect(404);
    await add(wreck, cast.tokens.admin).expect(201);
  });

  it('422: missing or non-integer tag_id; bad path ids', async () => {
    for (const tagId of [undefined, 'wreck', 1.5, 0, null]) {
      const res = await add(tagId).expect(422);
      expect(res.body.detail[0].loc).toEqual(['body', 'tag_id']);
    }
    const badSite = await request(http)
      .post(`${API}/abc/tags`)
      .set(bearer(cast.tokens.admin))
      .send({ tag_id: wreck })
      .expect(422);
    expect(badSite.body.detail[0].loc).toEqual(['path', 'site_id']);
    const badTag = await request(http)
      .delete(`${API}/${site}/tags/x`)
      .set(bearer(cast.tokens.admin))
      .expect(422);
    expect(badTag.body.detail[0].loc).toEqual(['path', 'tag_id']);
  });
});
