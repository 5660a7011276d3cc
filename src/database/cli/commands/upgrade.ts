import { lockedExecutor, withMigrationLock } from '../../migration-lock';
import { withDatabase, type CliContext } from '../context';
import { CliError, CliUsageError, messageOf } from '../errors';
import { describeHead, readMigrationState } from '../migrations';
import { plural } from '../output';
import { printTarget } from './status';

/** `up` (alembic upgrade head): applies every pending migration under the migration lock. */
export function up(ctx: CliContext, args: string[]): Promise<number> {
  if (args.length > 1 || (args.length === 1 && args[0] !== 'head')) {
    throw new CliUsageError(`up takes no argument (or "head"), got: ${args.join(' ')}`);
  }
  return withDatabase(ctx, async (db) => {
    const { out } = ctx;
    printTarget(out, db);
    return withMigrationLock(db.ds, db.config.database.migrationLockTimeoutS, async (queryRunner) => {
      // Read after the lock is held (D9): another instance may have just migrated.
      const before = await readMigrationState(db.ds, queryRunner);
      if (before.pending.length === 0) {
        out.log(`Nothing to apply: database is up to date (current revision: ${describeHead(before)})`);
        return 0;
      }
      try {
        const applied = await lockedExecutor(db.ds, queryRunner).executePendingMigrations();
        for (const m of applied) out.log(`Applied ${m.name}`);
        const after = await readMigrationState(db.ds, queryRunner);
        out.log(`Applied ${plural(applied.length, 'migration')}; current revision: ${describeHead(after)}`);
        return 0;
      } catch (error) {
        const after = await readMigrationState(db.ds, queryRunner).catch(() => undefined);
        const done = after ? before.pending.filter((m) => after.appliedNames.has(m.name)) : [];
        for (const m of done) out.log(`Applied ${m.name}`);
        const failed = after ? before.pending.find((m) => !after.appliedNames.has(m.name)) : undefined;
        throw new CliError(
          `${failed ? `migration ${failed.name}` : 'migration'} failed: ${messageOf(error)}` +
            ` (${plural(done.length, 'migration')} applied before it; MySQL DDL is not transactional, ` +
            'check the schema before retrying)',
        );
      }
    });
  });
}
