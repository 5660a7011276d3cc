import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for pruning refresh tokens (src/modules/auth/refresh-token-pruning.ts): its two bounded
 * DELETEs, `expires_at < ?` and `revoked_at < ?` each `ORDER BY <column>, id LIMIT n`, range-scan these
 * oldest first instead of the whole table. `idx_refresh_tokens_user_id_revoked_at` cannot serve the
 * second (user_id comes first). InnoDB builds both online: the table stays writable meanwhile.
 */
export class AddRefreshTokensPruneIndexes1796299230864 implements MigrationInterface {
  name = 'AddRefreshTokensPruneIndexes1796299230864';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX `idx_refresh_tokens_expires_at` ON `refresh_tokens` (`expires_at`)',
    );
    await queryRunner.query(
      'CREATE INDEX `idx_refresh_tokens_revoked_at` ON `refresh_tokens` (`revoked_at`)',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `idx_refresh_tokens_revoked_at` ON `refresh_tokens`');
    await queryRunner.query('DROP INDEX `idx_refresh_tokens_expires_at` ON `refresh_tokens`');
  }
}
