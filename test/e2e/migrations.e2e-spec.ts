import type { Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { lockedExecutor, runPendingMigrations, withMigrationLock } from '../../src/database/migration-lock';
import {
  dropDatabase,
  openDataSource,
  recreateDatabase,
  serverConnection,
  testServer,
  workerDatabaseName,
} from '../support/database';

/** Every table the migrations create, by migration (refresh_tokens and dive_sites.location come later). */
const TABLES_BY_MIGRATION: Record<string, string[]> = {
  CreateDifficultyLevels1764028800000: ['difficulty_levels'],
  CreateUsers1764028801000: ['users'],
  CreateDivingOrganizations1764028802000: ['diving_organizations', 'user_certifications'],
  CreateTags1764028803000: ['available_tags'],
  CreateDiveSites1764028804000: [
    'dive_sites',
    'dive_site_aliases',
    'site_media',
    'site_ratings',
    'site_comments',
    'dive_site_tags',
  ],
  CreateDivingCenters1764028805000: [
    'diving_centers',
    'center_ratings',
    'center_comments',
    'center_dive_sites',
    'gear_rental_costs',
    'diving_center_organizations',
  ],
  CreateDives1764028806000: ['dives', 'dive_media', 'dive_tags'],
  CreateNewsletters1764028807000: ['newsletters', 'parsed_dive_trips', 'parsed_dives'],
  CreateRefreshTokens1764028808000: ['refresh_tokens'],
  AddDiveSitesLocation1764028810000: [],
  AddListIndexes1764028815000: [],
  AddRefreshTokensPruneIndexes1796299230864: [],
  AddSearchIndexes1796400000000: ['dive_site_search', 'diving_center_search'],
  RefillSearchDocuments1796450000000: [],
  AddRatingAggregatesAndListIndexes1796500000000: [],
  RebuildSearchFulltextOnMysql1796550000000: [],
};
const MIGRATION_NAMES = Object.keys(TABLES_BY_MIGRATION);
const ALL_TABLES = Object.values(TABLES_BY_MIGRATION).flat();

const DATABASE = workerDatabaseName('migrations');

async function tableNames(ds: DataSource): Promise<string[]> {
  const rows = await ds.query<Array<{ name: string }>>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'`,
  );
  return rows.map((r) => r.name).sort();
}

async function appliedMigrations(ds: DataSource): Promise<string[]> {
  const rows = await ds.query<Array<{ name: string }>>('SELECT name FROM `migrations` ORDER BY timestamp');
  return rows.map((r) => r.name);
}

/** Inserts a row and answers its id. */
async function insert(ds: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const result = await ds.query<{ insertId: number }>(sql, params);
  return result.insertId;
}

