/**
 * What other modules' SQL may read of the tag vocabulary (issue 14): a plain projection that MySQL and
 * MariaDB merge into the outer query.
 */
export const TagReadModel = {
  /** id, name */
  tags: '(SELECT id, name FROM available_tags)',
} as const;
