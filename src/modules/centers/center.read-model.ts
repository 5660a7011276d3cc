/**
 * What other modules' SQL may read of the centers module's tables (issue 14): a plain projection that
 * MySQL and MariaDB merge into the outer query, so the table's indexes serve it. See
 * sites/site.read-model.ts.
 */
export const CenterReadModel = {
  /** Every diving center with its place and contact details */
  centers:
    '(SELECT id, name, description, email, phone, website, country, region, city, address, latitude, longitude FROM diving_centers)',
} as const;
