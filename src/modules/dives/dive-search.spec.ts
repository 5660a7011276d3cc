import { SiteReadModel } from '../sites/site.read-model';
import {
  diveMatchType,
  diveSearchCondition,
  diveSiteNameCondition,
  diveTextQuery,
  wordsMatch,
} from './dive-search';

describe('dive search SQL and match types (issue 15)', () => {
  it('the raw columns are asked with apostrophes as word breaks, the sites with the folded words', () => {
    expect(diveTextQuery('Côte d’Azur')).toBe('+cote* +azur*');
    const { sql, params } = diveSearchCondition("l'Épave");
    expect(sql.replace(/\s+/g, ' ')).toBe(
      'd.id IN (SELECT sm.id FROM ( SELECT dtm.id FROM dives dtm WHERE MATCH(dtm.name, dtm.dive_information) AGAINST (? IN BOOLEAN MODE) ' +
        `UNION SELECT dsm.id FROM dives dsm WHERE dsm.dive_site_id IN ${SiteReadModel.searchMatches}) sm)`,
    );
    expect(params).toEqual(['+epave*', '+(lepave* epave*)']);
  });

  it('a word long enough only once joined across an apostrophe: the sites alone', () => {
    expect(diveSearchCondition("d'ab")).toEqual({
      sql: `d.id IN (SELECT dsm.id FROM dives dsm WHERE dsm.dive_site_id IN ${SiteReadModel.searchMatches})`,
      params: ['+dab*'],
    });
  });

  it('words too short for the index: the substring LIKE, wildcards escaped', () => {
    expect(diveSearchCondition('5%')).toEqual({
      sql: "(d.name LIKE ? ESCAPE '!' OR d.dive_information LIKE ? ESCAPE '!' OR s.name LIKE ? ESCAPE '!' OR s.description LIKE ? ESCAPE '!')",
      params: ['%5!%%', '%5!%%', '%5!%%', '%5!%%'],
    });
    expect(diveSiteNameCondition('ab').params).toEqual(['%ab%', '%ab%']);
  });

  it('dive_site_name: the names and aliases of the sites', () => {
    expect(diveSiteNameCondition('Blue hole')).toEqual({
      sql: `d.dive_site_id IN ${SiteReadModel.nameMatches}`,
      params: ['+blue* +hole*'],
    });
  });

  it('exact, name or text', () => {
    expect(wordsMatch("d'azur", 'Côte d’Azur drift')).toBe(true);
    expect(wordsMatch('wreck', null)).toBe(false);
    const dive = { name: 'Morning Wreck', site_name: 'Ναυάγιο' };
    expect(diveMatchType('ναυαγιο', dive, true)).toBe('exact');
    expect(diveMatchType('MORNING wreck', dive, false)).toBe('exact');
    expect(diveMatchType('wreck', dive, false)).toBe('name');
    expect(diveMatchType('navagio', dive, true)).toBe('name');
    expect(diveMatchType('octopus', dive, false)).toBe('text');
  });
});
