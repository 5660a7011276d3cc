import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users (spec/database.md + the api.md §12 columns the API needs; refresh_tokens come with auth). */
export class CreateUsers1764028801000 implements MigrationInterface {
  name = 'CreateUsers1764028801000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`users\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`username\` varchar(50) NOT NULL,
        \`name\` varchar(255) NULL,
        \`email\` varchar(255) NOT NULL,
        \`password_hash\` varchar(255) NOT NULL,
        \`google_id\` varchar(255) NULL,
        \`avatar_url\` varchar(500) NULL,
        \`is_admin\` tinyint NOT NULL DEFAULT 0,
        \`is_moderator\` tinyint NOT NULL DEFAULT 0,
        \`enabled\` tinyint NOT NULL DEFAULT 1,
        \`diving_certification\` varchar(100) NULL,
        \`number_of_dives\` int NOT NULL DEFAULT 0,
        \`buddy_visibility\` varchar(20) NOT NULL DEFAULT 'public',
        \`last_accessed_at\` datetime(6) NULL,
        \`deleted_at\` datetime(6) NULL,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`uq_users_username\` (\`username\`),
        UNIQUE INDEX \`uq_users_email\` (\`email\`),
        UNIQUE INDEX \`uq_users_google_id\` (\`google_id\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `users`');
  }
}
