import { containsPattern, LIKE_ESCAPE } from '../../common/pagination/like';
import { booleanQuery, columnTextQuery } from '../../common/text/search-text';
import { CenterReadModel } from '../centers/center.read-model';
import { SiteReadModel } from '../sites/site.read-model';

/**
 * How the trips list's `search_query` becomes SQL (issue 15; common/text/search-text.ts says how words
 * are folded). A trip matches when its description or special requirements, its diving center's name,
 * or the name (or an alias) of a live dive site of one of its dives holds every word of the search as a
 * word prefix, case and accents aside. Three FULLTEXT indexes answer it:
 * - the trip's own texts, `ft_parsed_dive_trips_text` on parsed_dive_trips(trip_description,
 *   special_requirements): raw columns, no search document. Their collation (utf8mb4_unicode_ci)
 *   ignores case and accents, Greek tonos and final sigma included ("ΝΑΥΑΓΙΟ" finds "ναυάγιο", on both
 *   servers), and the server's tokenizer splits words at apostrophes, so apostrophes become spaces in
 *   the query (columnTextQuery). What a document would add is Latin spellings of Greek words: the
 *   issue asks that of names, and a trip's names are its center and its sites, asked through their own
 *   documents below; a document of the trip's prose would be one more table to keep in step with every
 *   trip write (create, update, newsletter parse, reparse) for no name it holds;
 * - the center's search document through the centers module's read model (CenterReadModel.nameMatches);
 * - the sites' search documents through the sites module's read model (SiteReadModel.nameMatches:
 *   names and aliases, Greek also found by its Latin spellings), restricted to live sites as before.
 * The three are a UNION of trip ids, not an OR in the WHERE clause: an OR of MATCH with other
 * conditions cannot use a FULLTEXT index and reads every trip. Words shorter than the index's tokens
 * only ("ab", "%"): the previous substring LIKE over the same four texts (a scan, for searches too short
 * to be selective anyway).
 */

const LIKE = `LIKE ? ESCAPE '${LIKE_ESCAPE}'`;
const LIVE_SITES = SiteReadModel.liveSites;

/**
 * The condition that a trip (alias `t`, parsed_dive_trips; its center `c`, CenterReadModel.centers)
 * matches `search`.
 */
export function tripSearchCondition(search: string): { sql: string; params: unknown[] } {
  const names = booleanQuery(search);
  if (!names) {
    const p = containsPattern(search);
    return {
      sql: `(t.trip_description ${LIKE} OR t.special_requirements ${LIKE} OR c.name ${LIKE}
        OR EXISTS (SELECT 1 FROM parsed_dives pd JOIN ${LIVE_SITES} s ON s.id = pd.dive_site_id
                    WHERE pd.trip_id = t.id AND s.name ${LIKE}))`,
      params: [p, p, p, p],
    };
  }
  const branches: string[] = [];
  const params: unknown[] = [];
  const own = columnTextQuery(search);
  if (own) {
    // Only a word joined across an apostrophe is long enough ("d'ab" -> dab): the names alone.
    branches.push(
      'SELECT ttm.id FROM parsed_dive_trips ttm WHERE MATCH(ttm.trip_description, ttm.special_requirements) AGAINST (? IN BOOLEAN MODE)',
    );
    params.push(own);
  }
  branches.push(
    `SELECT tcm.id FROM parsed_dive_trips tcm WHERE tcm.diving_center_id IN ${CenterReadModel.nameMatches}`,
    `SELECT pdm.trip_id FROM parsed_dives pdm JOIN ${LIVE_SITES} sm ON sm.id = pdm.dive_site_id
      WHERE sm.id IN ${SiteReadModel.nameMatches}`,
  );
  params.push(names, names);
  return { sql: `t.id IN (SELECT tm.id FROM (${branches.join(' UNION ')}) tm)`, params };
}
