import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refresh sessions (spec/api.md "Our rules" 3, DECISIONS.md D13): one row per issued refresh token,
 * stored only as its SHA-256; the rows of one login share a session_id (the rotation chain), so a
 * reused token can revoke exactly its session.
 */
export class CreateRefreshTokens1764028808000 implements MigrationInterface {
  name = 'CreateRefreshTokens1764028808000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`refresh_tokens\` (
        \`id\` char(36) NOT NULL,
        \`user_id\` int NOT NULL,
        \`session_id\` char(36) NOT NULL,
        \`token_hash\` char(64) NOT NULL,
        \`session_started_at\` datetime(6) NOT NULL,
        \`expires_at\` datetime(6) NOT NULL,
        \`last_used_at\` datetime(6) NULL,
        \`rotated_at\` datetime(6) NULL,
        \`revoked_at\` datetime(6) NULL,
        \`revoked_reason\` varchar(50) NULL,
        \`device_info\` varchar(255) NULL,
        \`ip_address\` varchar(45) NULL,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`uq_refresh_tokens_token_hash\` (\`token_hash\`),
        INDEX \`idx_refresh_tokens_session_id\` (\`session_id\`),
        INDEX \`idx_refresh_tokens_user_id_revoked_at\` (\`user_id\`, \`revoked_at\`),
        CONSTRAINT \`fk_refresh_tokens_user_id\` FOREIGN KEY (\`user_id\`) REFERENCES \`users\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `refresh_tokens`');
  }
}
