import 'reflect-metadata';
import { loadConfig, loadDotEnv } from '../config/configuration';
import { ConfigValidationError } from '../config/env.validation';
import { createDataSource } from './data-source';
import { MigrationLockTimeoutError, runPendingMigrations } from './migration-lock';
import { DatabaseUnavailableError, waitForDatabase, type StartupLogger } from './wait-for-database';

/**
 * The standalone migrate entry (`node dist/database/migrate.js`, `npm run migrate`): what a Kubernetes
 * Job or fly.io's release_command runs before the replicas (which set DB_MIGRATIONS_RUN=false) roll
 * out. The same steps as the service's start-up — validated configuration, the wait-for-database loop,
 * pending migrations under GET_LOCK('<database>:migrations') — so a Job and a replica that still
 * migrates on start, started together, never apply a migration twice. Ignores DB_MIGRATIONS_RUN: it
 * is the migrator. Exit code 0 when the schema is at head, 1 otherwise.
 */

/** JSON lines, the shape of the service's start-up lines, so one log pipeline reads both. */
export function jsonLineLogger(
  context: string,
  write = (line: string) => process.stdout.write(line),
): StartupLogger {
  const line = (level: string, msg: string) =>
    write(`${JSON.stringify({ level, time: Date.now(), context, msg })}\n`);
  return { log: (m) => line('info', m), warn: (m) => line('warn', m), error: (m) => line('error', m) };
}

/** Applies every pending migration under the migration lock; resolves with the applied names. */
export async function migrate(
  env: Record<string, string | undefined>,
  log: StartupLogger,
): Promise<string[]> {
  const config = loadConfig(env);
  const server = await waitForDatabase(config.database, log);
  const ds = await createDataSource(config.database, config.database.type ?? server.flavour);
  try {
    log.log(
      `Applying pending migrations under the migration lock (timeout ${config.database.migrationLockTimeoutS} s)...`,
    );
    const applied = await runPendingMigrations(ds, config.database.migrationLockTimeoutS);
    for (const m of applied) log.log(`Applied ${m.name}`);
    log.log(
      applied.length === 0
        ? 'No pending migrations: the database is up to date'
        : `Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`,
    );
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

async function main(): Promise<number> {
  const log = jsonLineLogger('Migrate');
  try {
    loadDotEnv();
    await migrate(process.env, log);
    return 0;
  } catch (error) {
    const message =
      error instanceof ConfigValidationError ||
      error instanceof DatabaseUnavailableError ||
      error instanceof MigrationLockTimeoutError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    log.error(`Migration failed: ${message}`);
    return 1;
  }
}

if (require.main === module) {
  void main().then((code) => process.exit(code));
}
