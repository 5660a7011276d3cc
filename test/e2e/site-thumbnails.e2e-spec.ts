import request from 'supertest';
import type { App } from 'supertest/types';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { createUser } from '../support/factories';

/** D26: a site without media of its own shows the first photo of a public dive there. */
describe('dive-site thumbnails from dive media', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.app.close());

  it('uses own media first, else a public dive photo, never a private dive’s', async () => {
    await resetDatabase(t.ds);
    const http = t.app.getHttpServer() as App;
    const diver = await createUser(t.ds);
    const site = async (name: string) =>
      (await t.ds.query<{ insertId: number }>('INSERT INTO dive_sites (name) VALUES (?)', [name])).insertId;
    const dive = async (siteId: number, isPrivate: boolean, url: string) => {
      const d = await t.ds.query<{ insertId: number }>(
        "INSERT INTO dives (user_id, dive_site_id, dive_date, is_private) VALUES (?, ?, '2026-05-01', ?)",
        [diver.id, siteId, isPrivate ? 1 : 0],
      );
      await t.ds.query("INSERT INTO dive_media (dive_id, media_type, url) VALUES (?, 'photo', ?)", [
        d.insertId,
        url,
      ]);
    };
    const own = await site('Own Media Reef');
    await t.ds.query(
      "INSERT INTO site_media (dive_site_id, media_type, url) VALUES (?, 'photo', 'https://img.example/own.jpg')",
      [own],
    );
    await dive(own, false, 'https://img.example/dive-at-own.jpg');
    const fromDive = await site('Dive Media Wall');
    await dive(fromDive, true, 'https://img.example/private.jpg');
    await dive(fromDive, false, 'https://img.example/public.jpg');
    const onlyPrivate = await site('Private Only Cave');
    await dive(onlyPrivate, true, 'https://img.example/secret.jpg');

    const res = await request(http).get('/api/v1/dive-sites/?detail_level=basic').expect(200);
    const byName = new Map((res.body.items as Array<Record<string, unknown>>).map((i) => [i.name, i]));
    expect(byName.get('Own Media Reef')).toMatchObject({
      thumbnail: 'https://img.example/own.jpg',
      thumbnail_source: 'site_media',
    });
    expect(byName.get('Dive Media Wall')).toMatchObject({
      thumbnail: 'https://img.example/public.jpg',
      thumbnail_source: 'dive_media',
    });
    expect(byName.get('Private Only Cave')).not.toHaveProperty('thumbnail');
    expect(JSON.stringify(res.body)).not.toContain('secret.jpg');

    const detail = await request(http).get(`/api/v1/dive-sites/${fromDive}`).expect(200);
    expect(detail.body).toMatchObject({
      thumbnail: 'https://img.example/public.jpg',
      thumbnail_source: 'dive_media',
    });
  });
});
