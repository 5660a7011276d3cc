import { lockedExecutor, withMigrationLock } from '../../migration-lock';
import { withDatabase, type CliContext } from '../context';
import { CliError, CliUsageError, messageOf } from '../errors';
import { describeHead, readMigrationState } from '../migrations';
import { plural } from '../output';
import { takeBackup } from './backup';
import { printTarget } from './status';

/**
 * `up [--backup]` (alembic upgrade head): applies every pending migration under the migration lock.
 * With `--backup`, a dump is taken first (while the lock is held, so it is the schema the migrations
 * start from), only when something is pending.
 */
export function up(ctx: CliContext, args: string[]): Promise<number> {
  const withBackup = args.includes('--backup');
  const rest = args.filter((a) => a !== '--backup');
  if (rest.length > 1 || (rest.length === 1 && rest[0] !== 'head')) {
    throw new CliUsageError(`up takes no argument (or "head", and --backup), got: ${args.join(' ')}`);
  }
  return withDatabase(ctx, async (db) => {
    const { out } = ctx;
    printTarget(out, db);
    return withMigrationLock(db.ds, db.config.database.migrationLockTimeoutS, async (queryRunner) => {
      // Read after the lock is held (D9): another instance may have just migrated.
      const before = await readMigrationState(db.ds, queryRunner);
      if (before.pending.length === 0) {
        out.log(`Nothing to apply: database is up to date (current revision: ${describeHead(before)})`);
        if (withBackup) out.log('No backup taken: nothing was pending');
        return 0;
      }
      if (withBackup) {
        out.log(`Backing up before applying ${plural(before.pending.length, 'pending migration')}...`);
        await takeBackup(ctx, db.config, db.flavour);
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
