import { createHash } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';

export class NamedLockTimeoutError extends Error {}

/** MySQL refuses longer lock names (ER_USER_LOCK_WRONG_LENGTH); MariaDB takes them. */
export const MAX_LOCK_NAME_LENGTH = 64;

/**
 * Runs `work` while holding the MySQL/MariaDB named lock `name` (GET_LOCK) on ONE dedicated
 * connection of the primary; `work` gets that connection. Released in `finally`, and by the server if
 * the connection dies, so a crashed process never leaves it held. Named locks serialise work across
 * processes and replicas (migrations; check-then-insert rules a unique key cannot express).
 */
export function withNamedLock<T>(
  ds: DataSource,
  name: string,
  timeoutSeconds: number,
  work: (queryRunner: QueryRunner) => Promise<T>,
): Promise<T> {
  return withNamedLocks(ds, [name], timeoutSeconds, work);
}

/**
 * withNamedLock for several locks at once, all on the same connection (MySQL ≥ 5.7 and MariaDB ≥
 * 10.0.2 let one session hold many). They are taken one by one in sorted order — one fixed order for
 * every caller, so two callers wanting overlapping sets cannot deadlock — within `timeoutSeconds` in
 * total, and released in reverse order. NamedLockTimeoutError when one is still held elsewhere at the
 * deadline (the ones already taken are released). MySQL rounds a fractional GET_LOCK timeout to whole
 * seconds, MariaDB honours it.
 */
export async function withNamedLocks<T>(
  ds: DataSource,
  names: readonly string[],
  timeoutSeconds: number,
  work: (queryRunner: QueryRunner) => Promise<T>,
): Promise<T> {
  const ordered = [...new Set(names)].sort();
  const deadline = Date.now() + timeoutSeconds * 1000;
  const queryRunner = ds.createQueryRunner('master');
  await queryRunner.connect();
  const held: string[] = [];
  let result: T;
  try {
    for (const name of ordered) {
      const remaining = Math.max(0, Math.round(deadline - Date.now()) / 1000);
      const [row] = (await queryRunner.query('SELECT GET_LOCK(?, ?) AS acquired', [
        name,
        remaining,
      ])) as Array<{
        acquired: number | string | null;
      }>;
      if (Number(row?.acquired) !== 1) {
        throw new NamedLockTimeoutError(`Could not acquire the lock "${name}" within ${timeoutSeconds} s`);
      }
      held.push(name);
    }
    result = await work(queryRunner);
  } catch (error) {
    // The original error wins over one while releasing.
    await releaseAll(queryRunner, held).catch(() => undefined);
    throw error;
  }
  await releaseAll(queryRunner, held);
  return result;
}

/** Releases the locks (newest first) and returns the connection to the pool. */
async function releaseAll(queryRunner: QueryRunner, held: string[]): Promise<void> {
  try {
    for (const name of [...held].reverse()) await queryRunner.query('SELECT RELEASE_LOCK(?)', [name]);
  } catch (error) {
    // A connection that may still hold a lock must not go back to the pool: closing it makes the
    // server release whatever it holds.
    destroyConnection(queryRunner);
    throw error;
  } finally {
    await queryRunner.release();
  }
}

function destroyConnection(queryRunner: QueryRunner): void {
  const connection = (queryRunner as unknown as { databaseConnection?: { destroy?: () => void } })
    .databaseConnection;
  connection?.destroy?.();
}

/**
 * Lock names are per database, so two services sharing one server never block each other. A database
 * name too long for `<database>:<purpose>` to fit MAX_LOCK_NAME_LENGTH is replaced by a hash of it.
 */
export function lockName(ds: DataSource, purpose: string): string {
  const database = ds.driver.database ?? String(ds.options.database);
  const name = `${database}:${purpose}`;
  if (name.length <= MAX_LOCK_NAME_LENGTH) return name;
  return `${createHash('sha256').update(database).digest('hex').slice(0, 16)}:${purpose}`;
}
