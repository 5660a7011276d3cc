import { backupFileName, defaultsFileContent, dumpArguments, type DatabaseTool } from './backup';

const mariadbDump: DatabaseTool = {
  path: '/usr/bin/mariadb-dump',
  version: 'mariadb-dump Ver 10.19 Distrib 10.11.19-MariaDB',
  isMariaDb: true,
};
const oracleDump: DatabaseTool = {
  path: '/usr/bin/mysqldump',
  version: 'mysqldump  Ver 8.4.3 for Linux',
  isMariaDb: false,
};

describe('backup helpers', () => {
  it('names backups divemap-<db>-<UTC timestamp>.sql.gz', () => {
    expect(backupFileName('divemap', new Date('2026-01-02T03:04:05.678Z'))).toBe(
      'divemap-divemap-20260102T030405Z.sql.gz',
    );
    expect(backupFileName('a/b c', new Date('2026-01-02T03:04:05Z'))).toBe(
      'divemap-a_b_c-20260102T030405Z.sql.gz',
    );
  });

  it('writes the connection to a [client] option file, values quoted and escaped, over TCP', () => {
    const text = defaultsFileContent({
      host: '::1',
      port: 3307,
      user: 'app',
      password: 'a"b\\c #d',
      database: 'x',
    });
    expect(text).toBe(
      [
        '[client]',
        'host="::1"',
        'port=3307',
        'protocol=TCP',
        'user="app"',
        'password="a\\"b\\\\c #d"',
        '',
      ].join('\n'),
    );
    expect(() =>
      defaultsFileContent({ host: 'h', port: 1, user: 'u', password: 'a\nb', database: 'x' }),
    ).toThrow(/line breaks/);
  });

  it('dumps consistently with routines and triggers, never with a password argument', () => {
    const args = dumpArguments(mariadbDump, 'mariadb', 'divemap');
    expect(args).toEqual(
      expect.arrayContaining(['--single-transaction', '--routines', '--triggers', '--hex-blob']),
    );
    expect(args.at(-1)).toBe('divemap');
    expect(args.join(' ')).not.toMatch(/password|-p/);
    expect(args).not.toContain('--column-statistics=0');
    // Oracle's mysqldump 8 against MariaDB must not ask for COLUMN_STATISTICS.
    expect(dumpArguments(oracleDump, 'mariadb', 'divemap')).toContain('--column-statistics=0');
    expect(dumpArguments(oracleDump, 'mysql', 'divemap')).not.toContain('--column-statistics=0');
  });
});
