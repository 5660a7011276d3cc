import { containsPattern, escapeLike, LIKE_ESCAPE } from '../../common/pagination/like';
import {
  booleanQuery,
  isExactName,
  MIN_TOKEN_LENGTH,
  searchWords,
  type MatchType,
} from '../../common/text/search-text';
import type { SqlFragment } from '../../database/spatial-search';

/**
 * How a center search becomes SQL (issue 15; what is indexed: common/text/search-text.ts). The
 * centers' search documents (`diving_center_search`, kept by CenterSearchIndex) are asked through
 * their FULLTEXT indexes:
 * - every folded word of at least 3 characters is required as a word prefix (`+reef* +dahab*`):
 *   `MATCH(names, body)` for the list's `search` (name, description, country, region, city),
 *   `MATCH(names)` for the name search;
 * - a search whose words are all shorter than the index's tokens ("bl", "50%"): each folded word as
 *   the prefix of a word of the names document (a LIKE on that document, the only scan, for searches
 *   too short to be selective anyway);
 * - a search without any letter or digit ("%", "++"): the literal text within the name, as before
 *   full-text search (wildcards escaped).
 */

const ESC = `ESCAPE '${LIKE_ESCAPE}'`;

/** Which FULLTEXT index of the search documents a search asks. */
export type CenterSearchScope = 'all' | 'names';

const MATCH_COLUMNS: Record<CenterSearchScope, string> = {
  all: 'cs.names, cs.body',
  names: 'cs.names',
};

/** The words a search requires: those the index holds, else (all too short) every folded word. */
export function requiredWords(search: string): string[] {
  const words = [...new Set(searchWords(search))];
  const indexed = words.filter((w) => [...w].length >= MIN_TOKEN_LENGTH);
  return indexed.length > 0 ? indexed : words;
}

/** The condition (on alias `c`, diving_centers) that a center matches `search`. */
export function centerSearchCondition(search: string, scope: CenterSearchScope): SqlFragment {
  const query = booleanQuery(search);
  if (query) {
    return {
      sql: `c.id IN (SELECT cs.diving_center_id FROM diving_center_search cs WHERE MATCH(${MATCH_COLUMNS[scope]}) AGAINST (? IN BOOLEAN MODE))`,
      params: [query],
    };
  }
  const words = requiredWords(search);
  if (words.length > 0) {
    return {
      sql: `c.id IN (SELECT cs.diving_center_id FROM diving_center_search cs WHERE ${words
        .map(() => `CONCAT(' ', cs.names) LIKE ? ${ESC}`)
        .join(' AND ')})`,
      params: words.map((w) => `% ${escapeLike(w)}%`),
    };
  }
  return { sql: `c.name LIKE ? ${ESC}`, params: [containsPattern(search)] };
}

/**
 * Whether the names document of a center holds every required word of `search` as a word prefix —
 * what `MATCH(names) AGAINST ('+w*' ...)` asks, both sides folded alike. A search without words
 * matched the name itself (the literal fallback): true.
 */
export function namesMatch(search: string, namesDocument: string): boolean {
  const required = requiredWords(search);
  const words = namesDocument.split(' ').filter((w) => w.length > 0);
  return required.every((q) => words.some((w) => w.startsWith(q)));
}

/** How a center found by the word search matched: its exact name, its name's words, or other texts. */
export function matchTypeOf(search: string, name: string, namesDocument: string | undefined): MatchType {
  if (isExactName(search, [name])) return 'exact';
  return namesMatch(search, namesDocument ?? searchWords(name).join(' ')) ? 'name' : 'text';
}
