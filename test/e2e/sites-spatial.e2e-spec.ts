import type { DataSource } from 'typeorm';
import { haversineMeters, type LatLng } from '../../src/common/geo/geo';
import { lockedExecutor, runPendingMigrations, withMigrationLock } from '../../src/database/migration-lock';
import { flavourOfOptions, spatialSql } from '../../src/database/spatial';
import {
  findNearby,
  findNearbyExpanding,
  nearbySql,
  type NearbyQuery,
} from '../../src/database/spatial-search';
import {
  dropDatabase,
  expectedNearbyIndex,
  explainPlan,
  migratedDataSource,
  openDataSource,
  recreateDatabase,
  resetDatabase,
  workerDatabaseName,
} from '../support/database';
import { destination, rng, round8 } from '../support/geo';

const MIGRATION = 'AddDiveSitesLocation1764028810000';

interface Row {
  id: number;
  lat: number | null;
  lng: number | null;
}

/** Inserts sites in multi-row INSERTs, location written with the server's point expression. */
async function insertSites(ds: DataSource, points: Array<LatLng | null>): Promise<Row[]> {
  const spatial = spatialSql(flavourOfOptions(ds.options));
  const rows: Row[] = [];
  for (let start = 0; start < points.length; start += 1000) {
    const chunk = points.slice(start, start + 1000);
    const values: string[] = [];
    const params: unknown[] = [];
    chunk.forEach((p, i) => {
      if (p) {
        values.push(`(?, ?, ?, ${spatial.point('?', '?')})`);
        params.push(`Site ${start + i}`, p.lat, p.lng, p.lng, p.lat);
      } else {
        values.push(`(?, NULL, NULL, ${spatial.sentinel()})`);
        params.push(`Site ${start + i}`);
      }
    });
    const result = await ds.query<{ insertId: number }>(
      `INSERT INTO dive_sites (name, latitude, longitude, location) VALUES ${values.join(', ')}`,
      params,
    );
    chunk.forEach((p, i) => rows.push({ id: result.insertId + i, lat: p?.lat ?? null, lng: p?.lng ?? null }));
  }
  return rows;
}

/** The brute-force answer: every row with coordinates within the radius, nearest first (ties by id). */
function bruteForce(rows: Row[], center: LatLng, radiusM: number, keep: (r: Row) => boolean = () => true) {
  return rows
    .filter((r) => r.lat !== null && r.lng !== null && keep(r))
    .map((r) => ({ id: r.id, distance_m: haversineMeters(center, { lat: r.lat!, lng: r.lng! }) }))
    .filter((r) => r.distance_m <= radiusM)
    .sort((a, b) => a.distance_m - b.distance_m || a.id - b.id);
}

