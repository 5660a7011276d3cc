import type { MigrationInterface, QueryRunner } from 'typeorm';
import { flavourOfOptions, spatialSql } from '../spatial';

/**
 * Diving centers and what hangs off them: ratings, comments, dive-site links, gear rental and
 * organization links, all CASCADE with the center (DECISIONS.md D5).
 *
 * `location` is the SRID-4326 POINT of spec/spatial-notes.md §1. TypeORM never emits the SRID, and the
 * spec's `POINT SRID 4326` is a syntax error on MariaDB, so the column DDL comes from spatialSql() for
 * the server this runs on (the DataSource's `type` is the detected flavour). The table is new, so the
 * column is created NOT NULL with the sentinel default and its spatial index right away.
 */
export class CreateDivingCenters1764028805000 implements MigrationInterface {
  name = 'CreateDivingCenters1764028805000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const spatial = spatialSql(flavourOfOptions(queryRunner.connection.options));
    await queryRunner.query(`
      CREATE TABLE \`diving_centers\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`name\` varchar(255) NOT NULL,
        \`description\` text NULL,
        \`address\` text NULL,
        \`email\` varchar(255) NULL,
        \`phone\` varchar(50) NULL,
        \`website\` varchar(255) NULL,
        \`latitude\` decimal(10,8) NULL,
        \`longitude\` decimal(11,8) NULL,
        \`country\` varchar(100) NULL,
        \`region\` varchar(100) NULL,
        \`city\` varchar(100) NULL,
        \`location\` ${spatial.pointColumnWithSentinelDefault()},
        \`view_count\` int NOT NULL DEFAULT 0,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        INDEX \`idx_diving_centers_name\` (\`name\`),
        INDEX \`idx_diving_centers_country\` (\`country\`),
        INDEX \`idx_diving_centers_region\` (\`region\`),
        INDEX \`idx_diving_centers_city\` (\`city\`),
        SPATIAL INDEX \`idx_diving_centers_location\` (\`location\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE \`center_ratings\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`diving_center_id\` int NOT NULL,
        \`user_id\` int NOT NULL,
        \`score\` int NOT NULL,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`uq_center_ratings_diving_center_id_user_id\` (\`diving_center_id\`, \`user_id\`),
        CONSTRAINT \`fk_center_ratings_diving_center_id\` FOREIGN KEY (\`diving_center_id\`)
          REFERENCES \`diving_centers\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT \`fk_center_ratings_user_id\` FOREIGN KEY (\`user_id\`)
          REFERENCES \`users\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT \`chk_center_ratings_score\` CHECK (\`score\` BETWEEN 1 AND 10)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE \`center_comments\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`diving_center_id\` int NOT NULL,
        \`user_id\` int NOT NULL,
        \`comment_text\` text NOT NULL,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        CONSTRAINT \`fk_center_comments_diving_center_id\` FOREIGN KEY (\`diving_center_id\`)
          REFERENCES \`diving_centers\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT \`fk_center_comments_user_id\` FOREIGN KEY (\`user_id\`)
          REFERENCES \`users\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE \`center_dive_sites\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`diving_center_id\` int NOT NULL,
        \`dive_site_id\` int NOT NULL,
        \`dive_cost\` decimal(10,2) NULL,
        \`currency\` char(3) NOT NULL DEFAULT 'EUR',
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`uq_center_dive_sites_diving_center_id_dive_site_id\` (\`diving_center_id\`, \`dive_site_id\`),
        CONSTRAINT \`fk_center_dive_sites_diving_center_id\` FOREIGN KEY (\`diving_center_id\`)
          REFERENCES \`diving_centers\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT \`fk_center_dive_sites_dive_site_id\` FOREIGN KEY (\`dive_site_id\`)
          REFERENCES \`dive_sites\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE \`gear_rental_costs\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`diving_center_id\` int NOT NULL,
        \`item_name\` varchar(100) NOT NULL,
        \`cost\` decimal(10,2) NOT NULL,
        \`currency\` char(3) NOT NULL DEFAULT 'EUR',
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        CONSTRAINT \`fk_gear_rental_costs_diving_center_id\` FOREIGN KEY (\`diving_center_id\`)
          REFERENCES \`diving_centers\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE \`diving_center_organizations\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`diving_center_id\` int NOT NULL,
        \`diving_organization_id\` int NOT NULL,
        \`is_primary\` tinyint NOT NULL DEFAULT 0,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`unique_center_org\` (\`diving_center_id\`, \`diving_organization_id\`),
        CONSTRAINT \`fk_diving_center_organizations_diving_center_id\` FOREIGN KEY (\`diving_center_id\`)
          REFERENCES \`diving_centers\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT \`fk_diving_center_organizations_diving_organization_id\` FOREIGN KEY (\`diving_organization_id\`)
          REFERENCES \`diving_organizations\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `diving_center_organizations`');
    await queryRunner.query('DROP TABLE `gear_rental_costs`');
    await queryRunner.query('DROP TABLE `center_dive_sites`');
    await queryRunner.query('DROP TABLE `center_comments`');
    await queryRunner.query('DROP TABLE `center_ratings`');
    await queryRunner.query('DROP TABLE `diving_centers`');
  }
}
