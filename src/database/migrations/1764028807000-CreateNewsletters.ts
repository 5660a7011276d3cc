import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Newsletters and the dive trips (and their dives) parsed out of them. A trip belongs to its center
 * (CASCADE) and outlives its newsletter and difficulty (SET NULL), DECISIONS.md D5.
 */
export class CreateNewsletters1764028807000 implements MigrationInterface {
  name = 'CreateNewsletters1764028807000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`newsletters\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`content\` longtext NOT NULL,
        \`received_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE \`parsed_dive_trips\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`diving_center_id\` int NULL,
        \`trip_date\` date NOT NULL,
        \`trip_time\` time NULL,
        \`trip_duration\` int NULL,
        \`trip_difficulty_id\` int NULL,
        \`trip_price\` decimal(10,2) NULL,
        \`trip_currency\` char(3) NOT NULL DEFAULT 'EUR',
        \`group_size_limit\` int NULL,
        \`current_bookings\` int NOT NULL DEFAULT 0,
        \`trip_description\` text NULL,
        \`special_requirements\` text NULL,
        \`trip_status\` enum('scheduled', 'confirmed', 'cancelled', 'completed') NOT NULL DEFAULT 'scheduled',
        \`source_newsletter_id\` int NULL,
        \`view_count\` int NOT NULL DEFAULT 0,
        \`extracted_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        INDEX \`idx_parsed_dive_trips_trip_date\` (\`trip_date\`),
        INDEX \`idx_parsed_dive_trips_trip_status\` (\`trip_status\`),
        CONSTRAINT \`fk_parsed_dive_trips_diving_center_id\` FOREIGN KEY (\`diving_center_id\`)
          REFERENCES \`diving_centers\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT \`fk_parsed_dive_trips_trip_difficulty_id\` FOREIGN KEY (\`trip_difficulty_id\`)
          REFERENCES \`difficulty_levels\` (\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT \`fk_parsed_dive_trips_source_newsletter_id\` FOREIGN KEY (\`source_newsletter_id\`)
          REFERENCES \`newsletters\` (\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE \`parsed_dives\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`trip_id\` int NOT NULL,
        \`dive_site_id\` int NULL,
        \`dive_number\` int NOT NULL,
        \`dive_time\` time NULL,
        \`dive_duration\` int NULL,
        \`dive_description\` text NULL,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        CONSTRAINT \`fk_parsed_dives_trip_id\` FOREIGN KEY (\`trip_id\`)
          REFERENCES \`parsed_dive_trips\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT \`fk_parsed_dives_dive_site_id\` FOREIGN KEY (\`dive_site_id\`)
          REFERENCES \`dive_sites\` (\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `parsed_dives`');
    await queryRunner.query('DROP TABLE `parsed_dive_trips`');
    await queryRunner.query('DROP TABLE `newsletters`');
  }
}
