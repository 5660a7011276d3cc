import request from 'supertest';
import type { App } from 'supertest/types';
import type { User } from '../../src/modules/users/entities/user.entity';
import { CenterSearchIndex } from '../../src/modules/centers/center-search-index.service';
import { SiteSearchIndex } from '../../src/modules/sites/site-search-index.service';
import { createTestApp, type TestApp } from '../support/app';
import { explainPlan, resetDatabase, type PlanRow } from '../support/database';
import { bearer, createUser, tokenFor } from '../support/factories';

const CENTERS = '/api/v1/diving-centers';
const DIVES = '/api/v1/dives';

/** The classic EXPLAIN rows of one statement. */
type PlanRows = PlanRow[];

/** A JSON response body: the assertions read it field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

/**
 * Full-text search of centers and dives (issue 15 point 2): FULLTEXT indexes instead of substring scans,
 * accents and case aside, Greek found by Greek and by Latin, misspelt center names, X-Match-Types, the
 * fallback for words too short for the index, the center documents kept by every write, and privacy.
 */
describe('search: diving centers and dives through FULLTEXT indexes', () => {
  let t: TestApp;
  let http: App;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    http = t.app.getHttpServer();
  });
  beforeEach(async () => {
    await resetDatabase(t.ds);
    admin = tokenFor(t, await createUser(t.ds, { isAdmin: true }));
  });
  afterAll(() => t?.app.close());

  /**
   * A made-up word of 6 letters, different for each i (and so are most of its trigrams). Filler rows
   * for the plans use such words only: MariaDB 10.11.19 once aborted (InnoDB assertion `data` in
   * row_sel_fetch_columns, reading a full-text auxiliary row) on a search right after thousands of rows
   * sharing the same words were inserted — words whose full-text lists are long enough to be stored
   * off-page. Filler that shares no word keeps those lists short.
   */
  function fillerWord(i: number): string {
    let n = (i * 2654435761) % 308915776; // 26^6
    let word = '';
    for (let k = 0; k < 6; k += 1, n = Math.floor(n / 26)) word += String.fromCharCode(97 + (n % 26));
    return word;
  }

  async function insert(sql: string, params: unknown[] = []): Promise<number> {
    return (await t.ds.query<{ insertId: number }>(sql, params)).insertId;
  }

  describe('diving centers', () => {
    async function create(body: Record<string, unknown>): Promise<number> {
      const res = await request(http)
        .post(CENTERS)
        .set(bearer(admin))
        .send({ description: 'A dive center', ...body });
      expect(res.status).toBe(201);
      return (res.body as Body).id as number;
    }

    /** The list's ids (in order), total and X-Match-Types; checks /count agrees with the word matches. */
    async function list(query: Record<string, unknown>) {
      const res = await request(http).get(CENTERS).query(query).expect(200);
      const body = res.body as Body;
      const header = res.headers['x-match-types'] as string | undefined;
      return {
        ids: (body.items as Body[]).map((i) => i.id as number),
        total: body.total as number,
        types: header === undefined ? undefined : (JSON.parse(header) as Record<string, string>),
      };
    }
    const count = async (query: Record<string, unknown>) =>
      ((await request(http).get(`${CENTERS}/count`).query(query).expect(200)).body as Body).total as number;

    it('accents and case never matter, in the name and in the other fields; exact / name / text', async () => {
      const epave = await create({ name: 'Épave Divers', city: 'Marseille' });
      const text = await create({ name: 'Blue Club', description: 'Plongée sur une ÉPAVE, le Liban' });
      const city = await create({ name: 'Sud Plongée', city: 'Héraklion' });
      await create({ name: 'Reef Center', description: 'Corals' });

      for (const search of ['ÉPAVE', 'epave', 'Épave', 'EPA']) {
        const res = await list({ search });
        expect([search, res.ids]).toEqual([search, [text, epave]]); // default order: by name
        expect(res.types).toEqual({ [epave]: 'name', [text]: 'text' });
        expect(await count({ search })).toBe(2);
      }
      expect((await list({ search: 'épave divers' })).types).toEqual({ [epave]: 'exact' });
      expect((await list({ search: 'HERAKLION' })).ids).toEqual([city]);
      expect((await list({ search: 'plongee' })).types).toEqual({ [text]: 'text', [city]: 'name' });
      // Every word is required (word prefixes): one field may hold one word, another the other.
      expect((await list({ search: 'epave marseille' })).ids).toEqual([epave]);
      expect((await list({ search: 'epave athens' })).ids).toEqual([]);
    });

    it('a name with an apostrophe is found by its parts, joined, and with any apostrophe', async () => {
      const lepave = await create({ name: "L'Épave Club" });
      await create({ name: 'Lepanto Divers' });
      for (const search of ['epave', "l'epave", 'l’Épave', 'LEPAVE', 'L`epave club']) {
        const res = await list({ search });
        expect([search, res.ids]).toEqual([search, [lepave]]);
        expect(await count({ search })).toBe(1);
      }
      expect((await list({ search: "l'epave club" })).types).toEqual({ [lepave]: 'exact' });
      // "d'epave" asks for depave* or epave*: the part is enough; every word stays required.
      expect((await list({ search: "d'epave" })).ids).toEqual([lepave]);
      expect((await list({ search: "l'epave athens" })).ids).toEqual([]);
    });

    it('Greek names are found by Greek (any accents or case) and by Latin transliteration', async () => {
      const greek = await create({ name: 'Ναυάγιο Divers', region: 'Ζάκυνθος' });
      await create({ name: 'Navy Seals Club' });
      for (const search of ['Ναυάγιο', 'ναυαγιο', 'ΝΑΥΑΓΙΟ', 'navagio', 'Navagio', 'nayagio', 'ναυ']) {
        const res = await list({ search });
        expect([search, res.ids]).toEqual([search, [greek]]);
        expect([search, res.types]).toEqual([search, { [greek]: 'name' }]);
      }
      expect((await list({ search: 'zakynthos' })).types).toEqual({ [greek]: 'text' });
      expect((await list({ search: 'ζακυνθοσ' })).ids).toEqual([greek]);
      // exact: the folded search is the folded name (a Latin spelling of it is a name match).
      expect((await list({ search: 'ναυαγιο DIVERS' })).types).toEqual({ [greek]: 'exact' });
      expect((await list({ search: 'navagio divers' })).types).toEqual({ [greek]: 'name' });
      const byName = await request(http).get(`${CENTERS}/search`).query({ q: 'navagio' }).expect(200);
      expect((byName.body as Body[]).map((c) => c.id)).toEqual([greek]);
    });

    it('a misspelt name is found by its trigrams, appended after the word matches and flagged fuzzy', async () => {
      const kalymnos = await create({ name: 'Kalymnos Diving Center', city: 'Pothia' });
      const other = await create({ name: 'Centre de Plongée Kalymnos Bay' });
      await create({ name: 'Rhodes Diving Center' });
      await create({ name: 'Completely Unrelated' });

      const typo = await list({ search: 'Kalymnoss Divng Centr' });
      expect(typo.ids).toEqual([kalymnos]);
      expect(typo.total).toBe(1);
      expect(typo.types).toEqual({ [kalymnos]: 'fuzzy' });
      // /count is the word matches (as the sites' count): the misspelt-name matches are the list's extra.
      expect(await count({ search: 'Kalymnoss Divng Centr' })).toBe(0);

      // Word matches first (in the requested order), then the misspelt ones; total counts both.
      const mixed = await list({ search: 'kalymno' });
      expect(mixed.ids).toEqual([other, kalymnos]);
      expect(mixed.types).toEqual({ [other]: 'name', [kalymnos]: 'name' });
      const withFuzzy = await list({ search: 'Kalymnos Divng' });
      expect(withFuzzy.ids).toEqual([kalymnos]);
      expect(withFuzzy.types).toEqual({ [kalymnos]: 'fuzzy' });

      // The other filters still apply to the misspelt-name candidates.
      expect((await list({ search: 'Kalymnoss Divng Centr', city: 'nowhere' })).ids).toEqual([]);
      // Five word matches or more, or a page other than the first: no misspelt-name matches.
      for (let i = 0; i < 5; i += 1) await create({ name: `Divng Centr ${i}` });
      const many = await list({ search: 'divng centr' });
      expect(many.total).toBe(5);
      expect(Object.values(many.types ?? {})).toEqual(['name', 'name', 'name', 'name', 'name']);
      expect((await list({ search: 'Kalymnoss Divng Centr', page: 2, page_size: 1 })).ids).toEqual([]);
      // No room left on the page: none either.
      expect((await list({ search: 'kalymnos diving', page_size: 1 })).ids).toEqual([kalymnos]);

      const byName = await request(http)
        .get(`${CENTERS}/search`)
        .query({ q: 'Kalymnoss Divng Centr' })
        .expect(200);
      expect((byName.body as Body[]).map((c) => c.id)).toEqual([kalymnos]);
      expect(JSON.parse(String(byName.headers['x-match-types']))).toEqual({ [kalymnos]: 'fuzzy' });
    });

    it('words shorter than the index tokens: word prefixes of the names document', async () => {
      const blue = await create({ name: 'Blue Hole Divers', description: 'bl' });
      const kabla = await create({ name: 'Kabla Divers', description: 'Blue water' });
      const ss = await create({ name: 'SS Thistlegorm Club' });
      expect((await list({ search: 'bl' })).ids).toEqual([blue]); // not "Kabla", not the description
      expect((await list({ search: 'BL' })).types).toEqual({ [blue]: 'name' });
      expect((await list({ search: 'ss' })).ids).toEqual([ss]);
      expect(await count({ search: 'bl' })).toBe(1);
      // A short word beside a long one: the long one is asked of the index.
      expect((await list({ search: 'ss thistle' })).ids).toEqual([ss]);
      expect((await list({ search: 'blue' })).types).toEqual({ [blue]: 'name', [kabla]: 'text' });
    });

    it('the search document follows every create and update (rename: new name found, old one not)', async () => {
      const id = await create({ name: 'Old Harbour Divers', city: 'Chania' });
      const docs = async () =>
        t.ds.query<Array<{ names: string; body: string }>>(
          'SELECT names, body FROM diving_center_search WHERE diving_center_id = ?',
          [id],
        );
      expect(await docs()).toEqual([{ names: 'old harbour divers', body: 'a dive center chania' }]);

      await request(http)
        .put(`${CENTERS}/${id}`)
        .set(bearer(admin))
        .send({ name: 'Fresh Reef Divers' })
        .expect(200);
      expect((await list({ search: 'fresh' })).ids).toEqual([id]);
      expect((await list({ search: 'harbour' })).ids).toEqual([]);
      expect((await list({ search: 'chania' })).types).toEqual({ [id]: 'text' });

      await request(http)
        .put(`${CENTERS}/${id}`)
        .set(bearer(admin))
        .send({ city: 'Ηράκλειο', description: null, phone: '+30 1' })
        .expect(200);
      expect((await list({ search: 'irakleio' })).ids).toEqual([id]);
      expect((await list({ search: 'ηρακλειο' })).ids).toEqual([id]);
      expect((await list({ search: 'chania' })).ids).toEqual([]);
      expect((await list({ search: 'dive center' })).ids).toEqual([]);

      // A write of other fields leaves the document as it is.
      await request(http).put(`${CENTERS}/${id}`).set(bearer(admin)).send({ phone: '+30 2' }).expect(200);
      expect(await docs()).toEqual([{ names: 'fresh reef divers', body: 'ηρακλειο irakleio' }]);

      await request(http).delete(`${CENTERS}/${id}`).set(bearer(admin)).expect(200);
      expect(await docs()).toEqual([]);
    });

    it('the list and count statements read the FULLTEXT indexes (EXPLAIN), the fuzzy one the trigram index', async () => {
      // Enough centers for the plan a real table gets (on a handful of rows a scan is cheaper).
      const filler = Array.from({ length: 3000 }, (_, i) => [fillerWord(i)]);
      const first = await insert('INSERT INTO diving_centers (name) VALUES ?', [filler]);
      await t.app
        .get(CenterSearchIndex, { strict: false })
        .refresh(Array.from({ length: filler.length }, (_, i) => first + i));
      await create({ name: 'Reef Divers' });
      await t.ds.query('ANALYZE TABLE diving_centers, diving_center_search');
      const plans = await statementPlans(() =>
        request(http).get(CENTERS).query({ search: 'reef dive' }).expect(200),
      );
      const typo = await statementPlans(() =>
        request(http).get(CENTERS).query({ search: 'Reeff Divrs' }).expect(200),
      );
      const keys = (plan: PlanRows) => plan.filter((r) => r.table === 'cs').map((r) => [r.type, r.key]);
      // count, page, then (fewer than 5 word matches) the misspelt-name candidates
      const expected = [
        [['fulltext', 'ft_diving_center_search_all']],
        [['fulltext', 'ft_diving_center_search_all']],
        [['fulltext', 'ft_diving_center_search_trigrams']],
      ];
      expect(plans.map(keys)).toEqual(expected);
      expect(typo.map(keys)).toEqual(expected);
      const byName = await statementPlans(() =>
        request(http).get(`${CENTERS}/search`).query({ q: 'reef' }).expect(200),
      );
      expect(byName.map(keys)).toEqual([
        [['fulltext', 'ft_diving_center_search_names']],
        [['fulltext', 'ft_diving_center_search_trigrams']],
      ]);
    });
  });

  describe('dives', () => {
    let alice: User;
    let bob: User;
    let tokens: Record<'alice' | 'bob' | 'admin', string>;

    beforeEach(async () => {
      alice = await createUser(t.ds, { username: 'search_alice' });
      bob = await createUser(t.ds, { username: 'search_bob' });
      tokens = { alice: tokenFor(t, alice), bob: tokenFor(t, bob), admin };
    });

    /** A site inserted directly, with the search document the sites module writes (and its aliases). */
    async function site(name: string, description: string | null, aliases: string[] = []): Promise<number> {
      const id = await insert('INSERT INTO dive_sites (name, description, country) VALUES (?, ?, ?)', [
        name,
        description,
        'Greece',
      ]);
      for (const alias of aliases) {
        await t.ds.query('INSERT INTO dive_site_aliases (dive_site_id, alias) VALUES (?, ?)', [id, alias]);
      }
      await t.app.get(SiteSearchIndex, { strict: false }).refresh([id]);
      return id;
    }
    const dive = (d: { user: User; site?: number; name: string; info?: string; isPrivate?: boolean }) =>
      insert(
        'INSERT INTO dives (user_id, dive_site_id, name, is_private, dive_date, dive_information) VALUES (?, ?, ?, ?, ?, ?)',
        [d.user.id, d.site ?? null, d.name, d.isPrivate ? 1 : 0, '2025-06-01', d.info ?? null],
      );

    /** The ids a caller finds (sorted), checked against /count, and X-Match-Types. */
    async function find(query: Record<string, unknown>, token?: string) {
      const get = (path: string) => {
        const req = request(http)
          .get(path)
          .query({ page_size: 100, ...query });
        return token ? req.set(bearer(token)) : req;
      };
      const res = await get(`${DIVES}/`).expect(200);
      const total = ((await get(`${DIVES}/count`).expect(200)).body as Body).total as number;
      const body = res.body as Body;
      expect([query, total]).toEqual([query, body.total]);
      const header = res.headers['x-match-types'] as string | undefined;
      return {
        ids: (body.items as Body[]).map((i) => i.id as number).sort((a, b) => a - b),
        types: header === undefined ? undefined : (JSON.parse(header) as Record<string, string>),
      };
    }
    const sorted = (...ids: number[]) => [...ids].sort((a, b) => a - b);

    it('accents and case: "ÉPAVE" finds "épave" in the dive information; apostrophes split words', async () => {
      const plain = await site('Plain Reef', null);
      const wreck = await dive({
        user: alice,
        site: plain,
        name: 'Morning dive',
        info: "Plongée sur l'épave du Donator",
      });
      const azur = await dive({ user: bob, name: 'Côte d’Azur drift' });
      await dive({ user: alice, site: plain, name: 'Afternoon dive', info: 'Corals and turtles' });
      for (const search of ['ÉPAVE', 'epave', 'Épave donator', 'PLONGEE EPAV']) {
        const res = await find({ search });
        expect([search, res.ids]).toEqual([search, [wreck]]);
        expect([search, res.types]).toEqual([search, { [wreck]: 'text' }]);
      }
      for (const search of ["d'Azur", 'azur', 'COTE D’AZUR', 'cote']) {
        const res = await find({ search });
        expect([search, res.ids]).toEqual([search, [azur]]);
        expect([search, res.types]).toEqual([search, { [azur]: 'name' }]);
      }
    });

    it('Greek site names are found by Greek and by Latin ("Ναυάγιο": navagio, ναυαγιο), aliases too', async () => {
      const navagio = await site('Ναυάγιο', 'Το ναυάγιο της Ζακύνθου', ['Shipwreck Beach']);
      const other = await site('Blue Cave', 'Sea caves near Ζάκυνθος');
      const atNavagio = await dive({ user: alice, site: navagio, name: 'First dive' });
      const atCave = await dive({ user: bob, site: other, name: 'Second dive', info: 'Σπηλιά' });
      // exact: the folded search is the site's name; name: words of its names or aliases.
      for (const [search, type] of [
        ['navagio', 'name'],
        ['ναυαγιο', 'exact'],
        ['ΝΑΥΑΓΙΟ', 'exact'],
        ['Ναυάγιο', 'exact'],
        ['nayagio', 'name'],
        ['shipwreck', 'name'],
        ['shipwreck beach', 'name'],
      ]) {
        const res = await find({ search });
        expect([search, res.ids, res.types]).toEqual([search, [atNavagio], { [atNavagio]: type }]);
        expect([search, (await find({ dive_site_name: search })).ids]).toEqual([search, [atNavagio]]);
      }
      // The site's description (and place) through its document; the dive's own Greek text through the
      // column's collation (accents, case and final sigma aside).
      expect((await find({ search: 'zakynthos' })).ids).toEqual([atCave]);
      expect((await find({ search: 'ζακυνθου' })).types).toEqual({ [atNavagio]: 'text' });
      expect((await find({ search: 'ΣΠΗΛΙΑ' })).types).toEqual({ [atCave]: 'text' });
      expect((await find({ search: 'greece' })).ids).toEqual(sorted(atNavagio, atCave));
      // dive_site_name asks only the names and aliases, not the description.
      expect((await find({ dive_site_name: 'zakynthos' })).ids).toEqual([]);
      expect((await find({ dive_site_name: 'blue cav' })).ids).toEqual([atCave]);
      // Too short for the index: the previous substring match.
      expect((await find({ dive_site_name: 'ue' })).ids).toEqual([atCave]);
      expect((await find({ search: 'ue' })).ids).toEqual([atCave]);
    });

    it('a private dive matches only for its owner: by its text, its name and its site, list and count', async () => {
      const reef = await site('Secret Reef', 'Hidden coral garden');
      const hidden = await dive({
        user: alice,
        site: reef,
        name: 'Secret dive',
        info: 'octopus den',
        isPrivate: true,
      });
      const open = await dive({ user: bob, site: reef, name: 'Open dive', info: 'octopus again' });
      for (const query of [
        { search: 'octopus' },
        { search: 'secret' },
        { search: 'coral garden' },
        { search: 'oc' },
        { dive_site_name: 'secret reef' },
        { dive_site_name: 'se' },
      ]) {
        expect([query, 'alice', (await find(query, tokens.alice)).ids]).toEqual([
          query,
          'alice',
          sorted(hidden, open),
        ]);
        for (const [who, token] of [
          ['anonymous', undefined],
          ['bob', tokens.bob],
          ['admin', tokens.admin],
        ] as const) {
          const res = await find(query, token);
          expect([query, who, res.ids]).toEqual([query, who, [open]]);
          expect(Object.keys(res.types ?? {})).not.toContain(String(hidden));
        }
      }
      // Only the private dive matches: nothing, and no header, for everyone else.
      const onlyHidden = await find({ search: 'den' }, tokens.bob);
      expect(onlyHidden).toEqual({ ids: [], types: undefined });
      expect((await find({ search: 'octopus den' }, tokens.alice)).ids).toEqual([hidden]);
    });

    it('the list and count statements read the FULLTEXT indexes of the dives and of the sites (EXPLAIN)', async () => {
      // Enough sites and dives for the plan a real table gets (on a handful of rows a scan is cheaper).
      const sites = Array.from({ length: 2000 }, (_, i) => [fillerWord(i)]);
      const firstSite = await insert('INSERT INTO dive_sites (name) VALUES ?', [sites]);
      const siteIds = Array.from({ length: sites.length }, (_, i) => firstSite + i);
      await t.app.get(SiteSearchIndex, { strict: false }).refresh(siteIds);
      const dives = Array.from({ length: 6000 }, (_, i) => [
        i % 2 ? alice.id : bob.id,
        siteIds[i % siteIds.length],
        fillerWord(i + 5000),
        i % 5 === 0 ? 1 : 0,
        '2025-01-01',
        null,
      ]);
      await t.ds.query(
        'INSERT INTO dives (user_id, dive_site_id, name, is_private, dive_date, dive_information) VALUES ?',
        [dives],
      );
      const reef = await site('Reef', null);
      await dive({ user: alice, site: reef, name: 'Reef dive', info: 'turtles' });
      await t.ds.query('ANALYZE TABLE dives, dive_sites, dive_site_search');
      const search = await statementPlans(() =>
        request(http).get(`${DIVES}/`).query({ search: 'reef' }).expect(200),
      );
      const byName = await statementPlans(() =>
        request(http).get(`${DIVES}/`).query({ dive_site_name: 'reef' }).expect(200),
      );
      const fulltext = (plan: PlanRows) =>
        plan.filter((r) => r.type === 'fulltext').map((r) => [r.table, r.key]);
      // count, page; then the match types' site-name lookup of the page's dives (a few ids: the server
      // may as well read them by primary key and test MATCH on each, as MySQL does)
      expect(search).toHaveLength(3);
      expect(search.slice(0, 2).map(fulltext)).toEqual([
        [
          ['dtm', 'ft_dives_text'],
          ['ssm', 'ft_dive_site_search_all'],
        ],
        [
          ['dtm', 'ft_dives_text'],
          ['ssm', 'ft_dive_site_search_all'],
        ],
      ]);
      expect(byName.map(fulltext)).toEqual([
        [['ssn', 'ft_dive_site_search_names']],
        [['ssn', 'ft_dive_site_search_names']],
      ]);
    });
  });

  /**
   * The plans (classic EXPLAIN rows) of the SELECTs using MATCH that `act` sends, in order: the real
   * statements with their parameters, recorded as the repositories send them.
   */
  async function statementPlans(act: () => PromiseLike<unknown>): Promise<PlanRows[]> {
    const statements: Array<[string, unknown[]]> = [];
    const manager = t.ds.manager;
    const original = manager.query.bind(manager);
    const spy = jest.spyOn(manager, 'query').mockImplementation((sql: string, params?: unknown[]) => {
      if (/^\s*SELECT/i.test(sql) && sql.includes('MATCH(')) statements.push([sql, params ?? []]);
      return original(sql, params);
    });
    try {
      await act();
    } finally {
      spy.mockRestore();
    }
    const plans = [];
    for (const [sql, params] of statements) plans.push(await explainPlan(t.ds, sql, params));
    return plans;
  }
});
