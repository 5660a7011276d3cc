/**
 * What other modules' SQL may read of the centers module's tables (issue 14): a plain projection that
 * MySQL and MariaDB merge into the outer query, so the table's indexes serve it. See
 * sites/site.read-model.ts.
 */
export const CenterReadModel = {
  /** Every diving center with its place and contact details */
  centers:
    '(SELECT id, name, description, email, phone, website, country, region, city, address, latitude, longitude FROM diving_centers)',
  /**
   * SQL subquery: the ids of the centers whose name matches one `?` parameter, a BOOLEAN MODE query built
   * by common/text/search-text.ts booleanQuery(). Served by the FULLTEXT index of the centers' search
   * documents (diving_center_search.names: the name folded, with Latin spellings of Greek).
   */
  nameMatches:
    '(SELECT csn.diving_center_id FROM diving_center_search csn WHERE MATCH(csn.names) AGAINST (? IN BOOLEAN MODE))',
} as const;
