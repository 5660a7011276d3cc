import type { DataSource } from 'typeorm';

/**
 * Ratings inserted straight into site_ratings / center_ratings (fixtures) bypass the reviews store,
 * which keeps `rating_count` / `rating_sum` on the rated rows: this recomputes both aggregates of
 * every site and center from the ratings, as the migration AddRatingAggregatesAndListIndexes did.
 */
export async function syncRatingAggregates(ds: DataSource): Promise<void> {
  for (const [table, ratings, parent] of [
    ['dive_sites', 'site_ratings', 'dive_site_id'],
    ['diving_centers', 'center_ratings', 'diving_center_id'],
  ] as const) {
    await ds.query(
      `UPDATE ${table} t LEFT JOIN (SELECT ${parent} AS id, COUNT(*) AS n, SUM(score) AS total
                                      FROM ${ratings} GROUP BY ${parent}) r ON r.id = t.id
          SET t.rating_count = COALESCE(r.n, 0), t.rating_sum = COALESCE(r.total, 0), t.updated_at = t.updated_at`,
    );
  }
}
