import {
  describePrune,
  REFRESH_TOKENS_TABLE,
  RefreshTokenPruningService,
} from '../../../modules/auth/refresh-token-pruning.service';
import { withDatabase, type CliContext } from '../context';
import { CliError, CliUsageError } from '../errors';

/** How long the command waits for a prune another process is running (the scheduled job of an instance). */
export const PRUNE_LOCK_WAIT_SECONDS = 30;

/**
 * `prune-refresh-tokens`: one prune run by hand, with the service's settings (REFRESH_TOKEN_RETENTION_DAYS,
 * REFRESH_TOKEN_PRUNE_BATCH_SIZE, REFRESH_TOKEN_PRUNE_MAX_PER_RUN); prints what it deleted.
 */
export function pruneRefreshTokensCommand(ctx: CliContext, args: string[]): Promise<number> {
  if (args.length > 0)
    throw new CliUsageError(`prune-refresh-tokens takes no argument, got: ${args.join(' ')}`);
  return withDatabase(ctx, async ({ ds, config }) => {
    const tables = await ds.query<unknown[]>(
      'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      [REFRESH_TOKENS_TABLE],
    );
    if (tables.length === 0) {
      throw new CliError(`table ${REFRESH_TOKENS_TABLE} does not exist: run \`npm run db -- up\` first`);
    }
    const result = await new RefreshTokenPruningService(ds).prune(config.auth.refreshTokenPrune, {
      now: new Date(ctx.now()),
      lockTimeoutSeconds: PRUNE_LOCK_WAIT_SECONDS,
    });
    if (result.skipped) {
      throw new CliError(
        `another process kept pruning refresh tokens for ${PRUNE_LOCK_WAIT_SECONDS} s; try again later`,
      );
    }
    ctx.out.log(describePrune(result));
    return 0;
  });
}
