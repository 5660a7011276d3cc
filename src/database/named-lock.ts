import type { DataSource, QueryRunner } from 'typeorm';

export class NamedLockTimeoutError extends Error {}

/**
 * Runs `work` while holding the MySQL/MariaDB named lock `name` (GET_LOCK) on ONE dedicated
 * connection of the primary; `work` gets that connection. Released in `finally`, and by the server if
 * the connection dies, so a crashed process never leaves it held. Named locks serialise work across
 * processes and replicas (migrations; check-then-insert rules a unique key cannot express).
 */
export async function withNamedLock<T>(
  ds: DataSource,
  name: string,
  timeoutSeconds: number,
  work: (queryRunner: QueryRunner) => Promise<T>,
): Promise<T> {
  const queryRunner = ds.createQueryRunner('master');
  await queryRunner.connect();
  try {
    const [row] = (await queryRunner.query('SELECT GET_LOCK(?, ?) AS acquired', [
      name,
      timeoutSeconds,
    ])) as Array<{
      acquired: number | string | null;
    }>;
    if (Number(row?.acquired) !== 1) {
      throw new NamedLockTimeoutError(`Could not acquire the lock "${name}" within ${timeoutSeconds} s`);
    }
    try {
      return await work(queryRunner);
    } finally {
      await queryRunner.query('SELECT RELEASE_LOCK(?)', [name]);
    }
  } finally {
    await queryRunner.release();
  }
}

/** Lock names are per database, so two services sharing one server never block each other. */
export function lockName(ds: DataSource, purpose: string): string {
  return `${ds.driver.database ?? String(ds.options.database)}:${purpose}`;
}
