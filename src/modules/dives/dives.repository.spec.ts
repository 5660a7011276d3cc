import { SiteReadModel } from '../sites/site.read-model';
import { narrowFrom, orderByOf, whereOf } from './dives.repository';

describe('dive list SQL', () => {
  it('applies the privacy rule first, always parameterised', () => {
    expect(whereOf({ visibility: { kind: 'all' } })).toEqual({ sql: '', params: [] });
    expect(whereOf({ visibility: { kind: 'public' } })).toEqual({
      sql: 'WHERE d.is_private = 0',
      params: [],
    });
    expect(whereOf({ visibility: { kind: 'publicOrOwn', userId: 7 } })).toEqual({
      sql: 'WHERE (d.is_private = 0 OR d.user_id = ?)',
      params: [7],
    });
  });

  it('escapes LIKE wildcards and requires ALL tags', () => {
    const where = whereOf({ visibility: { kind: 'public' }, usernameContains: '50%_off', tagIds: [3, 4, 3] });
    expect(where.sql).toBe(
      "WHERE d.is_private = 0 AND u.username LIKE ? ESCAPE '!' AND d.id IN (SELECT dt.dive_id FROM dive_tags dt WHERE dt.tag_id IN (?) GROUP BY dt.dive_id HAVING COUNT(DISTINCT dt.tag_id) = ?)",
    );
    expect(where.params).toEqual(['%50!%!_off%', [3, 4], 2]);
  });

  it('matches a site name or alias, and a box split at ±180', () => {
    const where = whereOf({
      visibility: { kind: 'all' },
      diveSiteName: 'reef',
      bbox: {
        south: 1,
        north: 2,
        lngRanges: [
          [170, 180],
          [-180, -170],
        ],
      },
    });
    // The names and aliases are the sites module's: read through its read model (issue 14), FULLTEXT.
    expect(where.sql).toContain(`d.dive_site_id IN ${SiteReadModel.nameMatches}`);
    expect(where.sql).toContain(
      '(s.latitude BETWEEN ? AND ? AND (s.longitude BETWEEN ? AND ? OR s.longitude BETWEEN ? AND ?))',
    );
    expect(where.params).toEqual(['+reef*', 1, 2, 170, 180, -180, -170]);
    // Too short for the index: a substring of the name or an alias, as before.
    const short = whereOf({ visibility: { kind: 'all' }, diveSiteName: 'ab' });
    expect(short.sql).toContain(
      `EXISTS (SELECT 1 FROM ${SiteReadModel.aliases} a WHERE a.dive_site_id = d.dive_site_id`,
    );
    expect(short.params).toEqual(['%ab%', '%ab%']);
  });

  it("search: the dive index and the sites' documents as a UNION of ids (no OR beside MATCH)", () => {
    const where = whereOf({ visibility: { kind: 'public' }, search: "Côte d'Azur" });
    expect(where.sql.replace(/\s+/g, ' ')).toBe(
      'WHERE d.is_private = 0 AND d.id IN (SELECT sm.id FROM ( SELECT dtm.id FROM dives dtm WHERE MATCH(dtm.name, dtm.dive_information) AGAINST (? IN BOOLEAN MODE) ' +
        `UNION SELECT dsm.id FROM dives dsm WHERE dsm.dive_site_id IN ${SiteReadModel.searchMatches}) sm)`,
    );
    // The raw columns split at the apostrophe (d + azur); the sites' folded documents drop it (dazur).
    expect(where.params).toEqual(['+cote* +azur*', '+cote* +(dazur* azur*)']);
  });

  it('a filter nothing can match', () => {
    expect(whereOf({ visibility: { kind: 'all' }, none: true }).sql).toBe('WHERE 1 = 0');
  });

  it('orders with a unique tie-breaker', () => {
    expect(orderByOf({ field: 'default' })).toBe('ORDER BY d.dive_date DESC, d.dive_time DESC, d.id DESC');
    expect(orderByOf({ field: 'site' })).toBe(
      'ORDER BY d.user_rating DESC, d.dive_date DESC, d.dive_time DESC, d.id DESC',
    );
    expect(orderByOf({ field: 'dive_date', order: 'ASC' })).toBe(
      'ORDER BY d.dive_date ASC, d.dive_time ASC, d.id ASC',
    );
    expect(orderByOf({ field: 'max_depth', order: 'DESC' })).toBe('ORDER BY d.max_depth DESC, d.id DESC');
    expect(orderByOf({ field: 'user_username', order: 'ASC' })).toBe('ORDER BY u.username ASC, d.id ASC');
  });

  it('joins the owner and the site only where the WHERE or ORDER BY names them', () => {
    const pub = whereOf({ visibility: { kind: 'public' } });
    expect(narrowFrom(pub.sql, orderByOf({ field: 'default' }))).toBe('FROM dives d');
    const byOwner = whereOf({ visibility: { kind: 'all' }, usernameContains: 'ann' });
    expect(narrowFrom(byOwner.sql)).toMatch(
      /^FROM dives d JOIN \(SELECT id, username FROM users\) u ON u\.id = d\.user_id$/,
    );
    const bySite = whereOf({
      visibility: { kind: 'all' },
      bbox: { south: 1, north: 2, lngRanges: [[3, 4]] },
    });
    expect(narrowFrom(bySite.sql)).toMatch(/^FROM dives d LEFT JOIN .* s ON s\.id = d\.dive_site_id$/);
    expect(narrowFrom('', orderByOf({ field: 'dive_site_name', order: 'ASC' }))).toContain(' s ON ');
    // Site search by its documents' subquery (alias ssm) needs no join of its own.
    const search = whereOf({ visibility: { kind: 'public' }, search: 'reef wall' });
    expect(search.sql).toContain('ssm.');
    expect(narrowFrom(search.sql)).toBe('FROM dives d');
  });
});
