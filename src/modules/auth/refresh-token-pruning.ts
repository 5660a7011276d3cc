import type { DataSource, QueryRunner } from 'typeorm';
import type { RefreshTokenPruneConfig } from '../../config/configuration';
import { lockName, NamedLockTimeoutError, withNamedLock } from '../../database/named-lock';

/**
 * Pruning refresh tokens (issue 13): `refresh_tokens` gains a row per login and per refresh, and
 * nothing else deletes them. A row stops mattering once it can no longer be exchanged — it expired,
 * or it was revoked (RefreshSessionsService.rotate answers 401 for both, as it does for a token it
 * does not know) — and it is kept `retentionDays` after that for audit (device, IP, revoked_reason
 * such as `reuse_detected`). Rotated tokens are never pruned before they expire: reuse detection needs
 * them for their whole lifetime, and deleting an expired or revoked row changes no answer.
 *
 * Deleting is done in short statements — `DELETE ... WHERE <column> < cutoff ORDER BY <column>, id
 * LIMIT n` on `expires_at`, then on `revoked_at`, each range-scanning its index oldest first — so no
 * statement holds row locks for long or scans the table, and at most `maxPerRun` rows go per run.
 * Each statement commits on its own: an interrupted run keeps what it deleted.
 */

export const REFRESH_TOKENS_TABLE = 'refresh_tokens';
/** GET_LOCK purpose: one prune at a time per database, across processes and replicas. */
export const PRUNE_LOCK_PURPOSE = 'refresh-token-prune';

const DAY_MS = 24 * 3600 * 1000;

export type PruneSettings = Pick<RefreshTokenPruneConfig, 'retentionDays' | 'batchSize' | 'maxPerRun'>;

export interface PruneResult {
  /** Rows deleted in all. */
  deleted: number;
  /** ... of which found by `expires_at < cutoff`, and by `revoked_at < cutoff`. */
  expired: number;
  revoked: number;
  /** Rows expired or revoked before this instant were due. */
  cutoff: Date;
  /** The run stopped at `maxPerRun` (or was asked to stop): due rows may remain for the next run. */
  limitReached: boolean;
  /** Nothing was done: another process held the prune lock. */
  skipped: boolean;
}

export interface PruneOptions {
  now?: Date;
  /** How long to wait for another process's prune to finish (GET_LOCK timeout, seconds); 0: skip at once. */
  lockTimeoutSeconds?: number;
  /** Checked before each statement: true ends the run early (shutdown). */
  shouldStop?: () => boolean;
}

/** Rows expired or revoked before the returned instant are due for deletion. */
export function pruneCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** The LIMIT of the next DELETE: one batch, never more than the run may still delete. */
export function nextBatchLimit(batchSize: number, remaining: number): number {
  return Math.max(0, Math.min(Math.floor(batchSize), Math.floor(remaining)));
}

const PASSES = [
  { kind: 'expired', column: 'expires_at' },
  { kind: 'revoked', column: 'revoked_at' },
] as const;

async function deleteDue(
  runner: QueryRunner,
  settings: PruneSettings,
  cutoff: Date,
  shouldStop: () => boolean,
): Promise<PruneResult> {
  const result: PruneResult = {
    deleted: 0,
    expired: 0,
    revoked: 0,
    cutoff,
    limitReached: false,
    skipped: false,
  };
  for (const { kind, column } of PASSES) {
    for (;;) {
      const limit = nextBatchLimit(settings.batchSize, settings.maxPerRun - result.deleted);
      if (limit === 0 || shouldStop()) {
        result.limitReached = true;
        return result;
      }
      // `limit` is a validated integer (a LIMIT cannot be a placeholder in every client mode).
      const { affected } = await runner.query(
        `DELETE FROM \`${REFRESH_TOKENS_TABLE}\` WHERE \`${column}\` < ? ORDER BY \`${column}\`, \`id\` LIMIT ${limit}`,
        [cutoff],
        true,
      );
      const n = Number(affected ?? 0);
      result[kind] += n;
      result.deleted += n;
      if (n < limit) break;
    }
  }
  return result;
}

/**
 * Deletes the refresh tokens expired or revoked more than `retentionDays` ago, in batches, at most
 * `maxPerRun`, while holding the prune lock on the primary. Database errors propagate (the scheduled
 * job catches them); a lock held elsewhere gives `skipped: true`.
 */
export async function pruneRefreshTokens(
  ds: DataSource,
  settings: PruneSettings,
  options: PruneOptions = {},
): Promise<PruneResult> {
  const cutoff = pruneCutoff(options.now ?? new Date(), settings.retentionDays);
  try {
    return await withNamedLock(
      ds,
      lockName(ds, PRUNE_LOCK_PURPOSE),
      options.lockTimeoutSeconds ?? 0,
      (runner) => deleteDue(runner, settings, cutoff, options.shouldStop ?? (() => false)),
    );
  } catch (error) {
    if (error instanceof NamedLockTimeoutError) {
      return { deleted: 0, expired: 0, revoked: 0, cutoff, limitReached: false, skipped: true };
    }
    throw error;
  }
}

/** One line saying what a run did, for the job's log and the CLI. */
export function describePrune(result: PruneResult): string {
  if (result.skipped) return 'Refresh-token prune skipped: another process is pruning';
  const noun = result.deleted === 1 ? 'refresh token' : 'refresh tokens';
  const more = result.limitReached ? '; the per-run limit was reached, more may remain' : '';
  return (
    `Pruned ${result.deleted} ${noun} expired or revoked before ${result.cutoff.toISOString()} ` +
    `(${result.expired} by expiry, ${result.revoked} by revocation)${more}`
  );
}
