import { runInNewContext } from 'node:vm';
import * as ts from 'typescript';
import { CliUsageError } from './errors';
import {
  migrationFileName,
  migrationTimestamp,
  renderMigration,
  toStringLiteral,
  toTemplateLiteral,
  validateMigrationName,
} from './migration-template';

const evaluate = (literal: string): unknown => runInNewContext(literal);

describe('validateMigrationName', () => {
  it.each(['AddDiveSiteRegion', 'A', 'CreateTable2'])('accepts %s', (name) => {
    expect(validateMigrationName(name)).toBe(name);
  });

  it.each([
    ['', 'required'],
    ['addRegion', 'PascalCase'],
    ['Add-Region', 'PascalCase'],
    ['Add Region', 'PascalCase'],
    ['Add_Region', 'PascalCase'],
    ['../../Evil', 'PascalCase'],
    ['Äpfel', 'PascalCase'],
    ['Name1700000000000', '13 digits'],
    [`A${'b'.repeat(100)}`, 'at most'],
  ])('rejects %j', (name, message) => {
    expect(() => validateMigrationName(name)).toThrow(CliUsageError);
    expect(() => validateMigrationName(name)).toThrow(message);
  });

  it('rejects a missing name', () => {
    expect(() => validateMigrationName(undefined)).toThrow('required');
  });
});

describe('migration file naming', () => {
  it('uses the 13-digit Date.now() timestamp', () => {
    expect(migrationTimestamp(1764028800123)).toBe('1764028800123');
    expect(migrationFileName('AddX', '1764028800123')).toBe('1764028800123-AddX.ts');
    expect(() => migrationTimestamp(123)).toThrow('13-digit');
  });
});

describe('toTemplateLiteral', () => {
  it.each([
    'CREATE TABLE `users` (`id` int NOT NULL AUTO_INCREMENT)',
    "COMMENT 'it''s' DEFAULT 'a\\'b'",
    'back\\slash \\` and \\${x} and ${notAnInterpolation} and $ and { and }',
    'multi\nline\r\nwith\ttabs\u0000nul\u001besc\u2028ls\u2029ps',
    '`${`${`',
    '\\',
    '',
  ])('round-trips %j', (value) => {
    expect(evaluate(toTemplateLiteral(value))).toBe(value);
  });

  it('keeps SQL readable: backticks escaped, quotes untouched', () => {
    expect(toTemplateLiteral("ALTER TABLE `t` ADD `c` varchar(5) DEFAULT 'x'")).toBe(
      "`ALTER TABLE \\`t\\` ADD \\`c\\` varchar(5) DEFAULT 'x'`",
    );
  });
});

describe('toStringLiteral', () => {
  it.each(['Name1764028800000', "it's", 'back\\slash', 'new\nline'])('round-trips %j', (value) => {
    expect(evaluate(toStringLiteral(value))).toBe(value);
  });
});

describe('renderMigration', () => {
  const transpile = (source: string): ts.Diagnostic[] =>
    ts.transpileModule(source, {
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.CommonJS },
    }).diagnostics ?? [];

  it('renders class <Name><timestamp> with up and down queries, parameters included', () => {
    const source = renderMigration(
      'AddRegion',
      '1764028800000',
      [
        { query: 'ALTER TABLE `dive_sites` ADD `region` varchar(100) NULL' },
        { query: 'INSERT INTO t VALUES (?)', parameters: ["o'k", 2] },
      ],
      [{ query: 'ALTER TABLE `dive_sites` DROP COLUMN `region`' }],
    );
    expect(source).toContain('export class AddRegion1764028800000 implements MigrationInterface {');
    expect(source).toContain("name = 'AddRegion1764028800000';");
    expect(source).toContain(
      'await queryRunner.query(`ALTER TABLE \\`dive_sites\\` ADD \\`region\\` varchar(100) NULL`);',
    );
    expect(source).toContain('await queryRunner.query(`INSERT INTO t VALUES (?)`, ["o\'k",2]);');
    expect(source).toContain(
      'await queryRunner.query(`ALTER TABLE \\`dive_sites\\` DROP COLUMN \\`region\\``);',
    );
    expect(source.indexOf('ADD \\`region\\`')).toBeLessThan(source.indexOf('public async down'));
    expect(transpile(source)).toEqual([]);
  });

  it('renders an empty migration that compiles', () => {
    const source = renderMigration('Empty', '1764028800000');
    expect(source).toContain('export class Empty1764028800000 implements MigrationInterface');
    expect(source.match(/TODO/g)).toHaveLength(2);
    expect(transpile(source)).toEqual([]);
  });

  it('produces a module whose class carries the statements verbatim', () => {
    const nasty = 'SELECT \'a`b\' AS `x${y}`, "\\\\" AS z';
    const js = ts.transpileModule(renderMigration('Nasty', '1764028800000', [{ query: nasty }], []), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const exports: Record<string, new () => { up(qr: unknown): Promise<void> }> = {};
    runInNewContext(js, { exports, require: () => ({}) });
    const queries: string[] = [];
    void new exports.Nasty1764028800000().up({ query: (sql: string) => queries.push(sql) });
    expect(queries).toEqual([nasty]);
  });
});
