import { containsPattern, LIKE_ESCAPE } from '../../common/pagination/like';
import {
  booleanQuery,
  columnTextQuery,
  isExactName,
  MIN_TOKEN_LENGTH,
  searchWords,
  type MatchType,
} from '../../common/text/search-text';
import { APOSTROPHES } from '../../common/text/site-name-similarity';
import { SiteReadModel } from '../sites/site.read-model';

/**
 * How a dive search becomes SQL (issue 15; common/text/search-text.ts says how words are folded).
 * Two FULLTEXT indexes answer it:
 * - the dive's own texts, `ft_dives_text` on dives(name, dive_information): raw columns, whose
 *   collation (utf8mb4_unicode_ci) ignores case and accents, and which the server's tokenizer splits
 *   at apostrophes ("d'Azur" → d + azur), so apostrophes become spaces before the query is built;
 * - the site's search document (names and aliases, place, description) through the sites module's read
 *   model (SiteReadModel.searchMatches / nameMatches), asked with the folded words (apostrophes
 *   dropped, Greek also matched by its Latin spellings: the document holds them).
 * The two are a UNION of dive ids, not an OR in the WHERE clause: an OR of MATCH with another
 * condition cannot use the FULLTEXT index and reads every dive (measured at 200,000 dives: 0.2–0.3 s
 * for a word nobody wrote, against 2 ms for the UNION). Privacy is not part of it: the list's
 * visibility condition applies to the outer query like every other filter.
 * Words shorter than the index's tokens only ("ab"): the previous substring LIKE (a scan, for searches
 * too short to be selective anyway).
 */

const LIKE = `LIKE ? ESCAPE '${LIKE_ESCAPE}'`;

/** The BOOLEAN MODE query for the dives' raw columns (apostrophes split words, as the server does). */
export const diveTextQuery = columnTextQuery;

/** The condition that a dive (alias `d`, its site `s`) matches the list's `search`. */
export function diveSearchCondition(search: string): { sql: string; params: unknown[] } {
  const own = diveTextQuery(search);
  const site = booleanQuery(search);
  if (!site) {
    const p = containsPattern(search);
    return {
      sql: `(d.name ${LIKE} OR d.dive_information ${LIKE} OR s.name ${LIKE} OR s.description ${LIKE})`,
      params: [p, p, p, p],
    };
  }
  const bySite = `SELECT dsm.id FROM dives dsm WHERE dsm.dive_site_id IN ${SiteReadModel.searchMatches}`;
  if (!own) {
    // Only a word joined across an apostrophe is long enough ("d'ab" → dab): the sites' documents alone.
    return { sql: `d.id IN (${bySite})`, params: [site] };
  }
  return {
    sql: `d.id IN (SELECT sm.id FROM (
      SELECT dtm.id FROM dives dtm WHERE MATCH(dtm.name, dtm.dive_information) AGAINST (? IN BOOLEAN MODE)
      UNION ${bySite}) sm)`,
    params: [own, site],
  };
}

/** The condition that a dive's site is named (name or alias) `name`. */
export function diveSiteNameCondition(name: string): { sql: string; params: unknown[] } {
  const query = booleanQuery(name);
  if (query) return { sql: `d.dive_site_id IN ${SiteReadModel.nameMatches}`, params: [query] };
  const p = containsPattern(name);
  return {
    sql: `(s.name ${LIKE} OR EXISTS (SELECT 1 FROM ${SiteReadModel.aliases} a WHERE a.dive_site_id = d.dive_site_id AND a.alias ${LIKE}))`,
    params: [p, p],
  };
}

/** Whether every word the search requires is the prefix of a word of `text` (as the dive index splits it). */
export function wordsMatch(search: string, text: string | null): boolean {
  const words = [...new Set(searchWords(search.replace(APOSTROPHES, ' ')))];
  const indexed = words.filter((w) => [...w].length >= MIN_TOKEN_LENGTH);
  const required = indexed.length > 0 ? indexed : words;
  const own = searchWords((text ?? '').replace(APOSTROPHES, ' '));
  return required.length > 0 && required.every((q) => own.some((w) => w.startsWith(q)));
}

/**
 * How a dive found by `search` matched: `exact` when the search is the dive's or its site's name,
 * `name` when its words are in the dive's name or the site's names and aliases (`siteNameMatched`),
 * `text` otherwise (dive information, the site's place or description).
 */
export function diveMatchType(
  search: string,
  dive: { name: string | null; site_name: string | null },
  siteNameMatched: boolean,
): MatchType {
  const names = [dive.name, dive.site_name].filter((n): n is string => n !== null);
  if (isExactName(search, names)) return 'exact';
  return siteNameMatched || wordsMatch(search, dive.name) ? 'name' : 'text';
}
