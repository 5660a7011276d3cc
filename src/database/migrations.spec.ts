import { readdirSync } from 'node:fs';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { DatabaseFlavour } from '../config/configuration';
import { MIGRATIONS_DIR } from './data-source';
import { CreateDifficultyLevels1764028800000 } from './migrations/1764028800000-CreateDifficultyLevels';
import { CreateUsers1764028801000 } from './migrations/1764028801000-CreateUsers';
import { CreateDivingOrganizations1764028802000 } from './migrations/1764028802000-CreateDivingOrganizations';
import { CreateTags1764028803000 } from './migrations/1764028803000-CreateTags';
import { CreateDiveSites1764028804000 } from './migrations/1764028804000-CreateDiveSites';
import { CreateDivingCenters1764028805000 } from './migrations/1764028805000-CreateDivingCenters';
import { CreateDives1764028806000 } from './migrations/1764028806000-CreateDives';
import { CreateNewsletters1764028807000 } from './migrations/1764028807000-CreateNewsletters';
import { spatialSql } from './spatial';

/** A QueryRunner that only records the SQL it is given: these tests check generated SQL, not behaviour. */
function recordingQueryRunner(flavour: DatabaseFlavour): { queryRunner: QueryRunner; sql: string[] } {
  const sql: string[] = [];
  const fake = {
    connection: { options: { type: flavour } },
    query: (statement: string) => {
      sql.push(statement.replace(/\s+/g, ' ').trim());
      return Promise.resolve([]);
    },
    getCurrentDatabase: () => Promise.resolve('divemap'),
  };
  return { queryRunner: fake as unknown as QueryRunner, sql };
}

/** The migrations that create the initial schema, in order (later migrations have their own tests). */
const SCHEMA_MIGRATIONS: Array<{ file: string; migration: MigrationInterface }> = [
  { file: '1764028800000-CreateDifficultyLevels.ts', migration: new CreateDifficultyLevels1764028800000() },
  { file: '1764028801000-CreateUsers.ts', migration: new CreateUsers1764028801000() },
  {
    file: '1764028802000-CreateDivingOrganizations.ts',
    migration: new CreateDivingOrganizations1764028802000(),
  },
  { file: '1764028803000-CreateTags.ts', migration: new CreateTags1764028803000() },
  { file: '1764028804000-CreateDiveSites.ts', migration: new CreateDiveSites1764028804000() },
  { file: '1764028805000-CreateDivingCenters.ts', migration: new CreateDivingCenters1764028805000() },
  { file: '1764028806000-CreateDives.ts', migration: new CreateDives1764028806000() },
  { file: '1764028807000-CreateNewsletters.ts', migration: new CreateNewsletters1764028807000() },
];

const tablesIn = (sql: string[], verb: 'CREATE TABLE' | 'DROP TABLE'): string[] =>
  sql.flatMap((s) => [...s.matchAll(new RegExp(`${verb} \`(\\w+)\``, 'g'))].map((m) => m[1]));

