import { createConnection, format, type RowDataPacket } from 'mysql2/promise';
import { DEFAULT_CHARSET, DEFAULT_COLLATION } from '../../data-source';
import { describeConnection, parseDatabaseUrl, type ConnectionParams } from '../../database-url';
import { probeDatabase, waitForDatabase } from '../../wait-for-database';
import { cliConfig, waitLogger, type CliContext } from '../context';
import { CliError, CliUsageError, messageOf } from '../errors';

export const DEFAULT_ADMIN_URL = 'mysql://root@localhost:3306';

/** Hosts the app user is created for: any host, and `localhost` (which MySQL matches before `%`). */
export const APP_USER_HOSTS = ['%', 'localhost'] as const;

/**
 * The database name as GRANT reads it: there `_` and `%` are wildcards, so a grant on `divemap_test`
 * would also cover `divemapXtest`. Escaped, the grant covers exactly the one database.
 */
export function grantDatabasePattern(database: string): string {
  return database.replace(/[\\_%]/g, '\\$&');
}

/** The statements create-database runs, built with mysql2's escaping (identifiers with ??, strings with ?). */
export const sql = {
  createDatabase: (database: string): string =>
    format(`CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET ${DEFAULT_CHARSET} COLLATE ${DEFAULT_COLLATION}`, [
      database,
    ]),
  createUser: (user: string, host: string, password: string): string =>
    format('CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [user, host, password]),
  alterUser: (user: string, host: string, password: string): string =>
    format('ALTER USER ?@? IDENTIFIED BY ?', [user, host, password]),
  grant: (database: string, user: string, host: string): string =>
    format('GRANT ALL PRIVILEGES ON ??.* TO ?@?', [grantDatabasePattern(database), user, host]),
};

/**
 * `create-database`: with the admin account (DB_ADMIN_URL, default mysql://root@localhost:3306) creates
 * the database of DATABASE_URL (utf8mb4 / utf8mb4_unicode_ci) and, unless it is the admin itself, its
 * user for '%' and 'localhost' with the URL's password and ALL on that database. Idempotent: a re-run
 * reports what already existed and resets the password, which repairs a changed one.
 */
export async function createDatabase(ctx: CliContext, args: string[]): Promise<number> {
  if (args.length > 0) throw new CliUsageError(`create-database takes no argument, got: ${args.join(' ')}`);
  const { out } = ctx;
  const config = cliConfig(ctx);
  const app = config.database.connection;
  if (!app.database) throw new CliError('DATABASE_URL names no database to create');
  let admin: ConnectionParams;
  try {
    admin = { ...parseDatabaseUrl(config.database.adminUrl ?? DEFAULT_ADMIN_URL), database: '' };
  } catch {
    throw new CliError('DB_ADMIN_URL is not a valid URL');
  }
  out.log(`Admin connection ${describeConnection(admin)}`);
  try {
    await waitForDatabase({ connection: admin, connect: config.database.connect }, waitLogger(out));
  } catch (error) {
    throw new CliError(`admin connection (DB_ADMIN_URL) failed: ${messageOf(error)}`);
  }

  const conn = await createConnection({
    host: admin.host,
    port: admin.port,
    user: admin.user,
    password: admin.password,
    connectTimeout: config.database.connect.timeoutMs,
  });
  try {
    const [schemas] = await conn.query<RowDataPacket[]>(
      'SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation ' +
        'FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [app.database],
    );
    if (schemas.length === 0) {
      await conn.query(sql.createDatabase(app.database));
      out.log(`Created database ${app.database} (${DEFAULT_CHARSET} / ${DEFAULT_COLLATION})`);
    } else {
      const { charset, collation } = schemas[0] as { charset: string; collation: string };
      out.log(`Database ${app.database} already exists (${charset} / ${collation})`);
      if (collation !== DEFAULT_COLLATION) {
        out.log(
          `Warning: its default collation is ${collation}, not ${DEFAULT_COLLATION}; tables set their own`,
        );
      }
    }

    if (app.user === admin.user) {
      out.log(`User ${app.user} of DATABASE_URL is the admin user: no user to create`);
    } else {
      for (const host of APP_USER_HOSTS) {
        const [users] = await conn.query<RowDataPacket[]>(
          'SELECT 1 FROM mysql.user WHERE User = ? AND Host = ?',
          [app.user, host],
        );
        const account = format('?@?', [app.user, host]);
        if (users.length === 0) {
          await conn.query(sql.createUser(app.user, host, app.password));
          out.log(`Created user ${account}`);
        } else {
          await conn.query(sql.alterUser(app.user, host, app.password));
          out.log(`User ${account} already exists; password set from DATABASE_URL`);
        }
        await conn.query(sql.grant(app.database, app.user, host));
        out.log(`Granted ALL PRIVILEGES on ${app.database}.* to ${account}`);
      }
    }
  } catch (error) {
    throw new CliError(`create-database failed: ${messageOf(error)}`);
  } finally {
    await conn.end();
  }

  try {
    await probeDatabase(app, config.database.connect.timeoutMs);
  } catch (error) {
    throw new CliError(`created, but ${describeConnection(app)} cannot connect: ${messageOf(error)}`);
  }
  out.log(`Verified: ${describeConnection(app)} can connect`);
  return 0;
}
