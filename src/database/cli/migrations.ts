import { MigrationExecutor, type DataSource, type Migration, type QueryRunner } from 'typeorm';

/**
 * MigrationExecutor with the protected helpers the CLI needs made public: the list of migrations in
 * the code (the same list TypeORM runs, in its order) and bookkeeping of the migrations table for
 * `stamp`. Running and reverting migrations goes through lockedExecutor() as everywhere else.
 */
export class CliMigrationExecutor extends MigrationExecutor {
  /** Migrations known to the code, sorted by timestamp (TypeORM's order). */
  knownMigrations(): Migration[] {
    return this.getMigrations();
  }

  async ensureMigrationsTable(queryRunner: QueryRunner): Promise<void> {
    await this.createMigrationsTableIfNotExist(queryRunner);
  }

  async record(queryRunner: QueryRunner, migration: Migration): Promise<void> {
    await this.insertExecutedMigration(queryRunner, migration);
  }

  async forget(queryRunner: QueryRunner, migration: Migration): Promise<void> {
    await this.deleteExecutedMigration(queryRunner, migration);
  }
}

export interface MigrationState {
  /** In the code, timestamp order. */
  known: Migration[];
  /** Recorded in the database, in the order they were recorded (id ascending). */
  applied: Migration[];
  appliedNames: Set<string>;
  /** The current revision: the last one recorded (what `down` reverts next), if any. */
  head?: Migration;
  /** In the code, not recorded: what `up` would run, in order. */
  pending: Migration[];
  /** Recorded in the database but missing from the code (a deleted or renamed file). */
  unknown: Migration[];
}

/** Reads the code's migrations and the migrations table (on `queryRunner` when given, e.g. under the lock). */
export async function readMigrationState(ds: DataSource, queryRunner?: QueryRunner): Promise<MigrationState> {
  const executor = new CliMigrationExecutor(ds, queryRunner);
  const known = executor.knownMigrations();
  const applied = (await executor.getExecutedMigrations()).sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  const appliedNames = new Set(applied.map((m) => m.name));
  const knownNames = new Set(known.map((m) => m.name));
  return {
    known,
    applied,
    appliedNames,
    head: applied.at(-1),
    pending: known.filter((m) => !appliedNames.has(m.name)),
    unknown: applied.filter((m) => !knownNames.has(m.name)),
  };
}

/** `X` or `none (no migrations applied)`, for the "Current revision" lines. */
export function describeHead(state: Pick<MigrationState, 'head'>): string {
  return state.head ? state.head.name : 'none (no migrations applied)';
}
