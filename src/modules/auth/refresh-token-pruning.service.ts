import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  describePrune,
  pruneRefreshTokens,
  REFRESH_TOKENS_TABLE,
  type PruneOptions,
  type PruneResult,
  type PruneSettings,
} from './refresh-token-pruning';

export { describePrune, REFRESH_TOKENS_TABLE, type PruneOptions, type PruneResult, type PruneSettings };

/**
 * Pruning refresh tokens (refresh-token-pruning.ts says what and how), as the auth module exports it:
 * the scheduled RefreshTokenPruneJob and `npm run db -- prune-refresh-tokens` both run it. The CLI,
 * which has no Nest container, constructs it over its own DataSource.
 */
@Injectable()
export class RefreshTokenPruningService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Deletes the refresh tokens expired or revoked more than `settings.retentionDays` ago, in batches,
   * at most `settings.maxPerRun`, under the prune lock; `skipped: true` when another process holds it.
   * Database errors propagate.
   */
  prune(settings: PruneSettings, options: PruneOptions = {}): Promise<PruneResult> {
    return pruneRefreshTokens(this.dataSource, settings, options);
  }
}
