/** The columns of dive_sites that other modules may read (plain columns: the relation stays mergeable). */
const SITE_COLUMNS =
  'id, name, description, country, region, latitude, longitude, max_depth, difficulty_id, marine_life, ' +
  'safety_information, access_instructions, created_by, deleted_at';

/**
 * What other modules' SQL may read of the sites module's tables (issue 14: no module queries another
 * module's tables except through read models the owning module exports). Each relation is a plain
 * projection — no aggregate, no DISTINCT, no subquery in its select list — so MySQL and MariaDB merge
 * it into the outer query (derived_merge) and the tables' indexes serve it as if it were the table.
 * Columns not listed here are the sites module's own business.
 */
export const SiteReadModel = {
  /**
   * Every dive site, archived ones included (`deleted_at` says so): id, name, description, country,
   * region, latitude, longitude, max_depth, difficulty_id, marine_life, safety_information,
   * access_instructions, created_by, deleted_at
   */
  sites: `(SELECT ${SITE_COLUMNS} FROM dive_sites)`,
  /** The dive sites that are not archived, same columns */
  liveSites: `(SELECT ${SITE_COLUMNS} FROM dive_sites WHERE deleted_at IS NULL)`,
  /** Other names of a site: id, dive_site_id, alias */
  aliases: '(SELECT id, dive_site_id, alias FROM dive_site_aliases)',
  /** The tags put on sites: dive_site_id, tag_id */
  siteTags: '(SELECT dive_site_id, tag_id FROM dive_site_tags)',
  /**
   * SQL expression: the average rating (1-10) of the site whose id is the SQL `siteId`; NULL without
   * ratings. From the aggregates kept on the site's row (one primary-key lookup).
   */
  averageRating: (siteId: string): string =>
    `(SELECT IF(ra.rating_count = 0, NULL, ra.rating_sum / ra.rating_count) FROM dive_sites ra WHERE ra.id = ${siteId})`,
  /**
   * SQL subquery: the ids of the sites (archived included) whose names, aliases, place or description
   * match one `?` parameter, a BOOLEAN MODE query built by common/text/search-text.ts booleanQuery().
   * Served by the FULLTEXT index of the sites' search documents.
   */
  searchMatches:
    '(SELECT ssm.dive_site_id FROM dive_site_search ssm WHERE MATCH(ssm.names, ssm.body) AGAINST (? IN BOOLEAN MODE))',
  /** SQL subquery: the ids of the sites whose names or aliases match one `?` booleanQuery() parameter */
  nameMatches:
    '(SELECT ssn.dive_site_id FROM dive_site_search ssn WHERE MATCH(ssn.names) AGAINST (? IN BOOLEAN MODE))',
} as const;
