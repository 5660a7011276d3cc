import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first migration: puts the database itself on utf8mb4 / utf8mb4_unicode_ci (DECISIONS.md D4), so
 * every later table and column inherits it, then creates and seeds the difficulty lookup table.
 */
export class CreateDifficultyLevels1764028800000 implements MigrationInterface {
  name = 'CreateDifficultyLevels1764028800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const database = await queryRunner.getCurrentDatabase();
    if (!database) throw new Error('No current database: the connection must name one');
    await queryRunner.query(
      `ALTER DATABASE \`${database.replace(/`/g, '``')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    await queryRunner.query(`
      CREATE TABLE \`difficulty_levels\` (
        \`id\` int NOT NULL AUTO_INCREMENT,
        \`code\` varchar(50) NOT NULL,
        \`label\` varchar(100) NOT NULL,
        \`order_index\` int NOT NULL,
        \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
        \`updated_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`uq_difficulty_levels_code\` (\`code\`),
        UNIQUE INDEX \`uq_difficulty_levels_label\` (\`label\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      INSERT INTO \`difficulty_levels\` (\`id\`, \`code\`, \`label\`, \`order_index\`) VALUES
        (1, 'OPEN_WATER', 'Open Water', 1),
        (2, 'ADVANCED_OPEN_WATER', 'Advanced Open Water', 2),
        (3, 'DEEP_NITROX', 'Deep/Nitrox', 3),
        (4, 'TECHNICAL_DIVING', 'Technical Diving', 4)`);
  }

  /** The database's default character set is left as it is: it was never per-migration state. */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `difficulty_levels`');
  }
}
