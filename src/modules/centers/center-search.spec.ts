import { centerSearchCondition, matchTypeOf, namesMatch, requiredWords } from './center-search';

describe('center search SQL and match types (issue 15)', () => {
  it('words of at least 3 characters: one BOOLEAN MODE parameter on the chosen FULLTEXT index', () => {
    expect(centerSearchCondition('Blue HOLE, Dahab', 'all')).toEqual({
      sql: 'c.id IN (SELECT cs.diving_center_id FROM diving_center_search cs WHERE MATCH(cs.names, cs.body) AGAINST (? IN BOOLEAN MODE))',
      params: ['+blue* +hole* +dahab*'],
    });
    expect(centerSearchCondition('Ναυάγιο', 'names')).toEqual({
      sql: 'c.id IN (SELECT cs.diving_center_id FROM diving_center_search cs WHERE MATCH(cs.names) AGAINST (? IN BOOLEAN MODE))',
      params: ['+ναυαγιο*'],
    });
    // Operators cannot be injected: only folded letters and digits reach the query.
    expect(centerSearchCondition('+reef -"wall" @3 (x*)', 'all').params).toEqual(['+reef* +wall*']);
  });

  it('only shorter words: each a word prefix of the names document (LIKE wildcards escaped)', () => {
    expect(centerSearchCondition('50%_ a', 'all')).toEqual({
      sql: "c.id IN (SELECT cs.diving_center_id FROM diving_center_search cs WHERE CONCAT(' ', cs.names) LIKE ? ESCAPE '!' AND CONCAT(' ', cs.names) LIKE ? ESCAPE '!')",
      params: ['% 50%', '% a%'],
    });
  });

  it('no letter or digit at all: the literal text within the name', () => {
    expect(centerSearchCondition('%', 'all')).toEqual({ sql: "c.name LIKE ? ESCAPE '!'", params: ['%!%%'] });
  });

  it('required words, and whether the names document has them as word prefixes', () => {
    expect(requiredWords('SS Thistlegorm thistlegorm')).toEqual(['thistlegorm']);
    expect(requiredWords('ss a')).toEqual(['ss', 'a']);
    expect(namesMatch('thistle ss', 'ss thistlegorm')).toBe(true);
    expect(namesMatch('gorm', 'ss thistlegorm')).toBe(false);
    expect(namesMatch('navagio', 'ναυαγιο navagio nayagio divers')).toBe(true);
    expect(namesMatch('%', 'anything')).toBe(true);
  });

  it('exact, name or text', () => {
    expect(matchTypeOf('ÉPAVE divers', 'Épave Divers', 'epave divers')).toBe('exact');
    expect(matchTypeOf('epave', 'Épave Divers', 'epave divers')).toBe('name');
    expect(matchTypeOf('epave marseille', 'Épave Divers', 'epave divers')).toBe('text');
    expect(matchTypeOf('navagio', 'Ναυάγιο', 'ναυαγιο navagio nayagio')).toBe('name');
    // Without a document (a center inserted around the module), the folded name stands for it.
    expect(matchTypeOf('epa', 'Épave Divers', undefined)).toBe('name');
  });
});
