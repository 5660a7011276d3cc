import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 (performance at scale), points 3 and 6:
 *
 * - **Rating aggregates on the rated row**: `rating_count` and `rating_sum` on dive_sites and
 *   diving_centers, filled here from the ratings and kept from now on in the transaction of each
 *   rating (common/reviews/reviews-store.ts) and of each user deletion that cascades ratings away
 *   (users' UserRemovalParticipants). Lists, their rating filter and their rating sort read two
 *   columns instead of a correlated AVG/COUNT per row.
 * - **List indexes designed with their queries** (DECISIONS.md D27; spec/spatial-notes.md §9): each
 *   equality filter of a list leads an index that continues with the archive filter and the default
 *   order (name), so the count is an index range and a page reads only its rows in order:
 *   sites `(deleted_at, name)`, `(country, deleted_at, name)`, `(region, deleted_at, name)`,
 *   `(difficulty_id, deleted_at, name)` — they replace the single-column deleted_at, country, region
 *   and difficulty_id indexes, which are their prefixes; centers `(country, name)`, `(region, name)`,
 *   `(city, name)`; dives `(is_private, dive_date, dive_time)` for the public list and its count and
 *   `(user_id, dive_date, dive_time)` for one user's dives in their default order.
 *
 * The fill keeps `updated_at` (an aggregate is not an edit of the row). Each table is altered in one statement (one rebuild at most; the new columns are INSTANT on both
 * servers). On MariaDB and MySQL alike the foreign keys keep an index: a replacement is created in the
 * same statement that drops the index it replaces.
 */
export class AddRatingAggregatesAndListIndexes1796500000000 implements MigrationInterface {
  name = 'AddRatingAggregatesAndListIndexes1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, ratings, parent] of [
      ['dive_sites', 'site_ratings', 'dive_site_id'],
      ['diving_centers', 'center_ratings', 'diving_center_id'],
    ] as const) {
      await queryRunner.query(
        `ALTER TABLE \`${table}\`
           ADD COLUMN \`rating_count\` INT UNSIGNED NOT NULL DEFAULT 0,
           ADD COLUMN \`rating_sum\` INT UNSIGNED NOT NULL DEFAULT 0`,
      );
      await queryRunner.query(
        `UPDATE \`${table}\` t JOIN (SELECT \`${parent}\` AS id, COUNT(*) AS n, SUM(score) AS total
                                     FROM \`${ratings}\` GROUP BY \`${parent}\`) r ON r.id = t.id
            SET t.rating_count = r.n, t.rating_sum = r.total, t.updated_at = t.updated_at`,
      );
    }
    await queryRunner.query(
      `ALTER TABLE \`dive_sites\`
         DROP INDEX \`idx_dive_sites_deleted_at\`,
         DROP INDEX \`idx_dive_sites_country\`,
         DROP INDEX \`idx_dive_sites_region\`,
         DROP INDEX \`fk_dive_sites_difficulty_id\`,
         ADD INDEX \`idx_dive_sites_deleted_at_name\` (\`deleted_at\`, \`name\`),
         ADD INDEX \`idx_dive_sites_country_deleted_at_name\` (\`country\`, \`deleted_at\`, \`name\`),
         ADD INDEX \`idx_dive_sites_region_deleted_at_name\` (\`region\`, \`deleted_at\`, \`name\`),
         ADD INDEX \`idx_dive_sites_difficulty_id_deleted_at_name\` (\`difficulty_id\`, \`deleted_at\`, \`name\`)`,
    );
    await queryRunner.query(
      `ALTER TABLE \`diving_centers\`
         DROP INDEX \`idx_diving_centers_country\`,
         DROP INDEX \`idx_diving_centers_region\`,
         DROP INDEX \`idx_diving_centers_city\`,
         ADD INDEX \`idx_diving_centers_country_name\` (\`country\`, \`name\`),
         ADD INDEX \`idx_diving_centers_region_name\` (\`region\`, \`name\`),
         ADD INDEX \`idx_diving_centers_city_name\` (\`city\`, \`name\`)`,
    );
    await queryRunner.query(
      `ALTER TABLE \`dives\`
         DROP INDEX \`idx_dives_is_private\`,
         DROP INDEX \`idx_dives_user_id_dive_date\`,
         ADD INDEX \`idx_dives_is_private_dive_date_dive_time\` (\`is_private\`, \`dive_date\`, \`dive_time\`),
         ADD INDEX \`idx_dives_user_id_dive_date_dive_time\` (\`user_id\`, \`dive_date\`, \`dive_time\`)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`dives\`
         DROP INDEX \`idx_dives_user_id_dive_date_dive_time\`,
         DROP INDEX \`idx_dives_is_private_dive_date_dive_time\`,
         ADD INDEX \`idx_dives_user_id_dive_date\` (\`user_id\`, \`dive_date\`),
         ADD INDEX \`idx_dives_is_private\` (\`is_private\`)`,
    );
    await queryRunner.query(
      `ALTER TABLE \`diving_centers\`
         DROP INDEX \`idx_diving_centers_city_name\`,
         DROP INDEX \`idx_diving_centers_region_name\`,
         DROP INDEX \`idx_diving_centers_country_name\`,
         ADD INDEX \`idx_diving_centers_city\` (\`city\`),
         ADD INDEX \`idx_diving_centers_region\` (\`region\`),
         ADD INDEX \`idx_diving_centers_country\` (\`country\`)`,
    );
    await queryRunner.query(
      `ALTER TABLE \`dive_sites\`
         DROP INDEX \`idx_dive_sites_difficulty_id_deleted_at_name\`,
         DROP INDEX \`idx_dive_sites_region_deleted_at_name\`,
         DROP INDEX \`idx_dive_sites_country_deleted_at_name\`,
         DROP INDEX \`idx_dive_sites_deleted_at_name\`,
         ADD INDEX \`fk_dive_sites_difficulty_id\` (\`difficulty_id\`),
         ADD INDEX \`idx_dive_sites_region\` (\`region\`),
         ADD INDEX \`idx_dive_sites_country\` (\`country\`),
         ADD INDEX \`idx_dive_sites_deleted_at\` (\`deleted_at\`)`,
    );
    for (const table of ['diving_centers', 'dive_sites']) {
      await queryRunner.query(
        `ALTER TABLE \`${table}\` DROP COLUMN \`rating_sum\`, DROP COLUMN \`rating_count\``,
      );
    }
  }
}