describe('CreateDivingCenters migration SQL', () => {
  it('on MySQL 8: an SRID 4326 POINT with an ST_SRID sentinel default and the spatial index', async () => {
    const { queryRunner, sql } = recordingQueryRunner('mysql');
    await new CreateDivingCenters1764028805000().up(queryRunner);
    const create = sql.find((s) => s.startsWith('CREATE TABLE `diving_centers`')) ?? '';
    expect(create).toContain('`location` POINT SRID 4326 NOT NULL DEFAULT (ST_SRID(POINT(0, 0), 4326))');
    expect(create).toContain('SPATIAL INDEX `idx_diving_centers_location` (`location`)');
    expect(create).not.toContain('REF_SYSTEM_ID');
  });

  it('on MariaDB: REF_SYSTEM_ID=4326 (the spec’s SRID syntax is an error there) and a plain POINT default', async () => {
    const { queryRunner, sql } = recordingQueryRunner('mariadb');
    await new CreateDivingCenters1764028805000().up(queryRunner);
    const create = sql.find((s) => s.startsWith('CREATE TABLE `diving_centers`')) ?? '';
    expect(create).toContain('`location` POINT REF_SYSTEM_ID=4326 NOT NULL DEFAULT (POINT(0, 0))');
    expect(create).toContain('SPATIAL INDEX `idx_diving_centers_location` (`location`)');
    expect(create).not.toMatch(/SRID 4326|ST_SRID/);
  });

  it('builds the column from spatialSql().pointColumnWithSentinelDefault()', () => {
    expect(spatialSql('mysql').pointColumnWithSentinelDefault()).toBe(
      'POINT SRID 4326 NOT NULL DEFAULT (ST_SRID(POINT(0, 0), 4326))',
    );
    expect(spatialSql('mariadb').pointColumnWithSentinelDefault()).toBe(
      'POINT REF_SYSTEM_ID=4326 NOT NULL DEFAULT (POINT(0, 0))',
    );
  });
});

describe('migration files', () => {
  it('are all named <13-digit timestamp>-<Name>.ts, and the schema ones come first, in the planned order', () => {
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.ts'))
      .sort();
    for (const file of files) expect(file).toMatch(/^\d{13}-[A-Z]\w*\.ts$/);
    expect(files.slice(0, SCHEMA_MIGRATIONS.length)).toEqual(SCHEMA_MIGRATIONS.map((m) => m.file));
  });
});

describe('the schema migrations', () => {
  it('export a class <Name><timestamp> whose name property matches its file', () => {
    for (const { file, migration } of SCHEMA_MIGRATIONS) {
      const [, timestamp, name] = /^(\d{13})-(\w+)\.ts$/.exec(file) ?? [];
      expect(migration.constructor.name).toBe(`${name}${timestamp}`);
      expect(migration.name).toBe(`${name}${timestamp}`);
    }
  });

  it.each(['mysql', 'mariadb'] as const)(
    'on %s: create utf8mb4_unicode_ci InnoDB tables, and down() drops exactly those in reverse order',
    async (flavour) => {
      for (const { file, migration } of SCHEMA_MIGRATIONS) {
        const up = recordingQueryRunner(flavour);
        await migration.up(up.queryRunner);
        const creates = up.sql.filter((s) => s.startsWith('CREATE TABLE'));
        expect(creates.length).toBeGreaterThan(0);
        for (const create of creates) {
          expect(create).toMatch(/\) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci$/);
        }

        const down = recordingQueryRunner(flavour);
        await migration.down(down.queryRunner);
        expect({ file, dropped: tablesIn(down.sql, 'DROP TABLE') }).toEqual({
          file,
          dropped: tablesIn(up.sql, 'CREATE TABLE').reverse(),
        });
      }
    },
  );

  it('start by moving the database itself to utf8mb4_unicode_ci before creating anything', async () => {
    const { queryRunner, sql } = recordingQueryRunner('mariadb');
    await SCHEMA_MIGRATIONS[0].migration.up(queryRunner);
    expect(sql[0]).toBe('ALTER DATABASE `divemap` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
  });

  it('name every constraint and index explicitly (no TypeORM hashes, within MySQL’s 64 characters)', async () => {
    for (const { migration } of SCHEMA_MIGRATIONS) {
      const { queryRunner, sql } = recordingQueryRunner('mysql');
      await migration.up(queryRunner);
      for (const statement of sql) {
        const names = [...statement.matchAll(/(?:CONSTRAINT|INDEX) `([^`]+)`/g)].map((m) => m[1]);
        for (const name of names) {
          expect(name).toMatch(/^(fk|idx|uq|chk)_[a-z_]+$|^_dive_site_alias_uc$|^unique_center_org$/);
          expect(name.length).toBeLessThanOrEqual(64);
        }
      }
    }
  });
});
