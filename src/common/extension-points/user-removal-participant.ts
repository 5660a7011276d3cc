import type { EntityManager } from 'typeorm';

/**
 * A module holding rows that a user's permanent deletion takes with it (the foreign keys CASCADE)
 * and that something else summarises: dive sites and diving centers keep `rating_count` /
 * `rating_sum` of their ratings, which a cascaded delete would leave stale (InnoDB runs no trigger on
 * cascaded rows either). The users module sits below those modules and never imports them: each one
 * implements this interface and registers with the users module's UserRemovalParticipants when it
 * initialises (issue 14's extension points live in common/).
 */
export interface UserRemovalParticipant {
  /**
   * Called in the deletion's transaction, before the user row is deleted: settle what depends on the
   * user's rows (e.g. subtract their ratings from the aggregates, then delete them). If the deletion
   * is refused afterwards (a RESTRICT foreign key), the transaction rolls this back too.
   */
  beforeUserDeleted(userId: number, em: EntityManager): Promise<void>;
}
