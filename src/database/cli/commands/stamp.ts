import type { Migration } from 'typeorm';
import { withMigrationLock } from '../../migration-lock';
import { withDatabase, type CliContext } from '../context';
import { CliError, CliUsageError } from '../errors';
import { resolveMigrationName } from '../migration-names';
import { CliMigrationExecutor, describeHead, readMigrationState, type MigrationState } from '../migrations';
import { plural } from '../output';
import { printTarget } from './status';

export interface StampPlan {
  /** The migration that must be the current revision afterwards (undefined: base). */
  target?: Migration;
  /** Code migrations up to the target that are not recorded, in order. */
  record: Migration[];
  /** Recorded code migrations after the target. */
  forget: Migration[];
  /**
   * The target is recorded but would not be the last record (the current revision is the last one,
   * e.g. after a late-merged migration or a record unknown to the code): it is recorded again, last.
   */
  rerecord: boolean;
}

/** What `stamp <ref>` changes in the migrations table so that `ref` becomes the current revision. */
export function planStamp(state: MigrationState, ref: string): StampPlan {
  let index: number;
  if (ref === 'base') index = -1;
  else if (ref === 'head') index = state.known.length - 1;
  else {
    const name = resolveMigrationName(
      ref,
      state.known.map((m) => m.name),
    );
    if (name === undefined) {
      throw new CliError(`unknown migration "${ref}": stamp takes a migration in the code, "head" or "base"`);
    }
    index = state.known.findIndex((m) => m.name === name);
  }
  const keep = state.known.slice(0, index + 1);
  const target = keep.at(-1);
  const record = keep.filter((m) => !state.appliedNames.has(m.name));
  const forget = state.known.slice(index + 1).filter((m) => state.appliedNames.has(m.name));
  const forgotten = new Set(forget.map((m) => m.name));
  const targetRecord = target && state.applied.find((m) => m.name === target.name);
  const rerecord =
    targetRecord !== undefined &&
    (record.length > 0 ||
      state.applied.some(
        (m) => m.name !== targetRecord.name && !forgotten.has(m.name) && (m.id ?? 0) > (targetRecord.id ?? 0),
      ));
  return {
    target,
    record,
    forget,
    rerecord,
  };
}

/**
 * `stamp <name | head | base>` (alembic stamp): records migrations as applied, or removes their records,
 * WITHOUT running them, so that the named one is the current revision. One transaction, under the lock.
 */
export function stamp(ctx: CliContext, args: string[]): Promise<number> {
  if (args.length !== 1)
    throw new CliUsageError('stamp takes exactly one argument: <migration name | head | base>');
  const ref = args[0];
  return withDatabase(ctx, async (db) => {
    const { out } = ctx;
    printTarget(out, db);
    return withMigrationLock(db.ds, db.config.database.migrationLockTimeoutS, async (queryRunner) => {
      const executor = new CliMigrationExecutor(db.ds, queryRunner);
      const state = await readMigrationState(db.ds, queryRunner);
      if (ref === 'head' && state.known.length === 0)
        throw new CliError('there are no migrations in the code');
      const plan = planStamp(state, ref);
      const { rerecord } = plan;
      if (plan.record.length === 0 && plan.forget.length === 0 && !rerecord) {
        out.log(`Nothing to change: current revision is already ${describeHead(state)}`);
        return 0;
      }
      await executor.ensureMigrationsTable(queryRunner);
      await queryRunner.startTransaction();
      try {
        for (const m of [...plan.forget].reverse()) await executor.forget(queryRunner, m);
        if (rerecord && plan.target) await executor.forget(queryRunner, plan.target);
        for (const m of plan.record) await executor.record(queryRunner, m);
        if (rerecord && plan.target) await executor.record(queryRunner, plan.target);
        await queryRunner.commitTransaction();
      } catch (error) {
        await queryRunner.rollbackTransaction();
        throw error;
      }
      for (const m of [...plan.forget].reverse())
        out.log(`Unstamped ${m.name} (record removed, down() not run)`);
      for (const m of plan.record) out.log(`Stamped ${m.name} (recorded as applied, up() not run)`);
      if (rerecord && plan.target) out.log(`Re-recorded ${plan.target.name} as the last applied migration`);
      const after = await readMigrationState(db.ds, queryRunner);
      out.log(`Current revision: ${describeHead(after)}`);
      if (after.unknown.length > 0) {
        out.log(
          `Warning: the migrations table also records ${plural(after.unknown.length, 'migration')} not in the code: ` +
            after.unknown.map((m) => m.name).join(', '),
        );
      }
      return 0;
    });
  });
}
