import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users' dive logs with their media and tags. `user_id` is RESTRICT: a user with dives cannot be
 * hard-deleted (DECISIONS.md D17); site, center and difficulty are SET NULL so nobody else's delete
 * removes a log (D5). The range CHECKs are here because TypeORM cannot emit them (D7).
 */
export class CreateDives1764028806000 implements MigrationInterface {
  name = 'CreateDives1764028806000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`dives\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`user_id\` int NOT NULL,
        \`dive_site_id\` int NULL,
        \`diving_center_id\` int NULL,
        \`name\` varchar(255) NULL,
        \`is_private\` tinyint NOT NULL DEFAULT 0,
        \`dive_information\` text NULL,
        \`max_depth\` decimal(6,3) NULL,
        \`average_depth\` decimal(6,3) NULL,
        \`gas_bottles_used\` text NULL,
        \`suit_type\` enum('wet_suit', 'dry_suit', 'shortie') NULL,
        \`difficulty_id\` int NULL,
        \`visibility_rating\` int NULL,
        \`user_rating\` int NULL,
        \`dive_date\` date NOT NULL,
        \`dive_time\` time NULL,
        \`duration\` int NULL,
        \`view_count\` int NOT NULL DEFAULT 0,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        INDEX \`idx_dives_user_id_dive_date\` (\`user_id\`, \`dive_date\`),
        INDEX \`idx_dives_dive_date\` (\`dive_date\`),
        INDEX \`idx_dives_dive_site_id\` (\`dive_site_id\`),
        INDEX \`idx_dives_is_private\` (\`is_private\`),
        CONSTRAINT \`fk_dives_user_id\` FOREIGN KEY (\`user_id\`)
          REFERENCES \`users\` (\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION,
        CONSTRAINT \`fk_dives_dive_site_id\` FOREIGN KEY (\`dive_site_id\`)
          REFERENCES \`dive_sites\` (\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT \`fk_dives_diving_center_id\` FOREIGN KEY (\`diving_center_id\`)
          REFERENCES \`diving_centers\` (\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT \`fk_dives_difficulty_id\` FOREIGN KEY (\`difficulty_id\`)
          REFERENCES \`difficulty_levels\` (\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT \`chk_dives_visibility_rating\` CHECK (\`visibility_rating\` BETWEEN 1 AND 10),
        CONSTRAINT \`chk_dives_user_rating\` CHECK (\`user_rating\` BETWEEN 1 AND 10),
        CONSTRAINT \`chk_dives_max_depth\` CHECK (\`max_depth\` BETWEEN 0 AND 999.999),
        CONSTRAINT \`chk_dives_average_depth\` CHECK (\`average_depth\` BETWEEN 0 AND 999.999),
        CONSTRAINT \`chk_dives_duration\` CHECK (\`duration\` > 0)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE \`dive_media\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`dive_id\` int NOT NULL,
        \`media_type\` enum('photo', 'video', 'dive_plan', 'external_link') NOT NULL,
        \`url\` varchar(500) NOT NULL,
        \`description\` text NULL,
        \`title\` varchar(255) NULL,
        \`thumbnail_url\` varchar(500) NULL,
        \`medium_url\` varchar(500) NULL,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        CONSTRAINT \`fk_dive_media_dive_id\` FOREIGN KEY (\`dive_id\`)
          REFERENCES \`dives\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE \`dive_tags\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`dive_id\` int NOT NULL,
        \`tag_id\` int NOT NULL,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`uq_dive_tags_dive_id_tag_id\` (\`dive_id\`, \`tag_id\`),
        CONSTRAINT \`fk_dive_tags_dive_id\` FOREIGN KEY (\`dive_id\`)
          REFERENCES \`dives\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT \`fk_dive_tags_tag_id\` FOREIGN KEY (\`tag_id\`)
          REFERENCES \`available_tags\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `dive_tags`');
    await queryRunner.query('DROP TABLE `dive_media`');
    await queryRunner.query('DROP TABLE `dives`');
  }
}
