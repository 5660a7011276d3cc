import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Diving organizations and the certifications users hold with them. */
export class CreateDivingOrganizations1764028802000 implements MigrationInterface {
  name = 'CreateDivingOrganizations1764028802000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`diving_organizations\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`name\` varchar(100) NOT NULL,
        \`acronym\` varchar(20) NOT NULL,
        \`website\` varchar(255) NULL,
        \`logo_url\` varchar(500) NULL,
        \`description\` text NULL,
        \`country\` varchar(100) NULL,
        \`founded_year\` int NULL,
        \`view_count\` int NOT NULL DEFAULT 0,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`uq_diving_organizations_name\` (\`name\`),
        UNIQUE INDEX \`uq_diving_organizations_acronym\` (\`acronym\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE \`user_certifications\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`user_id\` int NOT NULL,
        \`diving_organization_id\` int NOT NULL,
        \`certification_level\` varchar(100) NOT NULL,
        \`is_active\` tinyint NOT NULL DEFAULT 1,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`uq_user_certifications_user_org_level\` (\`user_id\`, \`diving_organization_id\`, \`certification_level\`),
        CONSTRAINT \`fk_user_certifications_user_id\` FOREIGN KEY (\`user_id\`)
          REFERENCES \`users\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION,
        CONSTRAINT \`fk_user_certifications_diving_organization_id\` FOREIGN KEY (\`diving_organization_id\`)
          REFERENCES \`diving_organizations\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `user_certifications`');
    await queryRunner.query('DROP TABLE `diving_organizations`');
  }
}
