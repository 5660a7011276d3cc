import { sliceWindow, type ListWindow } from '../../src/common/pagination/bounded-list';
import request from 'supertest';
import type { App } from 'supertest/types';
import type { AuthenticatedUser } from '../../src/common/auth/authenticated-user';
import type { SiteMediaResponseDto } from '../../src/modules/sites/dto/site-media.response.dto';
import { SiteMediaSources, type SiteMediaSource } from '../../src/modules/sites/site-media-sources.service';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { expectBoundedList } from '../support/bounded-list';
import { bearer } from '../support/factories';
import { createSiteCast, seedSite, type SiteCast } from '../support/site-fixtures';

const API = '/api/v1/dive-sites';

describe('dive-site media (/api/v1/dive-sites/{id}/media)', () => {
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
    site = await seedSite(t.ds, { name: 'Manta Point', created_by: cast.creator.id });
  });
  afterAll(() => t?.app.close());

  const add = (body: Record<string, unknown>, token = cast.tokens.creator, id = site) =>
    request(http).post(`${API}/${id}/media`).set(bearer(token)).send(body);
  const photo = { media_type: 'photo', url: 'https://img.example/manta.jpg' };

  it('admins, moderators and the creator add media (201); anyone lists them oldest first', async () => {
    const first = await add({
      ...photo,
      description: 'A <b>manta</b> &amp; friends',
      thumbnail_url: 'https://img.example/manta_t.jpg',
      medium_url: 'http://img.example/manta_m.jpg',
    }).expect(201);
    expect(first.body).toEqual({
      id: expect.any(Number),
      dive_site_id: site,
      media_type: 'photo',
      url: 'https://img.example/manta.jpg',
      description: 'A manta & friends',
      created_at: expect.any(String),
      dive_id: null,
      user_id: cast.creator.id,
      user_username: cast.creator.username,
      thumbnail_url: 'https://img.example/manta_t.jpg',
      medium_url: 'http://img.example/manta_m.jpg',
      download_url: 'https://img.example/manta.jpg',
    });
    const second = await add(
      { media_type: 'video', url: 'https://video.example/v/1' },
      cast.tokens.moderator,
    ).expect(201);
    expect(second.body).toMatchObject({ description: null, thumbnail_url: null, user_id: cast.moderator.id });
    await add({ ...photo, url: 'https://img.example/3.jpg' }, cast.tokens.admin).expect(201);

    const list = (await request(http).get(`${API}/${site}/media`).expect(200)).body as SiteMediaResponseDto[];
    expect(list.map((m) => m.id)).toEqual([first.body.id, second.body.id, expect.any(Number)]);
    expect(list[0]).toEqual(first.body);
    // The site's thumbnail is its first photo.
    const item = (await request(http).get(`${API}/?name=Manta`).expect(200)).body.items[0];
    expect(item).toMatchObject({
      thumbnail: 'https://img.example/manta_t.jpg',
      thumbnail_type: 'photo',
      thumbnail_source: 'site_media',
      thumbnail_id: first.body.id,
    });
  });

  it('PATCH changes the description (null clears it; absent keeps it); DELETE removes', async () => {
    const m = (await add({ ...photo, description: 'Old' }).expect(201)).body as SiteMediaResponseDto;
    const patched = await request(http)
      .patch(`${API}/${site}/media/${m.id}`)
      .set(bearer(cast.tokens.moderator))
      .send({ description: 'New <i>one</i>' })
      .expect(200);
    expect(patched.body).toMatchObject({ id: m.id, description: 'New one', url: photo.url });
    const kept = await request(http)
      .patch(`${API}/${site}/media/${m.id}`)
      .set(bearer(cast.tokens.creator))
      .send({})
      .expect(200);
    expect(kept.body.description).toBe('New one');
    const cleared = await request(http)
      .patch(`${API}/${site}/media/${m.id}`)
      .set(bearer(cast.tokens.admin))
      .send({ description: null })
      .expect(200);
    expect(cleared.body.description).toBeNull();

    const deleted = await request(http)
      .delete(`${API}/${site}/media/${m.id}`)
      .set(bearer(cast.tokens.creator))
      .expect(200);
    expect(deleted.body).toEqual({ message: 'Media deleted successfully' });
    expect((await request(http).get(`${API}/${site}/media`).expect(200)).body).toEqual([]);
  });

  it('writes: anonymous 401; users who are not admin, moderator or the creator 403', async () => {
    const m = (await add(photo).expect(201)).body as SiteMediaResponseDto;
    await request(http).post(`${API}/${site}/media`).send(photo).expect(401);
    await request(http).patch(`${API}/${site}/media/${m.id}`).send({ description: 'x' }).expect(401);
    await request(http).delete(`${API}/${site}/media/${m.id}`).expect(401);
    const denied = await add(photo, cast.tokens.other).expect(403);
    expect(denied.body.detail).toBe('Not authorized to edit media of this dive site');
    // Permission comes before the URL check.
    await add({ ...photo, url: 'ftp://x' }, cast.tokens.other).expect(403);
    await request(http)
      .patch(`${API}/${site}/media/${m.id}`)
      .set(bearer(cast.tokens.other))
      .send({ description: 'x' })
      .expect(403);
    await request(http).delete(`${API}/${site}/media/${m.id}`).set(bearer(cast.tokens.other)).expect(403);
    // A site without a creator: only admins and moderators.
    const orphan = await seedSite(t.ds, { name: 'Orphan' });
    await add(photo, cast.tokens.creator, orphan).expect(403);
    await add(photo, cast.tokens.moderator, orphan).expect(201);
  });

  it('URLs: not absolute http(s) → 400 "Invalid media URL"; types and lengths → 422', async () => {
    for (const url of [
      'ftp://img.example/a.jpg',
      'javascript:alert(1)',
      'user_123/a.jpg',
      'img.example/a.jpg',
      'https://',
    ]) {
      const res = await add({ ...photo, url }).expect(400);
      expect(res.body.detail).toBe('Invalid media URL');
    }
    await add({ ...photo, url: 'http:/img.example/a.jpg' }).expect(400);
    await add({ ...photo, thumbnail_url: 'data:image/png;base64,AAAA' }).expect(400);
    const trimmed = await add({ ...photo, url: '  HTTPS://img.example/t.jpg ' }).expect(201);
    expect(trimmed.body.url).toBe('HTTPS://img.example/t.jpg');
    await add({ ...photo, medium_url: '/relative.jpg' }).expect(400);

    const cases: Array<[Record<string, unknown>, string]> = [
      [{ url: photo.url }, 'media_type'],
      [{ ...photo, media_type: 'dive_plan' }, 'media_type'],
      [{ ...photo, media_type: 'audio' }, 'media_type'],
      [{ media_type: 'photo' }, 'url'],
      [{ ...photo, url: '' }, 'url'],
      [{ ...photo, url: `https://img.example/${'a'.repeat(500)}` }, 'url'],
      [{ ...photo, url: 42 }, 'url'],
      [{ ...photo, description: 'x'.repeat(2001) }, 'description'],
      [{ ...photo, thumbnail_url: `https://t.example/${'a'.repeat(500)}` }, 'thumbnail_url'],
    ];
    for (const [body, field] of cases) {
      const res = await add(body).expect(422);
      expect(res.body.detail.map((d: { loc: string[] }) => d.loc)).toContainEqual(['body', field]);
    }
    const m = (await add(photo).expect(201)).body as SiteMediaResponseDto;
    await request(http)
      .patch(`${API}/${site}/media/${m.id}`)
      .set(bearer(cast.tokens.creator))
      .send({ description: 7 })
      .expect(422);
    const badId = await request(http)
      .delete(`${API}/${site}/media/-1`)
      .set(bearer(cast.tokens.creator))
      .expect(422);
    expect(badId.body.detail[0].loc).toEqual(['path', 'media_id']);
  });

  it('404: unknown site, media of another site, unknown media; archived sites for non-admins', async () => {
    const m = (await add(photo).expect(201)).body as SiteMediaResponseDto;
    const other = await seedSite(t.ds, { name: 'Other', created_by: cast.creator.id });
    expect((await request(http).get(`${API}/999999/media`).expect(404)).body.detail).toBe(
      'Dive site not found',
    );
    await add(photo, cast.tokens.admin, 999999).expect(404);
    const wrong = await request(http)
      .patch(`${API}/${other}/media/${m.id}`)
      .set(bearer(cast.tokens.creator))
      .send({ description: 'x' })
      .expect(404);
    expect(wrong.body.detail).toBe('Media not found');
    await request(http).delete(`${API}/${other}/media/${m.id}`).set(bearer(cast.tokens.creator)).expect(404);
    await request(http).delete(`${API}/${site}/media/999999`).set(bearer(cast.tokens.admin)).expect(404);

    await t.ds.query('UPDATE dive_sites SET deleted_at = NOW() WHERE id = ?', [site]);
    await request(http).get(`${API}/${site}/media`).expect(404);
    await add(photo).expect(404);
    await request(http).delete(`${API}/${site}/media/${m.id}`).set(bearer(cast.tokens.creator)).expect(404);
    expect(
      (await request(http).get(`${API}/${site}/media`).set(bearer(cast.tokens.admin)).expect(200)).body,
    ).toHaveLength(1);
  });

  it('is bounded (issue 13): own media then dive media, 50 by default, limit 1–100, offset, X-Total-Count', async () => {
    await t.ds.query('INSERT INTO site_media (dive_site_id, user_id, media_type, url) VALUES ?', [
      Array.from({ length: 30 }, (_, i) => [
        site,
        cast.creator.id,
        'photo',
        `https://img.example/site-${i}.jpg`,
      ]),
    ]);
    const dive = await t.ds.query<{ insertId: number }>(
      "INSERT INTO dives (user_id, dive_site_id, dive_date, name, is_private) VALUES (?, ?, '2024-05-01', 'Morning', 0)",
      [cast.other.id, site],
    );
    const secret = await t.ds.query<{ insertId: number }>(
      "INSERT INTO dives (user_id, dive_site_id, dive_date, name, is_private) VALUES (?, ?, '2024-05-02', 'Secret', 1)",
      [cast.other.id, site],
    );
    await t.ds.query('INSERT INTO dive_media (dive_id, media_type, url) VALUES ?', [
      [
        ...Array.from({ length: 21 }, (_, i) => [
          dive.insertId,
          'photo',
          `https://img.example/dive-${i}.jpg`,
        ]),
        [secret.insertId, 'photo', 'https://img.example/secret.jpg'],
      ],
    ]);
    const all = await expectBoundedList({
      http,
      path: `${API}/${site}/media`,
      total: 51,
      defaultLimit: 50,
      maxLimit: 100,
      key: (m) => `${m.dive_id === null ? 'site' : 'dive'}:${m.id as number}`,
    });
    expect(all.slice(0, 30).every((m) => m.dive_id === null)).toBe(true);
    expect(all.slice(30).every((m) => m.dive_id === dive.insertId)).toBe(true);
    // A window across the boundary: the last site media then the first dive media.
    const across = await request(http).get(`${API}/${site}/media?offset=28&limit=4`).expect(200);
    expect((across.body as typeof all).map((m) => m.url)).toEqual([
      'https://img.example/site-28.jpg',
      'https://img.example/site-29.jpg',
      'https://img.example/dive-0.jpg',
      'https://img.example/dive-1.jpg',
    ]);
    // The private dive's media count only for its owner.
    const owner = await request(http)
      .get(`${API}/${site}/media?limit=100`)
      .set(bearer(cast.tokens.other))
      .expect(200);
    expect(owner.headers['x-total-count']).toBe('52');
    expect(owner.body).toHaveLength(52);
  });

  it('registered media sources (the dives module, D26) add their media after the site media', async () => {
    const own = (await add(photo).expect(201)).body as SiteMediaResponseDto;
    const calls: Array<[number, number | undefined]> = [];
    const source: SiteMediaSource = {
      mediaForSite: (siteId: number, caller: AuthenticatedUser | undefined, window: ListWindow) => {
        calls.push([siteId, caller?.id]);
        const plan = {
          id: 1,
          dive_site_id: siteId,
          media_type: 'dive_plan',
          url: 'https://plans.example/1.pdf',
          description: null,
          created_at: new Date('2024-01-01T00:00:00Z'),
          dive_id: 77,
          user_id: cast.other.id,
          user_username: cast.other.username,
          thumbnail_url: null,
          medium_url: null,
          download_url: 'https://plans.example/1.pdf',
        };
        return Promise.resolve(sliceWindow([plan], window));
      },
    };
    t.app.get(SiteMediaSources).register(source);
    const list = (await request(http).get(`${API}/${site}/media`).set(bearer(cast.tokens.other)).expect(200))
      .body as SiteMediaResponseDto[];
    expect(list.map((m) => [m.id, m.dive_id])).toEqual([
      [own.id, null],
      [1, 77],
    ]);
    expect(calls).toEqual([[site, cast.other.id]]);
    await request(http).get(`${API}/${site}/media`).expect(200);
    expect(calls[1]).toEqual([site, undefined]);
  });
});
