import { EARTH_RADIUS_M, spatialSql } from './spatial';

describe('spatialSql', () => {
  it('speaks MySQL 8: SRID attribute, two-argument ST_SRID, long-lat WKT', () => {
    const s = spatialSql('mysql');
    expect(s.pointColumnType()).toBe('POINT SRID 4326 NOT NULL');
    expect(s.pointColumnType(true)).toBe('POINT SRID 4326 NULL');
    expect(s.point('?', '?')).toBe('ST_SRID(POINT(?, ?), 4326)');
    expect(s.point('longitude', 'latitude')).toBe('ST_SRID(POINT(longitude, latitude), 4326)');
    expect(s.sentinel()).toBe('ST_SRID(POINT(0, 0), 4326)');
    expect(s.fromLngLatWkt('?')).toBe("ST_GeomFromText(?, 4326, 'axis-order=long-lat')");
  });

  it('speaks MariaDB: REF_SYSTEM_ID before NOT NULL, plain POINT, no axis-order argument', () => {
    const s = spatialSql('mariadb');
    expect(s.pointColumnType()).toBe('POINT REF_SYSTEM_ID=4326 NOT NULL');
    expect(s.point('?', '?')).toBe('POINT(?, ?)');
    expect(s.sentinel()).toBe('POINT(0, 0)');
    expect(s.fromLngLatWkt('?')).toBe('ST_GeomFromText(?, 4326)');
    for (const sql of [s.pointColumnType(), s.point('a', 'b'), s.fromLngLatWkt('?')]) {
      expect(sql).not.toMatch(/ST_SRID\(|SRID 4326|axis-order/);
    }
  });

  it('passes the same explicit earth radius to ST_Distance_Sphere on both servers', () => {
    for (const f of ['mysql', 'mariadb'] as const) {
      expect(spatialSql(f).distanceSphere('a', 'b')).toBe(`ST_Distance_Sphere(a, b, ${EARTH_RADIUS_M})`);
    }
  });
});
