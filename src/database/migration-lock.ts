import { MigrationExecutor, type DataSource, type Migration, type QueryRunner } from 'typeorm';
import { NamedLockTimeoutError, withNamedLock } from './named-lock';

export class MigrationLockTimeoutError extends Error {}

/** The named lock is per database, so two services sharing one server never block each other. */
export function migrationLockName(database: string): string {
  return `${database}:migrations`;
}

/**
 * Runs `work` while holding `GET_LOCK('<database>:migrations')` on ONE dedicated connection
 * (DECISIONS.md D9). `work` gets that connection, so everything it reads (the pending list included)
 * is read after the lock is held. The lock is released in `finally`, and dies with the connection
 * if the process does, so a crashed replica never leaves it stuck.
 */
export async function withMigrationLock<T>(
  ds: DataSource,
  timeoutSeconds: number,
  work: (queryRunner: QueryRunner) => Promise<T>,
): Promise<T> {
  const lock = migrationLockName(ds.driver.database ?? String(ds.options.database));
  try {
    return await withNamedLock(ds, lock, timeoutSeconds, work);
  } catch (error) {
    if (error instanceof NamedLockTimeoutError) {
      throw new MigrationLockTimeoutError(
        `Could not acquire the migration lock "${lock}" within ${timeoutSeconds} s (another instance is migrating?)`,
      );
    }
    throw error;
  }
}

/** A MigrationExecutor bound to the lock's connection, one transaction per migration. */
export function lockedExecutor(ds: DataSource, queryRunner: QueryRunner): MigrationExecutor {
  const executor = new MigrationExecutor(ds, queryRunner);
  executor.transaction = 'each';
  return executor;
}

/** Applies every pending migration under the lock; resolves with the ones this call applied. */
export function runPendingMigrations(ds: DataSource, timeoutSeconds: number): Promise<Migration[]> {
  return withMigrationLock(ds, timeoutSeconds, (qr) => lockedExecutor(ds, qr).executePendingMigrations());
}

/** Names of the migrations known to the code but not recorded in the database (no lock needed). */
export async function pendingMigrationNames(ds: DataSource): Promise<string[]> {
  const pending = await new MigrationExecutor(ds).getPendingMigrations();
  return pending.map((m) => m.name);
}
