import type { MigrationInterface, QueryRunner } from 'typeorm';
import { flavourOfOptions } from '../spatial';

/**
 * Repairs the FULLTEXT indexes of the site and center search documents on MySQL.
 *
 * MySQL 9.7 re-indexes only the last row that a multi-row `INSERT … ON DUPLICATE KEY UPDATE` (or
 * `REPLACE`) changes: the other rows hold their new text, but a MATCH no longer finds them by it
 * (docs/architecture.md, "FULLTEXT on MySQL"; MariaDB 10.11 indexes every row). The landed
 * RefillSearchDocuments1796450000000 wrote the documents that way, a thousand rows a statement, so on a
 * MySQL database it ran on, most rewritten documents are unreachable by their new words. The index
 * services now replace documents (DELETE, then INSERT) instead.
 *
 * `ALTER TABLE … FORCE` rebuilds a table and its FULLTEXT indexes from the stored rows, which are
 * right. It runs on MySQL only; on MariaDB the indexes are correct and nothing is done. down() has
 * nothing to undo (no schema change).
 */
export class RebuildSearchFulltextOnMysql1796550000000 implements MigrationInterface {
  name = 'RebuildSearchFulltextOnMysql1796550000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (flavourOfOptions(queryRunner.connection.options) !== 'mysql') return;
    for (const table of ['dive_site_search', 'diving_center_search']) {
      await queryRunner.query(`ALTER TABLE \`${table}\` FORCE`);
    }
  }

  public async down(): Promise<void> {
    // Nothing to undo (see the class comment).
  }
}
