import type { Migration } from 'typeorm';
import { lockedExecutor, withMigrationLock } from '../../migration-lock';
import { withDatabase, type CliContext } from '../context';
import { CliError, CliUsageError, messageOf } from '../errors';
import { resolveMigrationName } from '../migration-names';
import { describeHead, readMigrationState, type MigrationState } from '../migrations';
import { plural } from '../output';
import { printTarget } from './status';

const STEPS = /^-?\d{1,6}$/;

/** Applied migrations to revert, newest first, for `down [steps | name | base]`. */
export function migrationsToRevert(state: MigrationState, target: string | undefined): Migration[] {
  const newestFirst = [...state.applied].reverse();
  if (target === undefined) return newestFirst.slice(0, 1);
  if (target === 'base') return newestFirst;
  if (STEPS.test(target)) {
    const steps = Math.abs(Number(target));
    if (steps > newestFirst.length) {
      throw new CliError(
        `cannot revert ${plural(steps, 'migration')}: only ${plural(newestFirst.length, 'is', 'are')} applied`,
      );
    }
    return newestFirst.slice(0, steps);
  }
  const name = resolveMigrationName(
    target,
    [...state.applied, ...state.known].map((m) => m.name),
  );
  if (name === undefined) {
    throw new CliError(`unknown migration "${target}" (see \`npm run db -- history\`)`);
  }
  const index = newestFirst.findIndex((m) => m.name === name);
  if (index < 0) {
    throw new CliError(
      `${name} is not applied, so it cannot become the current revision (current: ${describeHead(state)})`,
    );
  }
  return newestFirst.slice(0, index);
}

/**
 * `down [steps | name | base]` (alembic downgrade): reverts the last migration (default), the last
 * `steps`, every migration after `name` (which stays applied and becomes the current revision), or all
 * of them, newest first, under the migration lock.
 */
export function down(ctx: CliContext, args: string[]): Promise<number> {
  if (args.length > 1) throw new CliUsageError(`down takes at most one argument, got: ${args.join(' ')}`);
  const target = args[0];
  if (target !== undefined && STEPS.test(target) && Number(target) === 0) {
    throw new CliUsageError('down: the number of steps must be at least 1');
  }
  return withDatabase(ctx, async (db) => {
    const { out } = ctx;
    printTarget(out, db);
    return withMigrationLock(db.ds, db.config.database.migrationLockTimeoutS, async (queryRunner) => {
      const state = await readMigrationState(db.ds, queryRunner);
      const revert = migrationsToRevert(state, target);
      if (revert.length === 0) {
        out.log(`Nothing to revert (current revision: ${describeHead(state)})`);
        return 0;
      }
      const missing = revert.filter((m) => state.unknown.some((u) => u.name === m.name));
      if (missing.length > 0) {
        throw new CliError(
          `cannot revert ${missing.map((m) => m.name).join(', ')}: not in the code (nothing was reverted)`,
        );
      }
      const executor = lockedExecutor(db.ds, queryRunner);
      for (const m of revert) {
        try {
          await executor.undoLastMigration();
        } catch (error) {
          throw new CliError(
            `reverting ${m.name} failed: ${messageOf(error)} (MySQL DDL is not transactional, check the schema)`,
          );
        }
        out.log(`Reverted ${m.name}`);
      }
      const after = await readMigrationState(db.ds, queryRunner);
      out.log(`Reverted ${plural(revert.length, 'migration')}; current revision: ${describeHead(after)}`);
      return 0;
    });
  });
}
