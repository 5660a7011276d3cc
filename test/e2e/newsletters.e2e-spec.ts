import request from 'supertest';
import type { App } from 'supertest/types';
import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner';
import { NEWSLETTER_PARSER } from '../../src/modules/trips/newsletter-parser.token';
import { ParseContextCache } from '../../src/modules/trips/parse-context.cache';
import type { NewsletterParser, ParsedNewsletter } from '../../src/modules/trips/parser/newsletter-parser';
import { TripsRepository } from '../../src/modules/trips/trips.repository';
import { loadCorpus, type CorpusFixture } from '../../src/modules/trips/parser/newsletter-corpus';
import { seedNewsletterContext } from '../fixtures/newsletters/seed';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { bearer, createUser, tokenFor } from '../support/factories';

interface TripBody {
  id: number;
  diving_center_id: number | null;
  trip_date: string;
  trip_time: string | null;
  trip_price: number | null;
  trip_currency: string;
  source_newsletter_id: number | null;
  newsletter_content: string | null;
  dives: Array<{
    dive_number: number;
    dive_site_id: number | null;
    dive_site_name: string | null;
    dive_description: string | null;
  }>;
}

const corpus = loadCorpus();
const fixture = (prefix: string): CorpusFixture => corpus.find((f) => f.name.startsWith(prefix))!;

