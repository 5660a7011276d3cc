import type { DataSource, EntityManager } from 'typeorm';
import type { DatabaseFlavour } from '../../config/configuration';
import { ResultCache } from '../../database/result-cache';
import { DivingCentersRepository } from './diving-centers.repository';

/** A repository on a fake DataSource of `flavour` whose queries are recorded, not run. */
function recording(flavour: DatabaseFlavour, answer: unknown = { insertId: 7, affectedRows: 1 }) {
  const calls: Array<{ sql: string; params: unknown[] }> = [];
  const em = {
    query: (sql: string, params: unknown[] = []) => {
      calls.push({ sql: sql.replace(/\s+/g, ' ').trim(), params });
      return Promise.resolve(answer);
    },
  } as unknown as EntityManager;
  const ds = { options: { type: flavour }, manager: em } as unknown as DataSource;
  return { repo: new DivingCentersRepository(ds, new ResultCache({ ttlMs: 0, maxBytes: 0 })), em, calls };
}

describe('DivingCentersRepository: location written with the coordinates, per server', () => {
  it('MySQL 8: ST_SRID(POINT(lng, lat), 4326) in the INSERT, never ST_GeomFromText', async () => {
    const { repo, em, calls } = recording('mysql');
    expect(await repo.insert({ name: 'A', city: 'Dahab' }, { lat: 28.5, lng: 34.5 }, em)).toBe(7);
    expect(calls).toEqual([
      {
        sql: 'INSERT INTO diving_centers (`name`, `city`, `latitude`, `longitude`, `location`) VALUES (?, ?, ?, ?, ST_SRID(POINT(?, ?), 4326))',
        params: ['A', 'Dahab', 28.5, 34.5, 34.5, 28.5],
      },
    ]);
  });

  it('MariaDB: POINT(lng, lat); no coordinates: NULLs and the sentinel', async () => {
    const { repo, em, calls } = recording('mariadb');
    await repo.insert({ name: 'A' }, { lat: -17, lng: 180 }, em);
    await repo.insert({ name: 'B' }, null, em);
    expect(calls.map((c) => [c.sql, c.params])).toEqual([
      [
        'INSERT INTO diving_centers (`name`, `latitude`, `longitude`, `location`) VALUES (?, ?, ?, POINT(?, ?))',
        ['A', -17, 180, 180, -17],
      ],
      [
        'INSERT INTO diving_centers (`name`, `latitude`, `longitude`, `location`) VALUES (?, ?, ?, POINT(0, 0))',
        ['B', null, null],
      ],
    ]);
  });

  it('UPDATE: coordinates and location in one statement; fields alone leave them untouched', async () => {
    const mysql = recording('mysql');
    await mysql.repo.update(3, { name: 'N', phone: null }, { lat: 1.5, lng: 2.5 }, mysql.em);
    await mysql.repo.update(3, {}, null, mysql.em);
    await mysql.repo.update(3, { city: 'X' }, undefined, mysql.em);
    await mysql.repo.update(3, {}, undefined, mysql.em);
    expect(mysql.calls.map((c) => [c.sql, c.params])).toEqual([
      [
        'UPDATE diving_centers SET `name` = ?, `phone` = ?, `latitude` = ?, `longitude` = ?, `location` = ST_SRID(POINT(?, ?), 4326) WHERE id = ?',
        ['N', null, 1.5, 2.5, 2.5, 1.5, 3],
      ],
      [
        'UPDATE diving_centers SET `latitude` = ?, `longitude` = ?, `location` = ST_SRID(POINT(0, 0), 4326) WHERE id = ?',
        [null, null, 3],
      ],
      ['UPDATE diving_centers SET `city` = ? WHERE id = ?', ['X', 3]],
    ]);
  });

  it('search with a point: ST_Distance_Sphere with the explicit radius, only for centers with coordinates', async () => {
    const { repo, calls } = recording('mysql', []);
    await repo.search('reef_club', 5, { lat: 10, lng: 20 });
    expect(calls[0].sql).toContain(
      'CASE WHEN c.latitude IS NOT NULL AND c.longitude IS NOT NULL THEN ST_Distance_Sphere(c.location, ST_SRID(POINT(?, ?), 4326), 6370986) END AS distance_m',
    );
    // The words of the name through the FULLTEXT index of the names documents; the prefix rank on the name.
    expect(calls[0].sql).toContain(
      'WHERE c.id IN (SELECT cs.diving_center_id FROM diving_center_search cs WHERE MATCH(cs.names) AGAINST (? IN BOOLEAN MODE))',
    );
    expect(calls[0].params).toEqual([20, 10, '+reef* +club*', 'reef!_club%', 5]);
  });

  it('search with words too short for the index: each as a word prefix of the names document', async () => {
    const { repo, calls } = recording('mariadb', []);
    await repo.search('re_f', 5, undefined);
    expect(calls[0].sql).toContain(
      "WHERE c.id IN (SELECT cs.diving_center_id FROM diving_center_search cs WHERE CONCAT(' ', cs.names) LIKE ? ESCAPE '!' AND CONCAT(' ', cs.names) LIKE ? ESCAPE '!')",
    );
    expect(calls[0].params).toEqual(['% re%', '% f%', 're!_f%', 5]);
  });
});
