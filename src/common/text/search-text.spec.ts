import {
  booleanQuery,
  closestMisspelt,
  columnTextQuery,
  documentWords,
  elot743,
  fuzzyScore,
  FUZZY_THRESHOLD,
  isExactName,
  latinSpellings,
  matchTypesHeader,
  searchDocument,
  searchTokens,
  searchWords,
  trigramDocument,
  trigramQuery,
} from './search-text';

describe('search text', () => {
  it('folds case, accents, final sigma and punctuation the same way for documents and queries', () => {
    expect(searchWords("Côte d'Azur — ÉPAVE")).toEqual(['cote', 'dazur', 'epave']);
    expect(searchWords('Σπήλαιο ΜΕΛΙΣΣΑΝΗΣ')).toEqual(['σπηλαιο', 'μελισσανησ']);
    expect(searchWords('  ')).toEqual([]);
    expect(searchWords(null)).toEqual([]);
  });

  it('spells Greek in Latin by ELOT 743 (digraphs, voiced and voiceless αυ/ευ, initial μπ/ντ/γκ)', () => {
    expect(elot743('ναυαγιο')).toBe('navagio');
    expect(elot743('πευκα')).toBe('pefka');
    expect(elot743('σουνιο')).toBe('sounio');
    expect(elot743('χανια')).toBe('chania');
    expect(elot743('μπαλοσ')).toBe('balos');
    expect(elot743('ολυμποσ')).toBe('olympos');
    expect(elot743('ντια')).toBe('dia');
    expect(elot743('θεσσαλονικη')).toBe('thessaloniki');
    expect(elot743('ψαθουρα')).toBe('psathoura');
  });

  it('adds any-ascii spellings too, and none for a Latin word', () => {
    expect(latinSpellings('ναυαγιο').sort()).toEqual(['navagio', 'nayagio']);
    expect(latinSpellings('reef')).toEqual([]);
    expect(latinSpellings('затонувший')).toEqual(['zatonuvshiy']);
  });

  it('stores each word once with its spellings', () => {
    expect(documentWords(['Ναυάγιο Ζηνοβία', 'Zenobia wreck', 'Zenobia'])).toEqual([
      'ναυαγιο',
      'navagio',
      'nayagio',
      'ζηνοβια',
      'zinovia',
      'zenobia',
      'wreck',
    ]);
    expect(searchDocument(['Blue Hole', null, 'Dahab'])).toBe('blue hole dahab');
  });

  it('builds a required-prefix BOOLEAN MODE query from long enough folded words only', () => {
    expect(booleanQuery('Blue  HOLE')).toBe('+blue* +hole*');
    expect(booleanQuery('SS Thistlegorm')).toBe('+thistlegorm*');
    expect(booleanQuery('ss ab')).toBeUndefined();
    // FULLTEXT operators are punctuation: folded away, never passed through.
    expect(booleanQuery('reef -wall "x" (y) ~z* @3 >a <b')).toBe('+reef* +wall*');
    expect(booleanQuery('Σπήλαιο')).toBe('+σπηλαιο*');
    // Thai has no spaces between words: documents and queries are split by ICU's dictionary.
    expect(booleanQuery('เกาะเต่า')).toBe('+เกาะ* +เต่า*');
    expect(searchDocument(['เกาะเต่า'])).toBe('เกาะเต่า เกาะ เต่า ekaaeta');
  });

  it('stores a word written with an apostrophe joined and as its parts, and asks for either', () => {
    expect(searchTokens("L’Épave d'ab")).toEqual([
      { word: 'lepave', parts: ['l', 'epave'] },
      { word: 'dab', parts: ['d', 'ab'] },
    ]);
    expect(documentWords(["L'Épave"])).toEqual(['lepave', 'l', 'epave']);
    expect(booleanQuery("l'epave")).toBe('+(lepave* epave*)');
    expect(booleanQuery('L`Épave')).toBe('+(lepave* epave*)');
    expect(booleanQuery("aujourd'hui")).toBe('+(aujourdhui* (+aujourd* +hui*))');
    // Parts too short for the index: the joined word alone; a joined word too short: nothing.
    expect(booleanQuery("d'ab")).toBe('+dab*');
    expect(booleanQuery("d'a")).toBeUndefined();
    expect(booleanQuery('epave')).toBe('+epave*');
    // Raw columns split at apostrophes as the server's tokenizer does.
    expect(columnTextQuery("Côte d'Azur")).toBe('+cote* +azur*');
  });

  it('finds a misspelt name through shared trigrams and scores it by edit distance', () => {
    const doc = trigramDocument(['SS Thistlegorm']).split(' ');
    const query = trigramQuery('thistelgorm')!.split(' ');
    expect(query.filter((g) => doc.includes(g)).length).toBeGreaterThanOrEqual(5);
    expect(fuzzyScore('thistelgorm', 'SS Thistlegorm')).toBeGreaterThanOrEqual(FUZZY_THRESHOLD);
    expect(fuzzyScore('thistelgorm', 'Blue Hole')).toBeLessThan(FUZZY_THRESHOLD);
    expect(fuzzyScore('navagio zinovia', 'Ναυάγιο Ζηνοβία')).toBe(1);
    expect(fuzzyScore('', 'Blue Hole')).toBe(0);
  });

  it('tells an exact name from a partial match, accents and case aside', () => {
    expect(isExactName('blue hole', ['Great Blue Hole', 'Blue Hole'])).toBe(true);
    expect(isExactName('BLUE HÔLE', ['Blue Hole'])).toBe(true);
    expect(isExactName('blue', ['Blue Hole'])).toBe(false);
  });

  it('renders X-Match-Types as JSON, omitted when empty or above 8 KB', () => {
    expect(matchTypesHeader(new Map([[3, 'exact'], [7, 'fuzzy']]))).toBe('{"3":"exact","7":"fuzzy"}');
    expect(matchTypesHeader(new Map())).toBeUndefined();
    const many = new Map(Array.from({ length: 2000 }, (_, i) => [100000 + i, 'fuzzy' as const]));
    expect(matchTypesHeader(many)).toBeUndefined();
  });

  it('picks the closest misspelt names above the threshold, excluded ids left out, ties by id', () => {
    const candidates = [
      { id: 4, names: ['Blue Hole'] },
      { id: 3, names: ['SS Thistlegorm'] },
      { id: 2, names: ['Thistlegorm Wreck', 'thistlegorm'] },
      { id: 1, names: ['Abu Nuhas'] },
    ];
    expect(closestMisspelt('thistelgorm', candidates, new Set(), 10)).toEqual([2, 3]);
    expect(closestMisspelt('thistelgorm', candidates, new Set([2]), 10)).toEqual([3]);
    expect(closestMisspelt('thistelgorm', candidates, new Set(), 1)).toEqual([2]);
    expect(closestMisspelt('thistelgorm', candidates, new Set(), 0)).toEqual([]);
    expect(closestMisspelt('zzzz', candidates, new Set(), 10)).toEqual([]);
  });
});
