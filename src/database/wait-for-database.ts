import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection } from 'mysql2/promise';
import type { DatabaseConfig, DatabaseFlavour } from '../config/configuration';
import { describeConnection, type ConnectionParams } from './database-url';

export interface DatabaseServerInfo {
  version: string;
  flavour: DatabaseFlavour;
}

export class DatabaseUnavailableError extends Error {}

/** Minimal logger so the wait loop runs before Nest exists (main.ts) and in the CLI. */
export interface StartupLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** MariaDB says so in its version string ("10.11.19-MariaDB-0+deb12u1"); MySQL does not. */
export function flavourOf(version: string): DatabaseFlavour {
  return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
}

function isAccessDenied(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR';
}

/** A readable reason for a failed attempt, with a hint where one helps. */
function explain(error: unknown): string {
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return `access denied (wrong DATABASE_URL user or password): ${e.message}`;
    case 'ER_BAD_DB_ERROR':
      return `${e.message} (run \`npm run db -- create-database\`)`;
    case 'ECONNREFUSED':
      return 'connection refused (is the server running?)';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found: ${e.message}`;
    default:
      return e.message ?? String(error);
  }
}

/** One authenticated probe: connect with the real credentials, `SELECT VERSION()`, disconnect. */
export async function probeDatabase(c: ConnectionParams, timeoutMs: number): Promise<DatabaseServerInfo> {
  const connection = await createConnection({
    host: c.host,
    port: c.port,
    user: c.user,
    password: c.password,
    database: c.database || undefined,
    connectTimeout: timeoutMs,
  });
  try {
    const [rows] = await connection.query<Array<{ version: string } & import('mysql2').RowDataPacket>>({
      sql: 'SELECT VERSION() AS version',
      timeout: timeoutMs,
    });
    const version = rows[0].version;
    return { version, flavour: flavourOf(version) };
  } finally {
    connection.destroy();
  }
}

/**
 * Waits for the database as spec/database.md describes: up to `attempts` tries, a random sleep between
 * `minDelayMs` and `maxDelayMs` between them (no thundering herd), `timeoutMs` per try, one log line
 * per attempt. Unlike the original's netcat probe it authenticates, so wrong credentials fail here, at
 * once: the server answered, and retrying cannot fix a password.
 * Resolves with the server version and flavour; rejects with DatabaseUnavailableError after the last try.
 */
export async function waitForDatabase(
  db: Pick<DatabaseConfig, 'connection' | 'connect'>,
  logger: StartupLogger,
): Promise<DatabaseServerInfo> {
  const { attempts, minDelayMs, maxDelayMs, timeoutMs } = db.connect;
  const target = describeConnection(db.connection);
  logger.log(`Waiting for database ${target} to be ready...`);
  let lastReason = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const info = await probeDatabase(db.connection, timeoutMs);
      logger.log(`Attempt ${attempt}/${attempts}: database is ready (${info.version})`);
      return info;
    } catch (error) {
      lastReason = explain(error);
      logger.warn(`Attempt ${attempt}/${attempts}: database not ready: ${lastReason}`);
      // The server answered and refused these credentials: waiting cannot fix a wrong password.
      if (isAccessDenied(error)) {
        throw new DatabaseUnavailableError(`Database ${target} refused the credentials: ${lastReason}`);
      }
    }
    if (attempt < attempts) {
      const delay = maxDelayMs > minDelayMs ? randomInt(minDelayMs, maxDelayMs + 1) : minDelayMs;
      logger.log(`Waiting ${(delay / 1000).toFixed(1)} s before the next attempt...`);
      await sleep(delay);
    }
  }
  throw new DatabaseUnavailableError(
    `Database ${target} is not reachable after ${attempts} attempts: ${lastReason}`,
  );
}