describe('migrations (fresh database → head → base → head)', () => {
  let ds: DataSource;
  /** Statements expected to fail go through plain mysql2, so TypeORM does not log them as errors. */
  let raw: Connection;

  beforeAll(async () => {
    await recreateDatabase(DATABASE);
    // Start from a database whose default is NOT ours: the first migration must fix it (D4).
    const conn = await serverConnection();
    try {
      await conn.query(`ALTER DATABASE \`${DATABASE}\` CHARACTER SET latin1 COLLATE latin1_swedish_ci`);
    } finally {
      await conn.end();
    }
    ds = await openDataSource(DATABASE);
    const applied = await runPendingMigrations(ds, 60);
    expect(applied.map((m) => m.name)).toEqual(MIGRATION_NAMES);
    raw = await serverConnection();
    await raw.query(`USE \`${DATABASE}\``);
  });

  afterAll(async () => {
    await raw?.end();
    await ds?.destroy();
    await dropDatabase(DATABASE);
  });

  it('creates every expected table, and only those', async () => {
    expect(await tableNames(ds)).toEqual([...ALL_TABLES, 'migrations'].sort());
    expect(await appliedMigrations(ds)).toEqual(MIGRATION_NAMES);
  });

  it('seeds the four difficulty levels in order', async () => {
    const rows = await ds.query<unknown[]>(
      'SELECT id, code, label, order_index FROM difficulty_levels ORDER BY order_index',
    );
    expect(rows).toEqual([
      { id: 1, code: 'OPEN_WATER', label: 'Open Water', order_index: 1 },
      { id: 2, code: 'ADVANCED_OPEN_WATER', label: 'Advanced Open Water', order_index: 2 },
      { id: 3, code: 'DEEP_NITROX', label: 'Deep/Nitrox', order_index: 3 },
      { id: 4, code: 'TECHNICAL_DIVING', label: 'Technical Diving', order_index: 4 },
    ]);
  });

  it('gives diving_centers.location a NOT NULL SRID-4326 POINT with the spatial index', async () => {
    const [column] = await ds.query<Array<{ type: string; nullable: string }>>(
      `SELECT DATA_TYPE AS type, IS_NULLABLE AS nullable FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'diving_centers' AND COLUMN_NAME = 'location'`,
    );
    expect(column).toEqual({ type: 'point', nullable: 'NO' });

    const indexes = await ds.query<unknown[]>(
      `SELECT INDEX_NAME AS name, INDEX_TYPE AS type, COLUMN_NAME AS col FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'diving_centers' AND INDEX_NAME = 'idx_diving_centers_location'`,
    );
    expect(indexes).toEqual([{ name: 'idx_diving_centers_location', type: 'SPATIAL', col: 'location' }]);

    const { flavour } = await testServer();
    const srids = await ds.query<Array<{ srid: number | string }>>(
      flavour === 'mariadb'
        ? `SELECT SRID AS srid FROM information_schema.GEOMETRY_COLUMNS
            WHERE G_TABLE_SCHEMA = DATABASE() AND G_TABLE_NAME = 'diving_centers' AND G_GEOMETRY_COLUMN = 'location'`
        : `SELECT SRS_ID AS srid FROM information_schema.ST_GEOMETRY_COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'diving_centers' AND COLUMN_NAME = 'location'`,
    );
    expect(srids.map((r) => Number(r.srid))).toEqual([4326]);

    // A center inserted without a location gets the POINT(0 0) sentinel from the column default.
    const id = await insert(ds, "INSERT INTO diving_centers (name) VALUES ('No coordinates')");
    const [point] = await ds.query<Array<{ wkt: string }>>(
      'SELECT ST_AsText(location) AS wkt FROM diving_centers WHERE id = ?',
      [id],
    );
    expect(point.wkt).toBe('POINT(0 0)');
  });

  describe('foreign keys', () => {
    let userId: number;

    beforeAll(async () => {
      userId = await insert(
        ds,
        "INSERT INTO users (username, email, password_hash) VALUES ('fk_user', 'fk@example.com', 'x')",
      );
    });

    it('deleting a dive site keeps the dives (dive_site_id → NULL) and removes its aliases', async () => {
      const siteId = await insert(
        ds,
        "INSERT INTO dive_sites (name, difficulty_id) VALUES ('Doomed Reef', 2)",
      );
      await insert(ds, "INSERT INTO dive_site_aliases (dive_site_id, alias) VALUES (?, 'Old Reef')", [
        siteId,
      ]);
      const diveId = await insert(
        ds,
        "INSERT INTO dives (user_id, dive_site_id, dive_date) VALUES (?, ?, '2025-06-01')",
        [userId, siteId],
      );

      await ds.query('DELETE FROM dive_sites WHERE id = ?', [siteId]);

      expect(await ds.query('SELECT dive_site_id FROM dives WHERE id = ?', [diveId])).toEqual([
        { dive_site_id: null },
      ]);
      expect(await ds.query('SELECT id FROM dive_site_aliases WHERE dive_site_id = ?', [siteId])).toEqual([]);
    });

    it('refuses to delete a user who has dives', async () => {
      await expect(raw.query('DELETE FROM users WHERE id = ?', [userId])).rejects.toMatchObject({
        code: 'ER_ROW_IS_REFERENCED_2',
      });
      expect(await ds.query('SELECT id FROM users WHERE id = ?', [userId])).toEqual([{ id: userId }]);
    });

    it('cascades a deleted center to its gear rental and sets its dives’ center to NULL', async () => {
      const centerId = await insert(ds, "INSERT INTO diving_centers (name) VALUES ('Closing Down')");
      await insert(
        ds,
        "INSERT INTO gear_rental_costs (diving_center_id, item_name, cost) VALUES (?, 'BCD', 12.5)",
        [centerId],
      );
      const diveId = await insert(
        ds,
        "INSERT INTO dives (user_id, diving_center_id, dive_date) VALUES (?, ?, '2025-06-02')",
        [userId, centerId],
      );
      await ds.query('DELETE FROM diving_centers WHERE id = ?', [centerId]);
      expect(
        await ds.query('SELECT id FROM gear_rental_costs WHERE diving_center_id = ?', [centerId]),
      ).toEqual([]);
      expect(await ds.query('SELECT diving_center_id FROM dives WHERE id = ?', [diveId])).toEqual([
        { diving_center_id: null },
      ]);
    });

    it('rejects a row pointing at nothing', async () => {
      await expect(
        raw.query("INSERT INTO dive_site_aliases (dive_site_id, alias) VALUES (999999, 'Nowhere')"),
      ).rejects.toMatchObject({ code: 'ER_NO_REFERENCED_ROW_2' });
    });

    it('names every foreign key fk_<table>_<column>', async () => {
      const rows = await ds.query<Array<{ t: string; c: string; name: string }>>(
        `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, CONSTRAINT_NAME AS name FROM information_schema.KEY_COLUMN_USAGE
          WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL`,
      );
      expect(rows.length).toBeGreaterThanOrEqual(35);
      for (const r of rows) expect(r.name).toBe(`fk_${r.t}_${r.c}`);
    });
  });

  describe('CHECK constraints', () => {
    it('rejects a site rating of 11 and accepts 10', async () => {
      const userId = await insert(
        ds,
        "INSERT INTO users (username, email, password_hash) VALUES ('rater', 'rater@example.com', 'x')",
      );
      const siteId = await insert(ds, "INSERT INTO dive_sites (name) VALUES ('Rated Reef')");
      await expect(
        raw.query('INSERT INTO site_ratings (dive_site_id, user_id, score) VALUES (?, ?, 11)', [
          siteId,
          userId,
        ]),
      ).rejects.toThrow(/chk_site_ratings_score/);
      await insert(ds, 'INSERT INTO site_ratings (dive_site_id, user_id, score) VALUES (?, ?, 10)', [
        siteId,
        userId,
      ]);
    });

    it('rejects a negative dive depth and a zero duration, but allows NULL ratings', async () => {
      const [{ id: userId }] = await ds.query<Array<{ id: number }>>(
        "SELECT id FROM users WHERE username = 'rater'",
      );
      await expect(
        raw.query("INSERT INTO dives (user_id, dive_date, max_depth) VALUES (?, '2025-01-01', -1)", [userId]),
      ).rejects.toThrow(/chk_dives_max_depth/);
      await expect(
        raw.query("INSERT INTO dives (user_id, dive_date, duration) VALUES (?, '2025-01-01', 0)", [userId]),
      ).rejects.toThrow(/chk_dives_duration/);
      await insert(
        ds,
        "INSERT INTO dives (user_id, dive_date, max_depth, visibility_rating, user_rating) VALUES (?, '2025-01-01', 999.999, NULL, NULL)",
        [userId],
      );
    });
  });

  describe('text', () => {
    it('round-trips Greek, Thai, Arabic and 4-byte characters', async () => {
      const names = ['Σπήλαιο Μελισσάνης', 'เกาะเต่า', 'الغردقة', 'Blue Hole 🐠'];
      for (const name of names) {
        const id = await insert(ds, 'INSERT INTO dive_sites (name) VALUES (?)', [name]);
        await insert(ds, 'INSERT INTO dive_site_aliases (dive_site_id, alias) VALUES (?, ?)', [id, name]);
        expect(
          await ds.query(
            'SELECT s.name, a.alias FROM dive_sites s JOIN dive_site_aliases a ON a.dive_site_id = s.id WHERE s.id = ?',
            [id],
          ),
        ).toEqual([{ name, alias: name }]);
      }
    });

    it('puts the database, every table and every text column on utf8mb4_unicode_ci', async () => {
      expect(
        await ds.query(
          `SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation
             FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()`,
        ),
      ).toEqual([{ charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' }]);

      // The migrations table is TypeORM's, created before the first migration changed the default.
      const tables = await ds.query<Array<{ name: string; collation: string }>>(
        `SELECT TABLE_NAME AS name, TABLE_COLLATION AS collation FROM information_schema.TABLES
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> 'migrations'`,
      );
      expect(tables).toHaveLength(ALL_TABLES.length);
      expect(tables.filter((t) => t.collation !== 'utf8mb4_unicode_ci')).toEqual([]);

      const columns = await ds.query<Array<{ t: string; c: string; charset: string; collation: string }>>(
        `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation
           FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> 'migrations' AND COLLATION_NAME IS NOT NULL`,
      );
      expect(columns.length).toBeGreaterThan(50);
      expect(columns.filter((c) => c.charset !== 'utf8mb4' || c.collation !== 'utf8mb4_unicode_ci')).toEqual(
        [],
      );
    });
  });

  it('undoes every migration one by one down to base, then migrates up to head again', async () => {
    const migrationCount = MIGRATION_NAMES.length;
    for (let step = migrationCount - 1; step >= 0; step--) {
      await withMigrationLock(ds, 60, (qr) => lockedExecutor(ds, qr).undoLastMigration());
      const expectedTables = MIGRATION_NAMES.slice(0, step).flatMap((name) => TABLES_BY_MIGRATION[name]);
      expect(await tableNames(ds)).toEqual([...expectedTables, 'migrations'].sort());
      expect(await appliedMigrations(ds)).toEqual(MIGRATION_NAMES.slice(0, step));
    }
    expect(await tableNames(ds)).toEqual(['migrations']);

    const applied = await runPendingMigrations(ds, 60);
    expect(applied.map((m) => m.name)).toEqual(MIGRATION_NAMES);
    expect(await tableNames(ds)).toEqual([...ALL_TABLES, 'migrations'].sort());
    const [{ n }] = await ds.query<Array<{ n: string }>>('SELECT COUNT(*) AS n FROM difficulty_levels');
    expect(Number(n)).toBe(4);
  });
});