describe('dive_sites.location migration (add NULL, backfill, NOT NULL, index) and its down()', () => {
  const DATABASE = workerDatabaseName('siteloc');
  let ds: DataSource;

  beforeAll(async () => {
    await recreateDatabase(DATABASE);
    ds = await openDataSource(DATABASE);
    await runPendingMigrations(ds, 60);
  });
  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(DATABASE);
  });

  const applied = async () =>
    (await ds.query<Array<{ name: string }>>('SELECT name FROM migrations')).map((r) => r.name);
  const columnOf = async () =>
    ds.query<Array<{ nullable: string; type: string }>>(
      `SELECT IS_NULLABLE AS nullable, DATA_TYPE AS type FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'dive_sites' AND COLUMN_NAME = 'location'`,
    );

  it('backfills existing rows (sentinel without coordinates), then indexes; down() removes it all', async () => {
    // Step back to just before the migration, with rows in the table.
    while ((await applied()).includes(MIGRATION)) {
      await withMigrationLock(ds, 60, (qr) => lockedExecutor(ds, qr).undoLastMigration());
    }
    expect(await columnOf()).toEqual([]);
    await ds.query(
      `INSERT INTO dive_sites (name, latitude, longitude) VALUES
         ('Athens', 37.9838, 23.7275), ('Half', 10, NULL), ('None', NULL, NULL), ('Fiji', -17, 179.9)`,
    );

    await runPendingMigrations(ds, 60);
    expect(await columnOf()).toEqual([{ nullable: 'NO', type: 'point' }]);
    const points = await ds.query<Array<{ name: string; x: number; y: number }>>(
      // Raw mysql2 reads a POINT as {x: lng, y: lat} on both servers (spatial-notes §5).
      'SELECT name, location FROM dive_sites ORDER BY id',
    );
    expect(
      points.map((p) => [p.name, (p as unknown as { location: { x: number; y: number } }).location]),
    ).toEqual([
      ['Athens', { x: 23.7275, y: 37.9838 }],
      ['Half', { x: 0, y: 0 }],
      ['None', { x: 0, y: 0 }],
      ['Fiji', { x: 179.9, y: -17 }],
    ]);
    const indexes = await ds.query<unknown[]>(
      `SELECT INDEX_TYPE AS type, COLUMN_NAME AS col FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'dive_sites' AND INDEX_NAME = 'idx_dive_sites_location'`,
    );
    expect(indexes).toEqual([{ type: 'SPATIAL', col: 'location' }]);
    // Inserts that omit the column get the sentinel default.
    await ds.query("INSERT INTO dive_sites (name) VALUES ('Defaulted')");
    const [defaulted] = await ds.query<Array<{ wkt: string }>>(
      "SELECT ST_AsText(location) AS wkt FROM dive_sites WHERE name = 'Defaulted'",
    );
    expect(defaulted.wkt).toBe('POINT(0 0)');

    // Later migrations (if any) are undone first, then this one.
    while ((await applied()).includes(MIGRATION)) {
      await withMigrationLock(ds, 60, (qr) => lockedExecutor(ds, qr).undoLastMigration());
    }
    expect(await columnOf()).toEqual([]);
    await runPendingMigrations(ds, 60);
    expect(await applied()).toContain(MIGRATION);
  });
});

