import request from 'supertest';
import type { App } from 'supertest/types';
import { DIVING_ORGANIZATIONS } from '../../src/database/seeds/diving-organizations';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { bearer, createUser, tokenFor } from '../support/factories';

const BASE = '/api/v1/diving-organizations';

describe('diving organizations', () => {
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

  /** The ten organizations of the seed, created through the API (admin), in the seed's order. */
  async function seedThroughApi(): Promise<Array<{ id: number; acronym: string }>> {
    const created: Array<{ id: number; acronym: string }> = [];
    for (const org of DIVING_ORGANIZATIONS) {
      const res = await request(http).post(BASE).set(bearer(admin)).send(org).expect(201);
      created.push(res.body as { id: number; acronym: string });
    }
    return created;
  }

  it('creates the seed’s ten organizations (201) and lists them with skip/limit', async () => {
    const created = await seedThroughApi();
    expect(created).toHaveLength(10);
    const padi = DIVING_ORGANIZATIONS[0];
    const all = await request(http).get(`${BASE}/`).expect(200);
    expect(all.body).toHaveLength(10);
    expect(all.body[0]).toEqual({
      id: created[0].id,
      name: padi.name,
      acronym: 'PADI',
      website: padi.website,
      logo_url: null,
      description: padi.description,
      country: padi.country,
      founded_year: 1966,
      view_count: 0,
      created_at: expect.any(String),
      updated_at: expect.any(String),
      certification_levels: [],
    });
    const page = await request(http).get(BASE).query({ skip: 2, limit: 3 }).expect(200);
    expect(page.body.map((o: { acronym: string }) => o.acronym)).toEqual(['GUE', 'RAID', 'CMAS']);
    await request(http).get(BASE).query({ limit: 0 }).expect(422);
    await request(http).get(BASE).query({ limit: 1001 }).expect(422);
    await request(http).get(BASE).query({ skip: -1 }).expect(422);
  });

  it('looks up by id, exact name or acronym (case-insensitive), counting views without touching updated_at', async () => {
    const [padi] = await seedThroughApi();
    const byId = await request(http).get(`${BASE}/${padi.id}`).expect(200);
    expect(byId.body).toMatchObject({ acronym: 'PADI', view_count: 1 });
    const byAcronym = await request(http).get(`${BASE}/padi`).expect(200);
    expect(byAcronym.body).toMatchObject({ id: padi.id, view_count: 2 });
    const byName = await request(http)
      .get(`${BASE}/${encodeURIComponent('Confédération Mondiale des Activités Subaquatiques')}`)
      .expect(200);
    expect(byName.body.acronym).toBe('CMAS');
    expect(byAcronym.body.updated_at).toBe(byId.body.updated_at);
    for (const missing of ['999999', 'NOPE', 'Professional', '99999999999999999999']) {
      const res = await request(http).get(`${BASE}/${missing}`).expect(404);
      expect(res.body.detail).toBe('Diving organization not found');
    }
  });

  it('role rules: anonymous 401, users 403, admins and moderators write', async () => {
    const body = { name: 'Test Agency', acronym: 'TA' };
    await request(http).post(BASE).send(body).expect(401);
    const forbidden = await request(http).post(BASE).set(bearer(user)).send(body).expect(403);
    expect(forbidden.body.detail).toBe('Not enough permissions');
    const created = await request(http).post(BASE).set(bearer(moderator)).send(body).expect(201);
    await request(http)
      .put(`${BASE}/${created.body.id}`)
      .set(bearer(user))
      .send({ country: 'X' })
      .expect(403);
    await request(http).delete(`${BASE}/${created.body.id}`).expect(401);
    await request(http).delete(`${BASE}/${created.body.id}`).set(bearer(user)).expect(403);
  });

  it('duplicates are the contract’s 400s (acronym checked first); updates and deletes', async () => {
    const [padi, ssi] = await seedThroughApi();
    const dupAcronym = await request(http)
      .post(BASE)
      .set(bearer(admin))
      .send({ name: 'Professional Association of Diving Instructors', acronym: 'padi' })
      .expect(400);
    expect(dupAcronym.body.detail).toBe('Organization with this acronym already exists');
    const dupName = await request(http)
      .post(BASE)
      .set(bearer(admin))
      .send({ name: 'scuba schools international', acronym: 'XSSI' })
      .expect(400);
    expect(dupName.body.detail).toBe('Organization with this name already exists');

    const updated = await request(http)
      .put(`${BASE}/${padi.id}`)
      .set(bearer(moderator))
      .send({ description: '<b>Big</b> agency', founded_year: 1967, acronym: 'PADI' })
      .expect(200);
    expect(updated.body).toMatchObject({ acronym: 'PADI', description: 'Big agency', founded_year: 1967 });
    const clash = await request(http)
      .put(`${BASE}/${padi.id}`)
      .set(bearer(admin))
      .send({ acronym: 'SSI' })
      .expect(400);
    expect(clash.body.detail).toBe('Organization with this acronym already exists');
    const nameClash = await request(http)
      .put(`${BASE}/${ssi.id}`)
      .set(bearer(admin))
      .send({ name: 'Professional Association of Diving Instructors' })
      .expect(400);
    expect(nameClash.body.detail).toBe('Organization with this name already exists');
    await request(http).put(`${BASE}/999999`).set(bearer(admin)).send({ country: 'X' }).expect(404);
    await request(http).put(`${BASE}/abc`).set(bearer(admin)).send({ country: 'X' }).expect(422);
    await request(http).put(`${BASE}/${padi.id}`).set(bearer(admin)).send({ founded_year: 1700 }).expect(422);
    await request(http).post(BASE).set(bearer(admin)).send({ name: '', acronym: 'E' }).expect(422);
    await request(http)
      .post(BASE)
      .set(bearer(admin))
      .send({ name: 'Long', acronym: 'X'.repeat(21) })
      .expect(422);

    const deleted = await request(http).delete(`${BASE}/${padi.id}`).set(bearer(admin)).expect(200);
    expect(deleted.body.message).toBe('Diving organization deleted successfully');
    await request(http).delete(`${BASE}/${padi.id}`).set(bearer(admin)).expect(404);
    await request(http).get(`${BASE}/PADI`).expect(404);
  });

  it('concurrent creates of the same acronym: one 201, the others 400 (unique key), never 500', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        request(http)
          .post(BASE)
          .set(bearer(admin))
          .send({ name: `Racing Agency ${i}`, acronym: 'RACE' }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 400, 400, 400, 400, 400]);
    for (const r of results.filter((x) => x.status === 400)) {
      expect(r.body.detail).toBe('Organization with this acronym already exists');
    }
  });
});