describe('newsletters (/api/v1/newsletters)', () => {
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
    await seedNewsletterContext(t.ds);
    admin = tokenFor(t, await createUser(t.ds, { isAdmin: true }));
    moderator = tokenFor(t, await createUser(t.ds, { isModerator: true }));
    user = tokenFor(t, await createUser(t.ds));
  });
  afterAll(() => t?.app.close());

  const count = async (table: string): Promise<number> =>
    Number((await t.ds.query<Array<{ n: string }>>(`SELECT COUNT(*) AS n FROM \`${table}\``))[0].n);

  const upload = (name: string, content: string | Buffer, token = admin) =>
    request(http)
      .post('/api/v1/newsletters/upload')
      .set(bearer(token))
      .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name);

  const tripsOf = async (newsletterId: number): Promise<TripBody[]> => {
    const res = await request(http)
      .get('/api/v1/newsletters/trips?sort_order=asc')
      .set(bearer(admin))
      .expect(200);
    return (res.body.items as TripBody[]).filter((trip) => trip.source_newsletter_id === newsletterId);
  };

  it('is for admins and moderators: users get 403, anonymous callers 401', async () => {
    const calls: Array<[string, string, object?]> = [
      ['post', '/api/v1/newsletters/parse-text', { content: 'x' }],
      ['get', '/api/v1/newsletters/'],
      ['get', '/api/v1/newsletters/1'],
      ['put', '/api/v1/newsletters/1', { content: 'x' }],
      ['delete', '/api/v1/newsletters/1'],
      ['delete', '/api/v1/newsletters/', { newsletter_ids: [1] }],
      ['post', '/api/v1/newsletters/1/reparse'],
    ];
    for (const [method, path, body] of calls) {
      const call = (token?: string) => {
        const r = (request(http) as unknown as Record<string, (p: string) => request.Test>)[method](path);
        if (token) r.set(bearer(token));
        return body ? r.send(body) : r;
      };
      const anonymous = await call();
      expect([path, anonymous.status, anonymous.body.detail]).toEqual([path, 401, 'Not authenticated']);
      const forbidden = await call(user);
      expect([path, forbidden.status, forbidden.body.detail]).toEqual([path, 403, 'Not enough permissions']);
    }
    await request(http)
      .post('/api/v1/newsletters/upload')
      .attach('file', Buffer.from('x'), 'a.txt')
      .expect(401);
    await upload('a.txt', 'x', user).expect(403);
    expect(await count('newsletters')).toBe(0);
  });

  it('upload → trips listed with their dives and matched sites (by name, by alias, by misspelling)', async () => {
    const f = fixture('01');
    const res = await upload('newsletter.txt', f.content, moderator).expect(201);
    expect(res.body).toEqual({
      newsletter_id: expect.any(Number),
      trips_created: 3,
      message: 'Newsletter uploaded and parsed successfully. 3 trips created.',
    });
    const trips = await tripsOf(res.body.newsletter_id);
    expect(
      trips.map((trip) => [trip.diving_center_id, trip.trip_time, trip.trip_price, trip.trip_currency]),
    ).toEqual([
      [1, '08:30:00', 65, 'EUR'],
      [1, '09:00:00', 40, 'EUR'],
      [1, '07:00:00', 120, 'EUR'],
    ]);
    // "Διπλή βουτιά στις Φλέβες": two dives at Fleves Island, found by its alias Φλέβες.
    expect(trips[0].dives).toEqual([
      expect.objectContaining({ dive_number: 1, dive_site_id: 1, dive_site_name: 'Fleves Island' }),
      expect.objectContaining({ dive_number: 2, dive_site_id: 1, dive_site_name: 'Fleves Island' }),
    ]);
    expect(trips[2].dives).toEqual([
      expect.objectContaining({ dive_site_id: 4, dive_site_name: 'Patris Wreck' }),
    ]);
    expect(trips[0].newsletter_content).toBe(f.content);

    // A misspelt site (Lagonissi reef) and an English newsletter.
    const en = await upload('june.txt', fixture('13').content).expect(201);
    const june = await tripsOf(en.body.newsletter_id);
    expect(june.find((trip) => trip.trip_date.endsWith('-06-06'))!.dives[0]).toMatchObject({
      dive_site_id: 2,
      dive_site_name: 'Lagonisi Reef',
    });
  });

  /** Pretends the newsletter arrived at `receivedAt` and parses it again (year-less dates of plain text). */
  const receivedAt = async (id: number, at: string) => {
    await t.ds.query('UPDATE newsletters SET received_at = ? WHERE id = ?', [new Date(at), id]);
    await request(http).post(`/api/v1/newsletters/${id}/reparse`).set(bearer(admin)).expect(200);
  };

  it('every corpus newsletter, uploaded as .txt, stores the trips and dives it expects', async () => {
    for (const f of corpus) {
      const res =
        f.input.diving_center_id === null
          ? await upload(`${f.name}.txt`, f.content).expect(201)
          : await request(http)
              .post('/api/v1/newsletters/parse-text')
              .set(bearer(admin))
              .send({ content: f.content, diving_center_id: f.input.diving_center_id, use_openai: true })
              .expect(200);
      expect([f.name, res.body.trips_created]).toEqual([f.name, f.expected.trips.length]);
      // The reference date of plain text is the upload time: replay the fixture's.
      await receivedAt(res.body.newsletter_id, f.input.received_at);
      const stored = (await tripsOf(res.body.newsletter_id)).map((trip) => ({
        trip_date: trip.trip_date,
        trip_time: trip.trip_time,
        diving_center_id: trip.diving_center_id,
        trip_price: trip.trip_price,
        trip_currency: trip.trip_currency,
        dives: trip.dives.map((d) => [d.dive_number, d.dive_site_id]),
      }));
      const expected = f.expected.trips
        .map((trip) => ({
          trip_date: trip.trip_date,
          trip_time: trip.trip_time === null ? null : `${trip.trip_time}:00`,
          diving_center_id: f.expected.diving_center_id,
          trip_price: trip.trip_price,
          trip_currency: trip.trip_currency,
          dives: trip.dives.map((d) => [d.dive_number, d.dive_site_id]),
        }))
        .sort(
          (a, b) =>
            a.trip_date.localeCompare(b.trip_date) || (a.trip_time ?? '').localeCompare(b.trip_time ?? ''),
        );
      expect([f.name, stored]).toEqual([f.name, expected]);
    }
    expect(await count('newsletters')).toBe(corpus.length);
  });

  it('keeps unmatched site names in the dive description and never invents a site', async () => {
    const res = await upload('schedule.txt', fixture('05').content).expect(201);
    const trips = await tripsOf(res.body.newsletter_id);
    const sunday = trips.find((trip) => trip.trip_date === '2027-04-11')!;
    expect(sunday.dives).toEqual([
      expect.objectContaining({
        dive_site_id: null,
        dive_site_name: null,
        dive_description: 'Ag. Georgios reef',
      }),
    ]);
  });

  it('parse-text: stores the text (with the center marker), 200, unknown center 400, use_openai ignored', async () => {
    const f = fixture('14');
    const missing = await request(http)
      .post('/api/v1/newsletters/parse-text')
      .set(bearer(admin))
      .send({ content: f.content, diving_center_id: 999 })
      .expect(400);
    expect(missing.body.detail).toBe('Diving center with ID 999 not found');
    expect(await count('newsletters')).toBe(0);

    const res = await request(http)
      .post('/api/v1/newsletters/parse-text')
      .set(bearer(admin))
      .send({ content: f.content, diving_center_id: 2, use_openai: 'false' })
      .expect(200);
    expect(res.body).toMatchObject({
      trips_created: 1,
      message: 'Newsletter parsed successfully. 1 trips created.',
    });
    const stored = await request(http)
      .get(`/api/v1/newsletters/${res.body.newsletter_id}`)
      .set(bearer(admin))
      .expect(200);
    expect(stored.body).toEqual({
      id: res.body.newsletter_id,
      content: `<!-- DIVEMAP_METADATA: diving_center_id=2 -->\n${f.content}`,
      received_at: expect.any(String),
      trips_count: 1,
    });
    // The marker is read back on reparse: the trips keep their center.
    await request(http)
      .post(`/api/v1/newsletters/${res.body.newsletter_id}/reparse`)
      .set(bearer(admin))
      .expect(200);
    expect((await tripsOf(res.body.newsletter_id)).map((trip) => trip.diving_center_id)).toEqual([2]);

    const invalid = await request(http)
      .post('/api/v1/newsletters/parse-text')
      .set(bearer(admin))
      .send({})
      .expect(422);
    expect(invalid.body.detail[0].loc).toEqual(['body', 'content']);
  });

  it('reparse replaces the old trips, in one go, using the stored text and its received date', async () => {
    const f = fixture('01');
    const res = await upload('march.txt', f.content).expect(201);
    const id = res.body.newsletter_id as number;
    await receivedAt(id, f.input.received_at);
    const before = await tripsOf(id);
    expect(before.map((trip) => trip.trip_date)).toEqual(['2027-03-06', '2027-03-07', '2027-03-13']);
    // Edit the text: only the first trip is left.
    const firstTrip = f.content.split('🔹 Κυριακή 7 Μαρτίου')[0];
    await request(http)
      .put(`/api/v1/newsletters/${id}`)
      .set(bearer(moderator))
      .send({ content: firstTrip })
      .expect(200);
    expect(await tripsOf(id)).toHaveLength(3); // editing does not re-parse
    // The text cannot be emptied with null (the fuzz test's find: it was a 500 from the NOT NULL column).
    const nulled = await request(http)
      .put(`/api/v1/newsletters/${id}`)
      .set(bearer(moderator))
      .send({ content: null })
      .expect(422);
    expect(nulled.body.detail[0].loc).toEqual(['body', 'content']);
    const reparsed = await request(http)
      .post(`/api/v1/newsletters/${id}/reparse`)
      .set(bearer(moderator))
      .expect(200);
    expect(reparsed.body).toEqual({
      newsletter_id: id,
      trips_created: 1,
      trips_deleted: 3,
      message: 'Newsletter re-parsed successfully. 3 old trips deleted, 1 new trips created.',
    });
    const after = await tripsOf(id);
    expect(after.map((trip) => trip.trip_date)).toEqual(['2027-03-06']);
    expect(before.map((trip) => trip.id)).not.toContain(after[0].id);
    expect(await count('parsed_dive_trips')).toBe(1);
    expect(await count('parsed_dives')).toBe(2);
    await request(http).post('/api/v1/newsletters/999/reparse').set(bearer(admin)).expect(404);
  });

  it("an e-mail's year-less dates follow its Date header, not the upload day", async () => {
    const res = await upload('holidays.txt', fixture('02').content).expect(201);
    const dates = (await tripsOf(res.body.newsletter_id)).map((trip) => trip.trip_date);
    expect(dates).toEqual(['2026-12-19', '2026-12-27', '2027-01-01', '2027-01-10']);
  });

  it('delete removes the newsletter and its trips (and their dives); bulk delete too', async () => {
    const a = (await upload('a.txt', fixture('01').content).expect(201)).body.newsletter_id as number;
    const b = (await upload('b.txt', fixture('09').content).expect(201)).body.newsletter_id as number;
    const c = (await upload('c.txt', fixture('11').content).expect(201)).body.newsletter_id as number;
    expect(await count('parsed_dive_trips')).toBe(9);

    const deleted = await request(http).delete(`/api/v1/newsletters/${a}`).set(bearer(admin)).expect(200);
    expect(deleted.body).toEqual({ message: 'Newsletter and 3 associated trips deleted successfully' });
    expect(await count('parsed_dive_trips')).toBe(6);
    await request(http).get(`/api/v1/newsletters/${a}`).set(bearer(admin)).expect(404);
    await request(http).delete(`/api/v1/newsletters/${a}`).set(bearer(admin)).expect(404);

    const bulk = await request(http)
      .delete('/api/v1/newsletters/')
      .set(bearer(moderator))
      .send({ newsletter_ids: [b, c, 9999] })
      .expect(200);
    expect(bulk.body).toEqual({
      deleted_count: 2,
      deleted_trips_count: 6,
      message: 'Successfully deleted 2 newsletters and 6 associated trips',
    });
    expect(await count('newsletters')).toBe(0);
    expect(await count('parsed_dive_trips')).toBe(0);
    expect(await count('parsed_dives')).toBe(0);
    await request(http)
      .delete('/api/v1/newsletters/')
      .set(bearer(admin))
      .send({ newsletter_ids: [] })
      .expect(422);
    const tooMany = Array.from({ length: 101 }, (_, i) => i + 1);
    await request(http)
      .delete('/api/v1/newsletters/')
      .set(bearer(admin))
      .send({ newsletter_ids: tooMany })
      .expect(422);
  });

  it('lists newsletters newest first with limit/offset and trip counts; get, update, 404', async () => {
    const first = (await upload('a.txt', fixture('04').content).expect(201)).body.newsletter_id as number;
    const second = (await upload('b.txt', fixture('06').content).expect(201)).body.newsletter_id as number;
    const list = await request(http).get('/api/v1/newsletters/').set(bearer(admin)).expect(200);
    expect(list.body.map((n: { id: number; trips_count: number }) => [n.id, n.trips_count])).toEqual([
      [second, 0],
      [first, 3],
    ]);
    const page = await request(http)
      .get('/api/v1/newsletters/?limit=1&offset=1')
      .set(bearer(admin))
      .expect(200);
    expect(page.body.map((n: { id: number }) => n.id)).toEqual([first]);
    await request(http).get('/api/v1/newsletters/?limit=0').set(bearer(admin)).expect(422);
    const updated = await request(http)
      .put(`/api/v1/newsletters/${second}`)
      .set(bearer(admin))
      .send({ content: 'Νέο κείμενο' })
      .expect(200);
    expect(updated.body).toMatchObject({ id: second, content: 'Νέο κείμενο', trips_count: 0 });
    await request(http).put('/api/v1/newsletters/999').set(bearer(admin)).send({ content: 'x' }).expect(404);
    await request(http).get('/api/v1/newsletters/abc').set(bearer(admin)).expect(422);
  });

  it('refuses what is not a small UTF-8 .txt file, writing no newsletter row', async () => {
    // 2 MB: over the 1 MB upload limit.
    const big = await upload('big.txt', Buffer.alloc(2 * 1024 * 1024, 'a')).expect(413);
    expect(big.body.statusCode).toBe(413);
    expect(await count('newsletters')).toBe(0);

    // A binary file (PNG header and bytes) named .txt.
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0xff, 0xd8,
    ]);
    const binary = await upload('photo.txt', png).expect(400);
    expect(binary.body.detail).toBe('The file is not valid UTF-8 text');
    expect(await count('newsletters')).toBe(0);

    // Valid UTF-8 but with control bytes: not text.
    await upload('nul.txt', Buffer.from('Sat 12 Mar\u0000\u0001 Fleves', 'utf8')).expect(400);
    // ISO-8859-7 bytes are not UTF-8.
    await upload('greek.txt', Buffer.from([0xd3, 0xdc, 0xe2, 0xe2, 0xe1, 0xf4, 0xef])).expect(400);
    const notTxt = await upload('newsletter.pdf', 'Sat 12 Mar').expect(400);
    expect(notTxt.body.detail).toBe('Only .txt files are supported');
    await upload('empty.txt', '  \n').expect(400);
    const noFile = await request(http)
      .post('/api/v1/newsletters/upload')
      .set(bearer(admin))
      .field('use_openai', 'true')
      .expect(400);
    expect(noFile.body.detail).toMatch(/No file uploaded/);
    expect(await count('newsletters')).toBe(0);

    // The JSON body limit is 2 MB (D24).
    await request(http)
      .post('/api/v1/newsletters/parse-text')
      .set(bearer(admin))
      .send({ content: 'a'.repeat(2 * 1024 * 1024 + 10) })
      .expect(413);
    expect(await count('newsletters')).toBe(0);
  });

  describe('the sites and centers a parse matches against (prepared once, reloaded on change)', () => {
    const parseText = async (content: string) => {
      const res = await request(http)
        .post('/api/v1/newsletters/parse-text')
        .set(bearer(admin))
        .send({ content })
        .expect(200);
      expect(res.body.trips_created).toBe(1);
      const [trip] = await tripsOf(res.body.newsletter_id);
      return { center: trip.diving_center_id, sites: trip.dives.map((d) => d.dive_site_id) };
    };
    const diveAt = (name: string, title = 'Weekend news') =>
      `${title}\n\nSat 6/3/2027: double dive at ${name}, 09:00, 50€.\n\nSee you!`;
    const insertId = async (sql: string, params: unknown[]) =>
      (await t.ds.query<{ insertId: number }>(sql, params)).insertId;

    it('a site, alias or center changed after a parse (by anyone, not through this service) counts in the next parse', async () => {
      const loads = jest.spyOn(t.app.get(TripsRepository), 'loadFingerprintedParseContext');
      try {
        expect(await parseText(diveAt('Quokka Reef'))).toEqual({ center: null, sites: [null, null] });
        const warm = loads.mock.calls.length;
        expect(await parseText(diveAt('Quokka Reef'))).toEqual({ center: null, sites: [null, null] });
        expect(loads.mock.calls.length).toBe(warm); // nothing changed: nothing reloaded

        // A new site.
        const quokka = await insertId("INSERT INTO dive_sites (name) VALUES ('Quokka Reef')", []);
        expect(await parseText(diveAt('Quokka Reef'))).toEqual({ center: null, sites: [quokka, quokka] });
        expect(loads.mock.calls.length).toBe(warm + 1);
        // Archived: no longer matched; restored: matched again.
        await t.ds.query('UPDATE dive_sites SET deleted_at = CURRENT_TIMESTAMP(6) WHERE id = ?', [quokka]);
        expect((await parseText(diveAt('Quokka Reef'))).sites).toEqual([null, null]);
        await t.ds.query('UPDATE dive_sites SET deleted_at = NULL WHERE id = ?', [quokka]);
        expect((await parseText(diveAt('Quokka Reef'))).sites).toEqual([quokka, quokka]);
        // Renamed.
        await t.ds.query("UPDATE dive_sites SET name = 'Bilby Reef' WHERE id = ?", [quokka]);
        expect((await parseText(diveAt('Quokka Reef'))).sites).toEqual([null, null]);
        expect((await parseText(diveAt('Bilby Reef'))).sites).toEqual([quokka, quokka]);

        // An alias of site 2, then renamed in place (aliases have no updated_at), then deleted.
        const alias = await insertId('INSERT INTO dive_site_aliases (dive_site_id, alias) VALUES (2, ?)', [
          'Wombat Wall',
        ]);
        expect((await parseText(diveAt('Wombat Wall'))).sites).toEqual([2, 2]);
        await t.ds.query("UPDATE dive_site_aliases SET alias = 'Numbat Wall' WHERE id = ?", [alias]);
        expect((await parseText(diveAt('Wombat Wall'))).sites).toEqual([null, null]);
        expect((await parseText(diveAt('Numbat Wall'))).sites).toEqual([2, 2]);
        await t.ds.query('DELETE FROM dive_site_aliases WHERE id = ?', [alias]);
        expect((await parseText(diveAt('Numbat Wall'))).sites).toEqual([null, null]);

        // A center named by the newsletter's title line.
        expect((await parseText(diveAt('Bilby Reef', 'Quokka Divers'))).center).toBeNull();
        const center = await insertId("INSERT INTO diving_centers (name) VALUES ('Quokka Divers')", []);
        expect((await parseText(diveAt('Bilby Reef', 'Quokka Divers'))).center).toBe(center);
        await t.ds.query('DELETE FROM diving_centers WHERE id = ?', [center]);
        expect((await parseText(diveAt('Bilby Reef', 'Quokka Divers'))).center).toBeNull();
      } finally {
        loads.mockRestore();
      }
    });

    it('parses arriving together while nothing is prepared share one load', async () => {
      t.app.get(ParseContextCache).clear();
      const loads = jest.spyOn(t.app.get(TripsRepository), 'loadFingerprintedParseContext');
      try {
        const results = await Promise.all([1, 2, 3].map(() => parseText(diveAt('Lagonisi Reef'))));
        expect(results).toEqual([1, 2, 3].map(() => ({ center: null, sites: [2, 2] })));
        expect(loads).toHaveBeenCalledTimes(1);
      } finally {
        loads.mockRestore();
      }
    });
  });

  describe('writing the trips of a newsletter', () => {
    /** The statements each query runner (connection) ran while `run` ran. */
    async function statementsOf(run: () => Promise<unknown>): Promise<string[][]> {
      const byRunner = new Map<unknown, string[]>();
      const original = MysqlQueryRunner.prototype.query;
      const spy = jest.spyOn(MysqlQueryRunner.prototype, 'query').mockImplementation(function (
        this: MysqlQueryRunner,
        ...args: Parameters<MysqlQueryRunner['query']>
      ) {
        byRunner.set(this, [...(byRunner.get(this) ?? []), args[0].replace(/\s+/g, ' ').trim()]);
        return original.apply(this, args);
      });
      try {
        await run();
      } finally {
        spy.mockRestore();
      }
      return [...byRunner.values()];
    }
    const writes = (statements: string[]) =>
      statements
        .filter((sql) => /^(START TRANSACTION|COMMIT|ROLLBACK|INSERT|DELETE)/.test(sql))
        .map((sql) =>
          sql.replace(/^(INSERT INTO `?\w+`?|DELETE FROM `?\w+`?|START TRANSACTION|COMMIT|ROLLBACK).*/, '$1'),
        );

    it('inserts all trips in one statement and all their dives in another, in the newsletter’s transaction', async () => {
      const f = fixture('01');
      const runners = await statementsOf(() => upload('march.txt', f.content).expect(201));
      const writing = runners.filter((statements) => statements.some((sql) => sql.startsWith('INSERT')));
      expect(writing).toHaveLength(1);
      expect(writes(writing[0])).toEqual([
        'START TRANSACTION',
        'INSERT INTO `newsletters`',
        'INSERT INTO parsed_dive_trips',
        'INSERT INTO parsed_dives',
        'COMMIT',
      ]);
      expect(await count('parsed_dive_trips')).toBe(3);
      expect(await count('parsed_dives')).toBe(4);

      // Reparse: the old trips go and the new ones come in one transaction, the same few statements.
      const [newsletter] = await t.ds.query<Array<{ id: number }>>('SELECT id FROM newsletters');
      const reparse = await statementsOf(() =>
        request(http).post(`/api/v1/newsletters/${newsletter.id}/reparse`).set(bearer(admin)).expect(200),
      );
      const reparsing = reparse.filter((statements) => statements.some((sql) => sql.startsWith('INSERT')));
      expect(reparsing).toHaveLength(1);
      expect(writes(reparsing[0])).toEqual([
        'START TRANSACTION',
        'DELETE FROM `parsed_dive_trips`',
        'INSERT INTO parsed_dive_trips',
        'INSERT INTO parsed_dives',
        'COMMIT',
      ]);
      // Each dive went to its own trip (ids read back in order).
      const trips = await tripsOf(newsletter.id);
      expect(trips.map((trip) => [trip.trip_date, trip.dives.map((d) => d.dive_site_id)])).toEqual([
        ['2027-03-06', [1, 1]],
        ['2027-03-07', [3]],
        ['2027-03-13', [4]],
      ]);
    });

    it('writes none of the newsletter, its trips or dives when a row fails (and a failed reparse keeps the old trips)', async () => {
      const parser = t.app.get<NewsletterParser>(NEWSLETTER_PARSER);
      const trip = (date: string, siteId: number | null) => ({
        trip_date: date,
        trip_time: '09:00',
        trip_duration: null,
        trip_price: 40,
        trip_currency: 'EUR',
        group_size_limit: null,
        trip_difficulty_code: null,
        special_requirements: null,
        trip_description: `Trip of ${date}`,
        dives: [
          {
            dive_number: 1,
            dive_site_id: 1,
            dive_site_name: null,
            dive_time: null,
            dive_duration: null,
            dive_description: null,
          },
          {
            dive_number: 2,
            dive_site_id: siteId,
            dive_site_name: null,
            dive_time: null,
            dive_duration: null,
            dive_description: null,
          },
        ],
      });
      // The third trip's second dive names a site that does not exist: its row fails the foreign key.
      const failing: ParsedNewsletter = {
        subject: null,
        reference_date: '2027-03-01',
        diving_center_id: 1,
        trips: [trip('2027-03-06', 2), trip('2027-03-07', 4), trip('2027-03-08', 999_999)],
      };
      const parse = jest.spyOn(parser, 'parse').mockResolvedValueOnce(failing);
      try {
        const res = await upload('three.txt', 'three trips').expect(400);
        expect(res.body.detail).toBe('A referenced record does not exist');
        expect([
          await count('newsletters'),
          await count('parsed_dive_trips'),
          await count('parsed_dives'),
        ]).toEqual([0, 0, 0]);

        const stored = await upload('march.txt', fixture('01').content).expect(201);
        const before = await tripsOf(stored.body.newsletter_id);
        parse.mockResolvedValueOnce(failing);
        await request(http)
          .post(`/api/v1/newsletters/${stored.body.newsletter_id}/reparse`)
          .set(bearer(admin))
          .expect(400);
        expect(await tripsOf(stored.body.newsletter_id)).toEqual(before);
        expect([await count('parsed_dive_trips'), await count('parsed_dives')]).toEqual([3, 4]);
      } finally {
        parse.mockRestore();
      }
    });
  });

  it('accepts a UTF-8 byte-order mark and CRLF line ends', async () => {
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(fixture('09').content.replace(/\n/g, '\r\n')),
    ]);
    const res = await upload('bom.txt', bom).expect(201);
    expect(res.body.trips_created).toBe(3);
  });
});
