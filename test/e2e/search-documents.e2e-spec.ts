import type { DataSource } from 'typeorm';
import { RebuildSearchFulltextOnMysql1796550000000 } from '../../src/database/migrations/1796550000000-RebuildSearchFulltextOnMysql';
import { flavourOfOptions } from '../../src/database/spatial';
import { CenterSearchIndex } from '../../src/modules/centers/center-search-index.service';
import { SiteSearchIndex } from '../../src/modules/sites/site-search-index.service';
import { migratedDataSource, resetDatabase } from '../support/database';
import { seedSite } from '../support/site-fixtures';

/**
 * The search documents stay reachable through their FULLTEXT indexes when several are rewritten in one
 * call, on both servers. MySQL 9.7 re-indexes only the last row that a multi-row
 * INSERT … ON DUPLICATE KEY UPDATE changes (docs/architecture.md, "FULLTEXT on MySQL"): the index
 * services replace documents instead, and RebuildSearchFulltextOnMysql repairs what the landed
 * RefillSearchDocuments wrote that way.
 */
describe('search documents: many rewritten at once, all found by their new words', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await migratedDataSource();
  });
  beforeEach(() => resetDatabase(ds));
  afterAll(() => ds?.destroy());

  async function matching(table: string, key: string, word: string): Promise<number[]> {
    const rows = await ds.query<Array<{ id: number }>>(
      `SELECT ${key} AS id FROM ${table} WHERE MATCH(names, body) AGAINST (? IN BOOLEAN MODE) ORDER BY ${key}`,
      [`+${word}*`],
    );
    return rows.map((r) => Number(r.id));
  }

  async function fiveSites(): Promise<number[]> {
    const ids: number[] = [];
    for (const name of ['Coral Garden', 'Shark Point', 'Turtle Bay', 'Manta Alley', 'Eel Garden']) {
      ids.push(await seedSite(ds, { name }));
    }
    return ids;
  }

  it('sites: a refresh of several sites, some changed and some not, indexes every changed one', async () => {
    const [coral, shark, turtle, manta, eel] = await fiveSites();
    await ds.query("UPDATE dive_sites SET description = 'near the kelp forest' WHERE id IN (?)", [
      [shark, turtle],
    ]);
    await ds.query("UPDATE dive_sites SET name = 'Coral Kelp' WHERE id = ?", [coral]);
    // Changed rows first, an unchanged one last: the order in which MySQL's upsert lost all of them.
    await new SiteSearchIndex(ds).refresh([coral, shark, turtle, manta]);

    expect(await matching('dive_site_search', 'dive_site_id', 'kelp')).toEqual([coral, shark, turtle]);
    expect(await matching('dive_site_search', 'dive_site_id', 'garden')).toEqual([eel]);
    expect(await matching('dive_site_search', 'dive_site_id', 'manta')).toEqual([manta]);
    // Refreshing again (all documents exist now) changes nothing.
    await new SiteSearchIndex(ds).refresh([coral, shark, turtle, manta, eel]);
    expect(await matching('dive_site_search', 'dive_site_id', 'kelp')).toEqual([coral, shark, turtle]);
    expect(
      Number((await ds.query<Array<{ n: unknown }>>('SELECT COUNT(*) AS n FROM dive_site_search'))[0].n),
    ).toBe(5);
  });

  it('sites: a failed refresh inside a transaction leaves the previous documents', async () => {
    const [coral, shark] = await fiveSites();
    await ds.query("UPDATE dive_sites SET description = 'near the kelp forest' WHERE id IN (?)", [
      [coral, shark],
    ]);
    await expect(
      ds.transaction(async (em) => {
        await new SiteSearchIndex(ds).refresh([coral, shark], em);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await matching('dive_site_search', 'dive_site_id', 'kelp')).toEqual([]);
    expect(await matching('dive_site_search', 'dive_site_id', 'shark')).toEqual([shark]);
  });

  it('centers: a refresh of several centers, some changed and some not, indexes every changed one', async () => {
    const ids: number[] = [];
    for (const name of ['Blue Divers', 'Red Sea Club', 'Deep Blue', 'Wreck Hunters']) {
      ids.push(
        (await ds.query<{ insertId: number }>('INSERT INTO diving_centers (name) VALUES (?)', [name]))
          .insertId,
      );
    }
    const index = new CenterSearchIndex(ds);
    await index.refresh(ids);
    const [blue, red, deep, wreck] = ids;
    await ds.query("UPDATE diving_centers SET city = 'Dahab' WHERE id IN (?)", [[blue, red, deep]]);
    await index.refresh([blue, red, deep, wreck]);

    expect(await matching('diving_center_search', 'diving_center_id', 'dahab')).toEqual([blue, red, deep]);
    expect(await matching('diving_center_search', 'diving_center_id', 'wreck')).toEqual([wreck]);
  });

  it('RebuildSearchFulltextOnMysql: documents written by a multi-row upsert become reachable', async () => {
    const ids = await fiveSites();
    const [, shark, turtle, manta] = ids;
    // What RefillSearchDocuments did: one upsert for a chunk of rows, the last one unchanged.
    await ds.query(
      `INSERT INTO dive_site_search (dive_site_id, names, body, trigrams) VALUES ?
       ON DUPLICATE KEY UPDATE names = VALUES(names), body = VALUES(body), trigrams = VALUES(trigrams)`,
      [
        [
          [shark, 'shark point', 'near the kelp forest', ''],
          [turtle, 'turtle bay', 'near the kelp forest', ''],
          [manta, 'manta alley', '', ''],
        ],
      ],
    );
    const mysql = flavourOfOptions(ds.options) === 'mysql';
    const before = await matching('dive_site_search', 'dive_site_id', 'kelp');
    // The fault this migration repairs, as the server shows it (MariaDB indexes every row).
    expect(before).toEqual(mysql ? [] : [shark, turtle]);

    const runner = ds.createQueryRunner();
    try {
      await new RebuildSearchFulltextOnMysql1796550000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await matching('dive_site_search', 'dive_site_id', 'kelp')).toEqual([shark, turtle]);
    expect(await matching('dive_site_search', 'dive_site_id', 'garden')).toEqual([ids[0], ids[4]]);
  });
});
