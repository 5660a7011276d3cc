import request from 'supertest';
import type { App } from 'supertest/types';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { expectBoundedList } from '../support/bounded-list';
import { bearer } from '../support/factories';
import { createSiteCast, seedSite, type SiteCast } from '../support/site-fixtures';

const API = '/api/v1/dive-sites';

describe('dive-site aliases (/api/v1/dive-sites/{id}/aliases)', () => {
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
    site = await seedSite(t.ds, { name: 'Shaab Yolanda', created_by: cast.creator.id });
  });
  afterAll(() => t?.app.close());

  const add = (alias: unknown, token = cast.tokens.admin, id = site) =>
    request(http).post(`${API}/${id}/aliases`).set(bearer(token)).send({ alias });

  it('admins add aliases (201, plain text); anyone lists them oldest first; the detail shows them', async () => {
    const first = await add('Toilet <b>Reef</b>').expect(201);
    expect(first.body).toEqual({
      id: expect.any(Number),
      dive_site_id: site,
      alias: 'Toilet Reef',
      created_at: expect.any(String),
    });
    await add('Yolanda Reef').expect(201);
    const listed = await request(http).get(`${API}/${site}/aliases`).expect(200);
    expect(listed.body.map((a: { alias: string }) => a.alias)).toEqual(['Toilet Reef', 'Yolanda Reef']);
    const detail = await request(http).get(`${API}/${site}`).expect(200);
    expect(detail.body.aliases).toEqual(listed.body);
  });

  it('the list search and name filter find a site by an alias added through the API', async () => {
    await seedSite(t.ds, { name: 'Ras Mohammed' });
    await add('Τουαλέτα').expect(201);
    await add('Toilet Reef').expect(201);
    const ids = async (q: string) =>
      ((await request(http).get(`${API}/?${q}`).expect(200)).body.items as Array<{ id: number }>).map(
        (i) => i.id,
      );
    expect(await ids('search=toilet')).toEqual([site]);
    expect(await ids(`search=${encodeURIComponent('τουαλ')}`)).toEqual([site]);
    expect(await ids('name=REEF')).toEqual([site]);
    expect((await request(http).get(`${API}/count?search=toilet`).expect(200)).body).toEqual({ total: 1 });
  });

  it('duplicates for the same site are 400 (case-insensitively); another site may reuse the alias', async () => {
    await add('Toilet Reef').expect(201);
    const dup = await add('toilet reef').expect(400);
    expect(dup.body).toMatchObject({ statusCode: 400, detail: 'Alias already exists for this dive site' });
    const second = await seedSite(t.ds, { name: 'Other' });
    await add('Toilet Reef', cast.tokens.admin, second).expect(201);
  });

  it('concurrent duplicates: exactly one 201, the others 400 (the unique key decides)', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => add('Racing Reef')));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 400, 400, 400, 400, 400]);
    for (const r of results.filter((x) => x.status === 400)) {
      expect(r.body.detail).toBe('Alias already exists for this dive site');
    }
    const [{ n }] = await t.ds.query<Array<{ n: string | number }>>(
      'SELECT COUNT(*) AS n FROM dive_site_aliases WHERE dive_site_id = ?',
      [site],
    );
    expect(Number(n)).toBe(1);
  });

  it('admins rename (PUT) and delete aliases; renaming onto another alias is 400', async () => {
    const a = (await add('Old name').expect(201)).body as { id: number };
    const b = (await add('Second').expect(201)).body as { id: number };
    const renamed = await request(http)
      .put(`${API}/${site}/aliases/${a.id}`)
      .set(bearer(cast.tokens.admin))
      .send({ alias: 'New name' })
      .expect(200);
    expect(renamed.body).toMatchObject({ id: a.id, dive_site_id: site, alias: 'New name' });
    // Same value again is fine (no other row has it).
    await request(http)
      .put(`${API}/${site}/aliases/${a.id}`)
      .set(bearer(cast.tokens.admin))
      .send({ alias: 'New name' })
      .expect(200);
    const clash = await request(http)
      .put(`${API}/${site}/aliases/${b.id}`)
      .set(bearer(cast.tokens.admin))
      .send({ alias: 'NEW NAME' })
      .expect(400);
    expect(clash.body.detail).toBe('Alias already exists for this dive site');
    const deleted = await request(http)
      .delete(`${API}/${site}/aliases/${a.id}`)
      .set(bearer(cast.tokens.admin))
      .expect(200);
    expect(deleted.body).toEqual({ message: 'Alias deleted successfully' });
    const left = await request(http).get(`${API}/${site}/aliases`).expect(200);
    expect(left.body.map((x: { id: number }) => x.id)).toEqual([b.id]);
  });

  it('writes: anonymous 401; moderators, the creator and other users 403', async () => {
    const a = (await add('Existing').expect(201)).body as { id: number };
    const unauth = await request(http).post(`${API}/${site}/aliases`).send({ alias: 'x' }).expect(401);
    expect(unauth.body.detail).toBe('Not authenticated');
    await request(http).put(`${API}/${site}/aliases/${a.id}`).send({ alias: 'x' }).expect(401);
    await request(http).delete(`${API}/${site}/aliases/${a.id}`).expect(401);
    for (const token of [cast.tokens.moderator, cast.tokens.creator, cast.tokens.other]) {
      const res = await add('Forbidden', token).expect(403);
      expect(res.body.detail).toBe('Not enough permissions');
      await request(http)
        .put(`${API}/${site}/aliases/${a.id}`)
        .set(bearer(token))
        .send({ alias: 'x' })
        .expect(403);
      await request(http).delete(`${API}/${site}/aliases/${a.id}`).set(bearer(token)).expect(403);
    }
  });

  it('404: unknown site, alias of another site, unknown alias; archived sites for non-admins', async () => {
    const a = (await add('Mine').expect(201)).body as { id: number };
    const other = await seedSite(t.ds, { name: 'Other' });
    const missing = await request(http).get(`${API}/999999/aliases`).expect(404);
    expect(missing.body.detail).toBe('Dive site not found');
    expect((await add('x', cast.tokens.admin, 999999).expect(404)).body.detail).toBe('Dive site not found');
    const wrongSite = await request(http)
      .put(`${API}/${other}/aliases/${a.id}`)
      .set(bearer(cast.tokens.admin))
      .send({ alias: 'x' })
      .expect(404);
    expect(wrongSite.body.detail).toBe('Alias not found');
    await request(http).delete(`${API}/${other}/aliases/${a.id}`).set(bearer(cast.tokens.admin)).expect(404);
    const gone = await request(http)
      .delete(`${API}/${site}/aliases/999999`)
      .set(bearer(cast.tokens.admin))
      .expect(404);
    expect(gone.body.detail).toBe('Alias not found');

    await t.ds.query('UPDATE dive_sites SET deleted_at = NOW() WHERE id = ?', [site]);
    await request(http).get(`${API}/${site}/aliases`).expect(404);
    await request(http).get(`${API}/${site}/aliases`).set(bearer(cast.tokens.other)).expect(404);
    // Admins still see and manage an archived site's aliases.
    await request(http).get(`${API}/${site}/aliases`).set(bearer(cast.tokens.admin)).expect(200);
    await add('Archived alias').expect(201);
  });

  it('422: missing, empty (also once HTML is stripped), too long or non-string alias; bad ids', async () => {
    for (const alias of [undefined, '', '   ', '<b></b>', 'x'.repeat(256), 42]) {
      const res = await add(alias).expect(422);
      expect(res.body.detail[0].loc).toEqual(['body', 'alias']);
    }
    await add('x'.repeat(255)).expect(201);
    const badId = await request(http).get(`${API}/abc/aliases`).expect(422);
    expect(badId.body.detail[0].loc).toEqual(['path', 'id']);
    const badAlias = await request(http)
      .delete(`${API}/${site}/aliases/0`)
      .set(bearer(cast.tokens.admin))
      .expect(422);
    expect(badAlias.body.detail[0].loc).toEqual(['path', 'alias_id']);
  });

  it('GET is bounded (issue 13): 100 oldest first by default, limit 1–500, offset, X-Total-Count', async () => {
    await t.ds.query('INSERT INTO dive_site_aliases (dive_site_id, alias) VALUES ?', [
      Array.from({ length: 101 }, (_, i) => [site, `alias ${i}`]),
    ]);
    const all = await expectBoundedList({
      http,
      path: `${API}/${site}/aliases`,
      total: 101,
      defaultLimit: 100,
      maxLimit: 500,
    });
    expect(all.map((a) => a.alias)).toEqual(Array.from({ length: 101 }, (_, i) => `alias ${i}`));
  });
});
