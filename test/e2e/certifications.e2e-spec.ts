import request from 'supertest';
import type { App } from 'supertest/types';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { expectBoundedList } from '../support/bounded-list';
import { bearer, createUser, tokenFor } from '../support/factories';
import type { User } from '../../src/modules/users/entities/user.entity';

const BASE = '/api/v1/user-certifications';

describe('user certifications', () => {
  let t: TestApp;
  let http: App;
  let alice: User;
  let bob: User;
  let aliceToken: string;
  let bobToken: string;
  let padi: number;
  let ssi: number;

  beforeAll(async () => {
    t = await createTestApp();
    http = t.app.getHttpServer();
  });
  beforeEach(async () => {
    await resetDatabase(t.ds);
    alice = await createUser(t.ds, { username: 'alice_diver', numberOfDives: 12 });
    bob = await createUser(t.ds);
    aliceToken = tokenFor(t, alice);
    bobToken = tokenFor(t, bob);
    const insert = async (name: string, acronym: string) =>
      (
        await t.ds.query<{ insertId: number }>(
          'INSERT INTO diving_organizations (name, acronym, website) VALUES (?, ?, ?)',
          [name, acronym, `https://${acronym.toLowerCase()}.example`],
        )
      ).insertId;
    padi = await insert('Professional Association of Diving Instructors', 'PADI');
    ssi = await insert('Scuba Schools International', 'SSI');
  });
  afterAll(() => t?.app.close());

  const add = (token: string, body: object) =>
    request(http).post(`${BASE}/my-certifications`).set(bearer(token)).send(body);

  it('adds (201), lists mine and the public active ones; anonymous 401 on mine', async () => {
    await request(http).get(`${BASE}/my-certifications`).expect(401);
    const created = await add(aliceToken, {
      diving_organization_id: padi,
      certification_level: '<i>Open Water</i> Diver',
    }).expect(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      user_id: alice.id,
      diving_organization_id: padi,
      certification_level: 'Open Water Diver',
      certification_level_id: null,
      is_active: true,
      diving_organization: {
        id: padi,
        name: 'Professional Association of Diving Instructors',
        acronym: 'PADI',
        website: 'https://padi.example',
        logo_url: null,
      },
      certification_level_link: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    await add(aliceToken, {
      diving_organization_id: ssi,
      certification_level: 'Advanced',
      is_active: false,
    }).expect(201);

    const mine = await request(http).get(`${BASE}/my-certifications`).set(bearer(aliceToken)).expect(200);
    expect(mine.body.map((c: { certification_level: string }) => c.certification_level)).toEqual([
      'Open Water Diver',
      'Advanced',
    ]);
    const publicList = await request(http).get(`${BASE}/users/${alice.id}/certifications`).expect(200);
    expect(publicList.body.map((c: { certification_level: string }) => c.certification_level)).toEqual([
      'Open Water Diver',
    ]);
    expect(
      (await request(http).get(`${BASE}/my-certifications`).set(bearer(bobToken)).expect(200)).body,
    ).toEqual([]);
    const unknown = await request(http).get(`${BASE}/users/999999/certifications`).expect(404);
    expect(unknown.body.detail).toBe('User not found');
    const disabled = await createUser(t.ds, { enabled: false });
    await request(http).get(`${BASE}/users/${disabled.id}/certifications`).expect(404);
  });

  it('refuses duplicates, missing or invalid levels and unknown organizations', async () => {
    await add(aliceToken, { diving_organization_id: padi, certification_level: 'Rescue Diver' }).expect(201);
    const dup = await add(aliceToken, {
      diving_organization_id: padi,
      certification_level: 'rescue diver',
    }).expect(400);
    expect(dup.body.detail).toBe('Certification already exists for this organization and level');
    // Another user may hold the same certification.
    await add(bobToken, { diving_organization_id: padi, certification_level: 'Rescue Diver' }).expect(201);
    const noLevel = await add(aliceToken, { diving_organization_id: padi }).expect(400);
    expect(noLevel.body.detail).toBe('Certification level or ID is required');
    await add(aliceToken, { diving_organization_id: padi, certification_level: '   ' }).expect(400);
    const badLevel = await add(aliceToken, {
      diving_organization_id: padi,
      certification_level_id: 3,
    }).expect(400);
    expect(badLevel.body.detail).toBe('Invalid certification level for this organization');
    const noOrg = await add(aliceToken, { diving_organization_id: 999999, certification_level: 'X' }).expect(
      404,
    );
    expect(noOrg.body.detail).toBe('Diving organization not found');
    await add(aliceToken, { diving_organization_id: 'PADI', certification_level: 'X' }).expect(422);
    await add(aliceToken, { diving_organization_id: padi, certification_level: 'x'.repeat(101) }).expect(422);
  });

  it('concurrent duplicate adds: one 201, the rest 400 from the unique key', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        add(aliceToken, { diving_organization_id: ssi, certification_level: 'Nitrox' }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 400, 400, 400, 400]);
  });

  it('updates, toggles and deletes only the caller’s own (others 404)', async () => {
    const cert = (
      await add(aliceToken, { diving_organization_id: padi, certification_level: 'Open Water' }).expect(201)
    ).body as { id: number };
    await add(aliceToken, { diving_organization_id: ssi, certification_level: 'Open Water' }).expect(201);

    for (const [method, path] of [
      ['put', `${BASE}/my-certifications/${cert.id}`],
      ['patch', `${BASE}/my-certifications/${cert.id}/toggle`],
      ['delete', `${BASE}/my-certifications/${cert.id}`],
    ] as const) {
      const res = await request(http)
        [method](path)
        .set(bearer(bobToken))
        .send({ is_active: false })
        .expect(404);
      expect(res.body.detail).toBe('Certification not found');
    }

    const updated = await request(http)
      .put(`${BASE}/my-certifications/${cert.id}`)
      .set(bearer(aliceToken))
      .send({ certification_level: 'Advanced Open Water' })
      .expect(200);
    expect(updated.body).toMatchObject({
      id: cert.id,
      certification_level: 'Advanced Open Water',
      is_active: true,
    });
    const moved = await request(http)
      .put(`${BASE}/my-certifications/${cert.id}`)
      .set(bearer(aliceToken))
      .send({ diving_organization_id: ssi, certification_level: 'Open Water' })
      .expect(400);
    expect(moved.body.detail).toBe('Certification already exists for this organization and level');
    await request(http)
      .put(`${BASE}/my-certifications/${cert.id}`)
      .set(bearer(aliceToken))
      .send({ diving_organization_id: 999999 })
      .expect(404);

    const off = await request(http)
      .patch(`${BASE}/my-certifications/${cert.id}/toggle`)
      .set(bearer(aliceToken))
      .expect(200);
    expect(off.body).toEqual({ message: 'Certification deactivated successfully', is_active: false });
    const on = await request(http)
      .patch(`${BASE}/my-certifications/${cert.id}/toggle`)
      .set(bearer(aliceToken))
      .expect(200);
    expect(on.body).toEqual({ message: 'Certification activated successfully', is_active: true });

    const deleted = await request(http)
      .delete(`${BASE}/my-certifications/${cert.id}`)
      .set(bearer(aliceToken))
      .expect(200);
    expect(deleted.body.message).toBe('Certification deleted successfully');
    await request(http).delete(`${BASE}/my-certifications/${cert.id}`).set(bearer(aliceToken)).expect(404);
    await request(http).patch(`${BASE}/my-certifications/abc/toggle`).set(bearer(aliceToken)).expect(422);
  });

  it('the public profile embeds the active certifications only', async () => {
    const active = (
      await add(aliceToken, { diving_organization_id: padi, certification_level: 'Divemaster' })
    ).body as {
      id: number;
    };
    const hidden = (await add(aliceToken, { diving_organization_id: ssi, certification_level: 'Open Water' }))
      .body as {
      id: number;
    };
    await request(http)
      .patch(`${BASE}/my-certifications/${hidden.id}/toggle`)
      .set(bearer(aliceToken))
      .expect(200);
    const profile = await request(http).get('/api/v1/users/alice_diver/public').expect(200);
    expect(profile.body.certifications).toEqual([
      expect.objectContaining({
        id: active.id,
        certification_level: 'Divemaster',
        is_active: true,
        diving_organization: expect.objectContaining({ acronym: 'PADI' }),
      }),
    ]);
  });

  it('deleting an organization deletes the certifications held with it', async () => {
    await add(aliceToken, { diving_organization_id: padi, certification_level: 'Open Water' }).expect(201);
    const admin = tokenFor(t, await createUser(t.ds, { isAdmin: true }));
    await request(http).delete(`/api/v1/diving-organizations/${padi}`).set(bearer(admin)).expect(200);
    expect((await request(http).get(`${BASE}/my-certifications`).set(bearer(aliceToken))).body).toEqual([]);
  });

  it('both lists are bounded (issue 13): 100 oldest first by default, limit 1–500, offset, X-Total-Count', async () => {
    await t.ds.query(
      'INSERT INTO user_certifications (user_id, diving_organization_id, certification_level, is_active) VALUES ?',
      [
        Array.from({ length: 102 }, (_, i) => [
          alice.id,
          i % 2 ? padi : ssi,
          `Level ${i}`,
          i === 101 ? 0 : 1,
        ]),
      ],
    );
    const mine = await expectBoundedList({
      http,
      path: `${BASE}/my-certifications`,
      token: aliceToken,
      total: 102,
      defaultLimit: 100,
      maxLimit: 500,
    });
    expect(mine.map((c) => c.certification_level)).toEqual(
      Array.from({ length: 102 }, (_, i) => `Level ${i}`),
    );
    const shown = await expectBoundedList({
      http,
      path: `${BASE}/users/${alice.id}/certifications`,
      total: 101,
      defaultLimit: 100,
      maxLimit: 500,
    });
    expect(shown.every((c) => c.is_active === true)).toBe(true);
  });
});
