import { describeConnection, parseDatabaseUrl } from './database-url';

describe('parseDatabaseUrl', () => {
  it('parses the spec default', () => {
    expect(parseDatabaseUrl('mysql://divemap_user:divemap_password@localhost:3306/divemap')).toEqual({
      host: 'localhost',
      port: 3306,
      user: 'divemap_user',
      password: 'divemap_password',
      database: 'divemap',
    });
  });

  it('accepts IPv6 literals and drops the brackets (TypeORM URL parsing breaks here)', () => {
    const c = parseDatabaseUrl('mysql://u:p@[::1]:3307/db');
    expect(c.host).toBe('::1');
    expect(c.port).toBe(3307);
    expect(parseDatabaseUrl('mysql://u@[fdaa:0:1::3]/db').host).toBe('fdaa:0:1::3');
  });

  it('percent-decodes user and password, defaults the port, tolerates the Alembic scheme', () => {
    const c = parseDatabaseUrl('mysql+pymysql://us%40er:p%3Ass%2Fw%40rd@db.internal/divemap?charset=utf8mb4');
    expect(c).toEqual({
      host: 'db.internal',
      port: 3306,
      user: 'us@er',
      password: 'p:ss/w@rd',
      database: 'divemap',
    });
  });

  it('allows a URL without a database (admin URLs)', () => {
    expect(parseDatabaseUrl('mysql://root@127.0.0.1:3306').database).toBe('');
  });

  it('describes a connection without its password', () => {
    const text = describeConnection(parseDatabaseUrl('mysql://u:secret@[::1]:3306/db'));
    expect(text).toBe('u@[::1]:3306/db');
    expect(text).not.toContain('secret');
  });
});
