/**
 * What other modules' SQL may read of the dives module's tables (issue 14): plain projections that
 * MySQL and MariaDB merge into the outer query. Privacy stays the reader's duty: `is_private` is
 * listed so that a reader can (and must) filter on it or on `user_id`.
 */
export const DiveReadModel = {
  /** Logged dives: id, user_id, name, dive_site_id, dive_date, dive_time, is_private */
  dives: '(SELECT id, user_id, name, dive_site_id, dive_date, dive_time, is_private FROM dives)',
  /** The tags put on dives: dive_id, tag_id */
  diveTags: '(SELECT dive_id, tag_id FROM dive_tags)',
} as const;
