import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dive sites and what hangs off them: aliases, media, ratings, comments, tags. Everything below a site
 * CASCADEs with it (DECISIONS.md D5); the site's `location` column comes in a later migration.
 */
export class CreateDiveSites1764028804000 implements MigrationInterface {
  name = 'CreateDiveSites1764028804000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`dive_sites\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`name\` varchar(255) NOT NULL,
        \`description\` text NULL,
        \`latitude\` decimal(10,8) NULL,
        \`longitude\` decimal(11,8) NULL,
        \`address\` text NULL,
        \`access_instructions\` text NULL,
        \`dive_plans\` text NULL,
        \`gas_tanks_necessary\` text NULL,
        \`difficulty_id\` int NULL,
        \`marine_life\` text NULL,
        \`safety_information\` text NULL,
        \`max_depth\` decimal(6,3) NULL,
        \`country\` varchar(100) NULL,
        \`region\` varchar(100) NULL,
        \`view_count\` int NOT NULL DEFAULT 0,
        \`created_by\` int NULL,
        \`deleted_at\` datetime(6) NULL,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        INDEX \`idx_dive_sites_name\` (\`name\`),
        INDEX \`idx_dive_sites_country\` (\`country\`),
        INDEX \`idx_dive_sites_region\` (\`region\`),
        INDEX \`idx_dive_sites_created_at\` (\`created_at\`),
        INDEX \`idx_dive_sites_deleted_at\` (\`deleted_at\`),
        CONSTRAINT \`fk_dive_sites_difficulty_id\` FOREIGN KEY (\`difficulty_id\`)
          REFERENCES \`difficulty_levels\` (\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT \`fk_dive_sites_created_by\` FOREIGN KEY (\`created_by\`)
          REFERENCES \`users\` (\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION,
        CONSTRAINT \`chk_dive_sites_max_depth\` CHECK (\`max_depth\` BETWEEN 0 AND 999.999)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE \`dive_site_aliases\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`dive_site_id\` int NOT NULL,
        \`alias\` varchar(255) NOT NULL,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`_dive_site_alias_uc\` (\`dive_site_id\`, \`alias\`),
        CONSTRAINT \`fk_dive_site_aliases_dive_site_id\` FOREIGN KEY (\`dive_site_id\`)
          REFERENCES \`dive_sites\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE \`site_media\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`dive_site_id\` int NOT NULL,
        \`user_id\` int NULL,
        \`media_type\` enum('photo', 'video', 'dive_plan', 'external_link') NOT NULL,
        \`url\` varchar(500) NOT NULL,
        \`description\` text NULL,
        \`thumbnail_url\` varchar(500) NULL,
        \`medium_url\` varchar(500) NULL,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        CONSTRAINT \`fk_site_media_dive_site_id\` FOREIGN KEY (\`dive_site_id\`)
          REFERENCES \`dive_sites\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT \`fk_site_media_user_id\` FOREIGN KEY (\`user_id\`)
          REFERENCES \`users\` (\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE \`site_ratings\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`dive_site_id\` int NOT NULL,
        \`user_id\` int NOT NULL,
        \`score\` int NOT NULL,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`uq_site_ratings_dive_site_id_user_id\` (\`dive_site_id\`, \`user_id\`),
        CONSTRAINT \`fk_site_ratings_dive_site_id\` FOREIGN KEY (\`dive_site_id\`)
          REFERENCES \`dive_sites\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT \`fk_site_ratings_user_id\` FOREIGN KEY (\`user_id\`)
          REFERENCES \`users\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT \`chk_site_ratings_score\` CHECK (\`score\` BETWEEN 1 AND 10)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE \`site_comments\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`dive_site_id\` int NOT NULL,
        \`user_id\` int NOT NULL,
        \`comment_text\` text NOT NULL,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        CONSTRAINT \`fk_site_comments_dive_site_id\` FOREIGN KEY (\`dive_site_id\`)
          REFERENCES \`dive_sites\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT \`fk_site_comments_user_id\` FOREIGN KEY (\`user_id\`)
          REFERENCES \`users\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE \`dive_site_tags\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`dive_site_id\` int NOT NULL,
        \`tag_id\` int NOT NULL,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`uq_dive_site_tags_dive_site_id_tag_id\` (\`dive_site_id\`, \`tag_id\`),
        CONSTRAINT \`fk_dive_site_tags_dive_site_id\` FOREIGN KEY (\`dive_site_id\`)
          REFERENCES \`dive_sites\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT \`fk_dive_site_tags_tag_id\` FOREIGN KEY (\`tag_id\`)
          REFERENCES \`available_tags\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `dive_site_tags`');
    await queryRunner.query('DROP TABLE `site_comments`');
    await queryRunner.query('DROP TABLE `site_ratings`');
    await queryRunner.query('DROP TABLE `site_media`');
    await queryRunner.query('DROP TABLE `dive_site_aliases`');
    await queryRunner.query('DROP TABLE `dive_sites`');
  }
}
