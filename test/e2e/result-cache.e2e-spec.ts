import request from 'supertest';
import type { App } from 'supertest/types';
import type { DataSource } from 'typeorm';
import { ResultCache } from '../../src/database/result-cache';
import { flavourOfOptions, spatialSql } from '../../src/database/spatial';
import { createTestApp, type TestApp } from '../support/app';
import { openDataSource, resetDatabase, workerDatabaseName } from '../support/database';
import { bearer, createUser, tokenFor } from '../support/factories';
import { seedSite } from '../support/site-fixtures';

const SITES = '/api/v1/dive-sites';
const DIVES = '/api/v1/dives';

/** A JSON response body: the assertions read it field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

/**
 * The result cache (src/database/result-cache.ts) on the real application and database: list counts
 * and search matches come from memory on a repeat, yet every write of this process shows in the next
 * answer (at once, or at commit for a transaction), a write the process cannot see shows within
 * RESULT_CACHE_TTL_MS, and nothing private is shared between callers.
 */
describe('result cache: list counts and search matches', () => {
  const TTL_MS = 1500;
  let t: TestApp;
  let http: App;
  let outside: DataSource;
  let alice: string;
  let bob: string;
  let statements: string[];

  beforeAll(async () => {
    t = await createTestApp({ env: { RESULT_CACHE_TTL_MS: String(TTL_MS) } });
    http = t.app.getHttpServer();
    // Another process's writes: a connection of its own, which the application's subscriber never sees.
    outside = await openDataSource(workerDatabaseName());
  });
  beforeEach(async () => {
    await resetDatabase(t.ds);
    alice = tokenFor(t, await createUser(t.ds, { username: 'alice' }));
    bob = tokenFor(t, await createUser(t.ds, { username: 'bob' }));
    statements = [];
    jest.spyOn(t.ds.logger, 'logQuery').mockImplementation((query: string) => {
      statements.push(query);
    });
  });
  afterAll(async () => {
    await outside?.destroy();
    await t?.app.close();
  });

  const list = async (path: string, token?: string): Promise<Body> => {
    const req = request(http).get(path);
    const res = await (token ? req.set(bearer(token)) : req);
    expect(res.status).toBe(200);
    return res.body as Body;
  };
  /** The "no location" point of this server's spatial column. */
  const sentinel = () => spatialSql(flavourOfOptions(t.ds.options)).sentinel();
  const sent = (pattern: RegExp) => statements.filter((s) => pattern.test(s)).length;
  const COUNT_OF_SITES = /^SELECT COUNT\(\*\) AS total FROM dive_sites/;

  it('answers a repeated count from memory and the next one after a write through the API at once', async () => {
    for (let i = 0; i < 3; i++) await seedSite(t.ds, { name: `Reef ${i}` });
    expect((await list(`${SITES}/?page_size=1`)).total).toBe(3);
    statements.length = 0;
    expect((await list(`${SITES}/?page_size=3`)).total).toBe(3);
    expect(sent(COUNT_OF_SITES)).toBe(0);

    await request(http).post(`${SITES}/`).set(bearer(alice)).send({ name: 'New Reef' }).expect(201);
    statements.length = 0;
    expect((await list(`${SITES}/?page_size=1`)).total).toBe(4);
    expect(sent(COUNT_OF_SITES)).toBe(1);
    expect((await list(`${SITES}/count`)).total).toBe(4);

    // An archive (a soft delete, an UPDATE) and a hard delete count as writes too.
    const [{ id }] = await t.ds.query<Array<{ id: number }>>('SELECT id FROM dive_sites ORDER BY id LIMIT 1');
    await t.ds.query('UPDATE dive_sites SET deleted_at = NOW() WHERE id = ?', [id]);
    expect((await list(`${SITES}/?page_size=1`)).total).toBe(3);
    await t.ds.query('DELETE FROM dive_sites WHERE deleted_at IS NULL ORDER BY id LIMIT 1');
    expect((await list(`${SITES}/?page_size=1`)).total).toBe(2);
  });

  it('a view of a site (its view_count) leaves the cached count in place', async () => {
    const id = await seedSite(t.ds, { name: 'Blue Hole' });
    await list(`${SITES}/`);
    await list(`${SITES}/${id}`);
    statements.length = 0;
    expect((await list(`${SITES}/`)).total).toBe(1);
    expect(sent(COUNT_OF_SITES)).toBe(0);
  });

  it('inside a transaction: unseen by others until the commit, then at once; a rollback changes nothing', async () => {
    await seedSite(t.ds, { name: 'Reef A' });
    expect((await list(`${SITES}/`)).total).toBe(1);

    const runner = t.ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`INSERT INTO dive_sites (name, location) VALUES ('Reef B', ${sentinel()})`);
      expect((await list(`${SITES}/`)).total).toBe(1);
      await runner.commitTransaction();
      expect((await list(`${SITES}/`)).total).toBe(2);

      await runner.startTransaction();
      await runner.query(`INSERT INTO dive_sites (name, location) VALUES ('Reef C', ${sentinel()})`);
      await runner.rollbackTransaction();
      statements.length = 0;
      expect((await list(`${SITES}/`)).total).toBe(2);
      expect(sent(COUNT_OF_SITES)).toBe(0);
    } finally {
      await runner.release();
    }
  });

  it('a write this process cannot see (another replica, a console) shows within RESULT_CACHE_TTL_MS', async () => {
    await seedSite(t.ds, { name: 'Reef A' });
    expect((await list(`${SITES}/`)).total).toBe(1);
    await outside.query(`INSERT INTO dive_sites (name, location) VALUES ('Reef B', ${sentinel()})`);
    // Still the kept count (this is the staleness the TTL bounds) ...
    expect((await list(`${SITES}/`)).total).toBe(1);
    await new Promise((done) => setTimeout(done, TTL_MS + 200));
    // ... and the database's after it.
    expect((await list(`${SITES}/`)).total).toBe(2);
  });

  it('search: every page and the count from one FULLTEXT statement, in relevance order, refreshed by a write', async () => {
    const names = ['Coral Garden', 'Shark Point', 'Turtle Bay', 'Manta Alley', 'Eel Garden'];
    for (const name of names) await seedSite(t.ds, { name });
    const ids = await t.ds.query<Array<{ id: number }>>(
      "SELECT id FROM dive_sites WHERE name <> 'Coral Garden' ORDER BY id",
    );
    // "garden" in the description of the others: they match by text, after the two names.
    await t.ds.query("UPDATE dive_sites SET description = 'Near the garden' WHERE id IN (?)", [
      ids.filter((_, i) => i < 2).map((r) => r.id),
    ]);
    const { SiteSearchIndex } = await import('../../src/modules/sites/site-search-index.service');
    await new SiteSearchIndex(t.ds).refresh(ids.map((r) => r.id));

    statements.length = 0;
    const first = await list(`${SITES}/?search=garden&page_size=3`);
    const second = await list(`${SITES}/?search=garden&page_size=3&page=2`);
    expect(sent(/MATCH\(ss\.names, ss\.body\)/)).toBe(1);
    expect(first.total).toBe(4);
    expect(second.total).toBe(4);
    expect(
      first.items
        .map((s: Body) => s.name)
        .slice(0, 2)
        .sort(),
    ).toEqual(['Coral Garden', 'Eel Garden']);
    expect(first.items).toHaveLength(3);
    expect(second.items).toHaveLength(1);
    const order = [...first.items, ...second.items].map((s: Body) => s.name);
    // Names first, then newest first (created_at, then id ascending): what the SQL order gives.
    const [{ expected }] = await t.ds.query<Array<{ expected: string }>>(
      `SELECT GROUP_CONCAT(name ORDER BY (name LIKE '%Garden%') DESC, created_at DESC, id ASC SEPARATOR '|') AS expected
         FROM dive_sites WHERE name LIKE '%Garden%' OR description LIKE '%garden%'`,
    );
    expect(order).toEqual(expected.split('|'));

    // A new alias (a write to aliases and search documents through the API): found by the next search.
    const manta = (
      await t.ds.query<Array<{ id: number }>>("SELECT id FROM dive_sites WHERE name = 'Manta Alley'")
    )[0].id;
    const admin = tokenFor(t, await createUser(t.ds, { isAdmin: true }));
    await request(http)
      .post(`${SITES}/${manta}/aliases`)
      .set(bearer(admin))
      .send({ alias: 'Secret Garden' })
      .expect(201);
    // Full pages, so no typo-tolerant completion (which would find the alias by its trigrams) applies.
    const after = [
      await list(`${SITES}/?search=garden&page_size=3`),
      await list(`${SITES}/?search=garden&page_size=3&page=2`),
    ];
    expect(after.map((b) => b.total)).toEqual([5, 5]);
    expect(after.flatMap((b) => b.items.map((s: Body) => s.name)).slice(0, 3)).toContain('Manta Alley');
  });

  it("one user's private dives never reach another caller's count, cached or not", async () => {
    const created = await request(http)
      .post(`${DIVES}/`)
      .set(bearer(alice))
      .send({ dive_date: '2025-06-01', is_private: true })
      .expect(201);
    expect(created.body.id).toEqual(expect.any(Number));
    for (let round = 0; round < 2; round++) {
      expect((await list(`${DIVES}/`, alice)).total).toBe(1);
      expect((await list(`${DIVES}/`, bob)).total).toBe(0);
      expect((await list(`${DIVES}/`)).total).toBe(0);
      expect((await list(`${DIVES}/count`, bob)).total).toBe(0);
    }
  });

  it('GET /metrics reports the cache and the cache stays within RESULT_CACHE_MAX_MB', async () => {
    await seedSite(t.ds, { name: 'Reef' });
    await list(`${SITES}/`);
    await list(`${SITES}/`);
    const metrics = await request(http).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^result_cache_hits_total \d+$/m);
    expect(metrics.text).toMatch(/^result_cache_misses_total \d+$/m);
    expect(metrics.text).toMatch(/^result_cache_bytes \d+$/m);
    const cache = t.app.get(ResultCache);
    expect(cache.stats().hits).toBeGreaterThan(0);
    expect(cache.options.maxBytes).toBe(16 * 1024 * 1024);
  });
});
