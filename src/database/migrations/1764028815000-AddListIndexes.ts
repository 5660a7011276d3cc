import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for what the lists sort and filter by (spec/spatial-notes.md §9: design list queries and
 * indexes together): the dives list's default order (dive_date desc, dive_time desc) — whose prefix
 * also serves date ranges, so the single-column dive_date index goes — and the latitude/longitude
 * ranges of the bbox filter on sites and centers.
 */
export class AddListIndexes1764028815000 implements MigrationInterface {
  name = 'AddListIndexes1764028815000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX `idx_dives_dive_date_dive_time` ON `dives` (`dive_date`, `dive_time`)',
    );
    await queryRunner.query('DROP INDEX `idx_dives_dive_date` ON `dives`');
    await queryRunner.query(
      'CREATE INDEX `idx_dive_sites_latitude_longitude` ON `dive_sites` (`latitude`, `longitude`)',
    );
    await queryRunner.query(
      'CREATE INDEX `idx_diving_centers_latitude_longitude` ON `diving_centers` (`latitude`, `longitude`)',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_diving_centers_latitude_longitude` ON `diving_centers`');
    await queryRunner.query('DROP INDEX `idx_dive_sites_latitude_longitude` ON `dive_sites`');
    await queryRunner.query('CREATE INDEX `idx_dives_dive_date` ON `dives` (`dive_date`)');
    await queryRunner.query('DROP INDEX `idx_dives_dive_date_dive_time` ON `dives`');
  }
}
