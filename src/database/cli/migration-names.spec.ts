import { CliError } from './errors';
import { migrationDate, resolveMigrationName } from './migration-names';

const names = ['CreateUsers1764028801000', 'CreateTags1764028803000', 'AddTagColor1764028900000'];

describe('resolveMigrationName', () => {
  it.each([
    ['CreateTags1764028803000', 'class name'],
    ['1764028803000-CreateTags', 'file name'],
    ['1764028803000-CreateTags.ts', 'file name with .ts'],
    ['1764028803000-CreateTags.js', 'file name with .js'],
    ['CreateTags', 'bare name'],
    ['1764028803000', 'timestamp'],
  ])('finds %s (%s)', (ref) => {
    expect(resolveMigrationName(ref, names)).toBe('CreateTags1764028803000');
  });

  it.each([
    'createtags',
    'Create',
    'CreateTags1764028803001',
    '1764028803001-CreateTags',
    '176402880300',
    'Tags',
  ])('finds nothing for %s', (ref) => {
    expect(resolveMigrationName(ref, names)).toBeUndefined();
  });

  it('refuses an ambiguous bare name', () => {
    const twice = [...names, 'CreateTags1764029999999'];
    expect(() => resolveMigrationName('CreateTags', twice)).toThrow(CliError);
    expect(() => resolveMigrationName('CreateTags', twice)).toThrow('ambiguous');
    expect(resolveMigrationName('CreateTags1764029999999', twice)).toBe('CreateTags1764029999999');
  });

  it('tolerates duplicates in the list (applied and known)', () => {
    expect(resolveMigrationName('CreateUsers', [...names, ...names])).toBe('CreateUsers1764028801000');
  });
});

describe('migrationDate', () => {
  it('reads the timestamp at the end of the name', () => {
    expect(migrationDate('CreateUsers1764028801000')).toBe('2025-11-25T00:00:01Z');
    expect(migrationDate('NoTimestamp')).toBeUndefined();
  });
});
