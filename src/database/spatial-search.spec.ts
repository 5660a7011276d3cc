import { EARTH_RADIUS_M } from './spatial';
import {
  expandingRadii,
  findNearbyExpanding,
  nearbySql,
  type NearbyQuery,
  type SqlRunner,
} from './spatial-search';

const base: Omit<NearbyQuery, 'flavour'> = {
  table: 'dive_sites',
  columns: ['name', 'latitude', 'longitude'],
  where: { sql: '`deleted_at` IS NULL AND `id` <> ?', params: [7] },
  center: { lat: 37.9838, lng: 23.7275 },
  radiusM: 100_000,
  limit: 10,
};

const count = (s: string, needle: string) => s.split(needle).length - 1;

describe('nearbySql', () => {
  it('MySQL: SRID-stamped points, long-lat WKT box, explicit radius, sentinel filter, one branch', () => {
    const { sql, params } = nearbySql({ ...base, flavour: 'mysql' });
    expect(sql).toBe(
      'SELECT `id`, `name`, `latitude`, `longitude`, ' +
        `ST_Distance_Sphere(\`location\`, ST_SRID(POINT(?, ?), 4326), ${EARTH_RADIUS_M}) AS distance_m ` +
        'FROM `dive_sites` WHERE ' +
        "MBRIntersects(ST_GeomFromText(?, 4326, 'axis-order=long-lat'), `location`) " +
        'AND `latitude` IS NOT NULL AND (`deleted_at` IS NULL AND `id` <> ?) ' +
        `AND ST_Distance_Sphere(\`location\`, ST_SRID(POINT(?, ?), 4326), ${EARTH_RADIUS_M}) <= ? ` +
        'ORDER BY distance_m, id LIMIT ?',
    );
    expect(sql).toContain('ST_SRID(POINT(?, ?), 4326)');
    expect(sql).toContain("'axis-order=long-lat'");
    expect(params).toEqual([
      23.7275,
      37.9838,
      expect.stringMatching(/^POLYGON\(\(/),
      7,
      23.7275,
      37.9838,
      100_000,
      10,
    ]);
    // Longitude first in the WKT.
    const wkt = params[2] as string;
    const [x, y] = wkt.slice('POLYGON(('.length).split(',')[0].split(' ').map(Number);
    expect(x).toBeCloseTo(23.7275 - 1.138, 2);
    expect(y).toBeCloseTo(37.9838 - 0.899, 2);
    expect(count(sql, '?')).toBe(params.length);
  });

  it('MariaDB: plain POINT(), two-argument ST_GeomFromText, no ST_SRID or axis-order', () => {
    const { sql, params } = nearbySql({ ...base, flavour: 'mariadb' });
    expect(sql).toContain('MBRIntersects(ST_GeomFromText(?, 4326), `location`)');
    expect(sql).toContain(`ST_Distance_Sphere(\`location\`, POINT(?, ?), ${EARTH_RADIUS_M}) <= ?`);
    expect(sql).not.toMatch(/ST_SRID|axis-order/);
    expect(sql).toContain('`latitude` IS NOT NULL');
    expect(count(sql, '?')).toBe(params.length);
  });

  it('splits a circle across ±180 into two branches glued with UNION ALL, never OR', () => {
    const q = { ...base, center: { lat: -17, lng: 179.9 }, flavour: 'mariadb' as const };
    const { sql, params } = nearbySql(q);
    expect(count(sql, 'UNION ALL')).toBe(1);
    expect(count(sql, 'MBRIntersects(')).toBe(2);
    expect(sql).not.toMatch(/\bOR\b/);
    expect(sql).toMatch(
      /^SELECT \* FROM \(SELECT .* UNION ALL SELECT .*\) AS nearby ORDER BY distance_m, id LIMIT \?$/,
    );
    // Each branch carries its own parameters (the extra WHERE's included).
    expect(params.filter((p) => p === 7)).toHaveLength(2);
    expect(count(sql, '?')).toBe(params.length);
    const boxes = params.filter((p): p is string => typeof p === 'string');
    expect(boxes).toHaveLength(2);
    expect(boxes[0]).toContain('180 ');
    expect(boxes[1]).toContain('-180 ');
  });

  it('MySQL: boxes touching ±180 (split or pole) filter by a latitude/longitude range instead', () => {
    const split = nearbySql({ ...base, center: { lat: -17, lng: 179.9 }, flavour: 'mysql' });
    expect(count(split.sql, 'MBRIntersects(')).toBe(0);
    expect(count(split.sql, '`latitude` BETWEEN ? AND ? AND `longitude` BETWEEN ? AND ?')).toBe(2);
    expect(count(split.sql, '?')).toBe(split.params.length);
    const pole = nearbySql({ ...base, center: { lat: 89.5, lng: 0 }, flavour: 'mysql' });
    expect(count(pole.sql, 'UNION ALL')).toBe(0);
    expect(pole.sql).toContain('`longitude` BETWEEN ? AND ?');
    expect(pole.params).toContain(-180);
    expect(pole.params).toContain(180);
    const mariaPole = nearbySql({ ...base, center: { lat: 89.5, lng: 0 }, flavour: 'mariadb' });
    expect(count(mariaPole.sql, 'MBRIntersects(')).toBe(1);
  });

  it('always returns id first and refuses anything but plain column names and positive limits', () => {
    const { sql } = nearbySql({ ...base, columns: ['name', 'id'], flavour: 'mariadb' });
    expect(sql.startsWith('SELECT `id`, `name`, ST_Distance_Sphere')).toBe(true);
    expect(() => nearbySql({ ...base, columns: ['name; DROP TABLE x'], flavour: 'mariadb' })).toThrow();
    expect(() => nearbySql({ ...base, limit: 0, flavour: 'mariadb' })).toThrow();
    const centers = nearbySql({ ...base, table: 'diving_centers', where: undefined, flavour: 'mariadb' });
    expect(centers.sql).toContain('FROM `diving_centers` WHERE');
    expect(centers.sql).not.toContain('(`deleted_at`');
  });
});

describe('expanding radius', () => {
  it('tries 10 km, ×4 … capped at the radius', () => {
    expect(expandingRadii(100_000)).toEqual([10_000, 40_000, 100_000]);
    expect(expandingRadii(160_000)).toEqual([10_000, 40_000, 160_000]);
    expect(expandingRadii(5_000)).toEqual([5_000]);
    expect(expandingRadii(50, { startM: 10, factor: 2 })).toEqual([10, 20, 40, 50]);
  });

  it('stops as soon as a radius holds `limit` rows', async () => {
    const radii: number[] = [];
    const runner: SqlRunner = {
      query: <T>(_sql: string, params?: unknown[]) => {
        const radius = params![params!.length - 2] as number;
        radii.push(radius);
        const n = radius >= 40_000 ? 3 : 1;
        return Promise.resolve(
          Array.from({ length: n }, (_, i) => ({ id: i + 1, distance_m: String(i * 10) })) as T,
        );
      },
    };
    const rows = await findNearbyExpanding(runner, { ...base, limit: 3, flavour: 'mariadb' });
    expect(radii).toEqual([10_000, 40_000]);
    expect(rows.map((r) => r.distance_m)).toEqual([0, 10, 20]);
    radii.length = 0;
    await findNearbyExpanding(runner, { ...base, limit: 5, flavour: 'mariadb' });
    expect(radii).toEqual([10_000, 40_000, 100_000]);
  });
});