describe('nearby search on MariaDB/MySQL equals a brute-force haversine', () => {
  let ds: DataSource;
  let rows: Row[];
  const flavour = () => flavourOfOptions(ds.options);

  /** Centres of the interesting zones: the antimeridian, both poles, high latitude, a dense coast. */
  const ZONES: LatLng[] = [
    { lat: -17, lng: 179.9 },
    { lat: 10, lng: -179.95 },
    { lat: 89.5, lng: 0 },
    { lat: -89.6, lng: 100 },
    { lat: 85, lng: 0 },
    { lat: 37.9838, lng: 23.7275 },
    { lat: 0.3, lng: 0.3 },
  ];

  beforeAll(async () => {
    ds = await migratedDataSource();
    await resetDatabase(ds);
    const random = rng(20251125);
    const points: Array<LatLng | null> = [];
    // Uniform on the sphere.
    for (let i = 0; i < 2500; i++) {
      points.push({
        lat: round8((Math.asin(2 * random() - 1) * 180) / Math.PI),
        lng: round8(random() * 360 - 180) || 0,
      });
    }
    // Clusters up to 150 km around each zone, exactly on the pole included.
    for (const zone of ZONES) {
      for (let i = 0; i < 380; i++) points.push(destination(zone, random() * 150_000, random() * 360));
    }
    points.push({ lat: 90, lng: 0 }, { lat: -90, lng: 45 });
    // Rows without coordinates (the POINT(0 0) sentinel).
    for (let i = 0; i < 150; i++) points.push(null);
    rows = await insertSites(ds, points);
    await ds.query('ANALYZE TABLE dive_sites');
  }, 60_000);

  afterAll(async () => {
    await resetDatabase(ds);
    await ds?.destroy();
  });

  it('holds at least 5,000 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(5000);
  });

  it('returns exactly the brute-force rows and distances, in order, around every zone and radius', async () => {
    const random = rng(7);
    const centres = [
      ...ZONES,
      ...Array.from({ length: 8 }, () => ({ lat: random() * 170 - 85, lng: random() * 360 - 180 })),
    ];
    let compared = 0;
    for (const center of centres) {
      for (const radiusM of [10_000, 50_000, 100_000, 300_000]) {
        const expected = bruteForce(rows, center, radiusM);
        const actual = await findNearby(ds, {
          flavour: flavour(),
          table: 'dive_sites',
          columns: ['name'],
          center,
          radiusM,
          limit: 100_000,
        });
        // Identical sets: a row could only differ within 1e-6 m of the radius (never happens here).
        expect(actual.map((r) => r.id)).toEqual(expected.map((r) => r.id));
        actual.forEach((r, i) => expect(Math.abs(r.distance_m - expected[i].distance_m)).toBeLessThan(1e-4));
        compared += expected.length;
      }
    }
    expect(compared).toBeGreaterThan(2000);
  });

  it('never returns the POINT(0 0) sentinels of rows without coordinates', async () => {
    const near = await findNearby(ds, {
      flavour: flavour(),
      table: 'dive_sites',
      columns: ['latitude'],
      center: { lat: 0.3, lng: 0.3 },
      radiusM: 100_000,
      limit: 100_000,
    });
    const sentinelIds = new Set(rows.filter((r) => r.lat === null).map((r) => r.id));
    expect(near.filter((r) => sentinelIds.has(r.id))).toEqual([]);
  });

  it('applies the extra WHERE in every branch and the limit after the union', async () => {
    const center = { lat: -17, lng: 179.9 };
    const all = bruteForce(rows, center, 150_000);
    const excluded = all[0].id;
    const keep = (r: Row) => r.id % 2 === 0 && r.id !== excluded;
    const expected = bruteForce(rows, center, 150_000, keep).slice(0, 25);
    const actual = await findNearby(ds, {
      flavour: flavour(),
      table: 'dive_sites',
      columns: [],
      where: { sql: 'MOD(id, 2) = 0 AND id <> ?', params: [excluded] },
      center,
      radiusM: 150_000,
      limit: 25,
    });
    expect(actual.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    // Both sides of the antimeridian are in the answer.
    const lngs = actual.map((r) => rows.find((x) => x.id === r.id)!.lng!);
    expect(lngs.some((l) => l > 0) && lngs.some((l) => l < 0)).toBe(true);
  });

  it('the expanding radius finds the same nearest rows as one search over the whole radius', async () => {
    for (const center of ZONES) {
      for (const limit of [1, 10, 50]) {
        const q: NearbyQuery = {
          flavour: flavour(),
          table: 'dive_sites',
          columns: [],
          center,
          radiusM: 100_000,
          limit,
        };
        const expected = bruteForce(rows, center, 100_000).slice(0, limit);
        expect((await findNearbyExpanding(ds, q)).map((r) => r.id)).toEqual(expected.map((r) => r.id));
      }
    }
  });

  it('EXPLAIN shows an index range scan in every UNION ALL branch: idx_dive_sites_location, or latitude/longitude across ±180 on MySQL', async () => {
    for (const center of [
      { lat: 37.9838, lng: 23.7275 },
      { lat: -17, lng: 179.9 },
    ]) {
      const { sql, params } = nearbySql({
        flavour: flavour(),
        table: 'dive_sites',
        columns: ['name'],
        where: { sql: 'deleted_at IS NULL', params: [] },
        center,
        radiusM: 100_000,
        limit: 10,
      });
      const plan = await explainPlan(ds, sql, params);
      const scans = plan.filter((p) => p.table === 'dive_sites');
      expect(scans.length).toBe(center.lng > 179 ? 2 : 1);
      for (const scan of scans) {
        expect(scan).toMatchObject({
          key: expectedNearbyIndex('dive_sites', ds, center.lng > 179),
          type: 'range',
        });
      }
    }
  });
});
