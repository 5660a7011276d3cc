import type { MigrationInterface, QueryRunner } from 'typeorm';
import { searchDocumentRow } from '../../common/text/search-text';

const CHUNK = 1000;

/**
 * Full-text search instead of substring scans (issue 15; src/common/text/search-text.ts says what is
 * indexed and asked).
 * - `dive_site_search` and `diving_center_search`: one search document per site / center — names and
 *   aliases folded, with Latin spellings of Greek (and other scripts), the other texts, and the names'
 *   trigrams for misspelt names — kept by the owning module in the transaction of every write that
 *   changes them, filled here from the rows that exist.
 * - FULLTEXT on the dives' and the trips' own texts (name + dive_information; trip_description +
 *   special_requirements): the column collation (utf8mb4_unicode_ci) already ignores case and accents.
 * InnoDB FULLTEXT works on MariaDB 10.11 and MySQL 8.4/9.7 alike (spec/spatial-notes.md §6). The indexes
 * are built with `innodb_ft_enable_stopword = 0`: the setting is recorded per index, so English
 * stopwords ("the", "sea"...) stay searchable words and trigrams.
 */
export class AddSearchIndexes1796400000000 implements MigrationInterface {
  name = 'AddSearchIndexes1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, key, parent] of [
      ['dive_site_search', 'dive_site_id', 'dive_sites'],
      ['diving_center_search', 'diving_center_id', 'diving_centers'],
    ] as const) {
      await queryRunner.query(
        `CREATE TABLE \`${table}\` (
           \`${key}\` int NOT NULL,
           \`names\` text NOT NULL,
           \`body\` mediumtext NOT NULL,
           \`trigrams\` text NOT NULL,
           PRIMARY KEY (\`${key}\`),
           CONSTRAINT \`fk_${table}_${key}\` FOREIGN KEY (\`${key}\`) REFERENCES \`${parent}\` (\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION
         ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
      );
    }
    await this.fillSites(queryRunner);
    await this.fillCenters(queryRunner);

    const [{ stopwords }] = (await queryRunner.query(
      'SELECT @@SESSION.innodb_ft_enable_stopword AS stopwords',
    )) as Array<{ stopwords: number | string }>;
    await queryRunner.query('SET SESSION innodb_ft_enable_stopword = 0');
    try {
      for (const table of ['dive_site_search', 'diving_center_search']) {
        await queryRunner.query(`CREATE FULLTEXT INDEX \`ft_${table}_names\` ON \`${table}\` (\`names\`)`);
        await queryRunner.query(`CREATE FULLTEXT INDEX \`ft_${table}_all\` ON \`${table}\` (\`names\`, \`body\`)`);
        await queryRunner.query(`CREATE FULLTEXT INDEX \`ft_${table}_trigrams\` ON \`${table}\` (\`trigrams\`)`);
      }
      await queryRunner.query(
        'CREATE FULLTEXT INDEX `ft_dives_text` ON `dives` (`name`, `dive_information`)',
      );
      await queryRunner.query(
        'CREATE FULLTEXT INDEX `ft_parsed_dive_trips_text` ON `parsed_dive_trips` (`trip_description`, `special_requirements`)',
      );
    } finally {
      await queryRunner.query('SET SESSION innodb_ft_enable_stopword = ?', [Number(stopwords)]);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ft_parsed_dive_trips_text` ON `parsed_dive_trips`');
    await queryRunner.query('DROP INDEX `ft_dives_text` ON `dives`');
    await queryRunner.query('DROP TABLE `diving_center_search`');
    await queryRunner.query('DROP TABLE `dive_site_search`');
  }

  private async fillSites(queryRunner: QueryRunner): Promise<void> {
    for (let after = 0; ; ) {
      const sites = (await queryRunner.query(
        'SELECT id, name, country, region, description FROM dive_sites WHERE id > ? ORDER BY id LIMIT ?',
        [after, CHUNK],
      )) as Array<{ id: number; name: string; country: string | null; region: string | null; description: string | null }>;
      if (sites.length === 0) return;
      const aliases = (await queryRunner.query(
        'SELECT dive_site_id, alias FROM dive_site_aliases WHERE dive_site_id IN (?) ORDER BY id',
        [sites.map((s) => s.id)],
      )) as Array<{ dive_site_id: number; alias: string }>;
      const rows = sites.map((s) => {
        const doc = searchDocumentRow(
          [s.name, ...aliases.filter((a) => a.dive_site_id === s.id).map((a) => a.alias)],
          [s.country, s.region, s.description],
        );
        return [s.id, doc.names, doc.body, doc.trigrams];
      });
      await queryRunner.query('INSERT INTO `dive_site_search` (dive_site_id, names, body, trigrams) VALUES ?', [rows]);
      after = sites[sites.length - 1].id;
    }
  }

  private async fillCenters(queryRunner: QueryRunner): Promise<void> {
    for (let after = 0; ; ) {
      const centers = (await queryRunner.query(
        'SELECT id, name, description, country, region, city FROM diving_centers WHERE id > ? ORDER BY id LIMIT ?',
        [after, CHUNK],
      )) as Array<{
        id: number;
        name: string;
        description: string | null;
        country: string | null;
        region: string | null;
        city: string | null;
      }>;
      if (centers.length === 0) return;
      const rows = centers.map((c) => {
        const doc = searchDocumentRow([c.name], [c.description, c.country, c.region, c.city]);
        return [c.id, doc.names, doc.body, doc.trigrams];
      });
      await queryRunner.query(
        'INSERT INTO `diving_center_search` (diving_center_id, names, body, trigrams) VALUES ?',
        [rows],
      );
      after = centers[centers.length - 1].id;
    }
  }
}
