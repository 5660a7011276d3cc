import { loadConfig } from '../../config/configuration';
import { ConfigValidationError } from '../../config/env.validation';
import { describePrune, nextBatchLimit, pruneCutoff, type PruneResult } from './refresh-token-pruning';

const result = (fields: Partial<PruneResult>): PruneResult => ({
  deleted: 0,
  expired: 0,
  revoked: 0,
  cutoff: new Date('2026-01-01T00:00:00.000Z'),
  limitReached: false,
  skipped: false,
  ...fields,
});

describe('refresh-token pruning', () => {
  it('is due for rows expired or revoked more than retentionDays before now', () => {
    expect(pruneCutoff(new Date('2026-01-08T12:00:00.000Z'), 7)).toEqual(
      new Date('2026-01-01T12:00:00.000Z'),
    );
  });

  it('asks each DELETE for one batch, never more than the run may still delete', () => {
    expect(nextBatchLimit(1000, 100000)).toBe(1000);
    expect(nextBatchLimit(1000, 250)).toBe(250);
    expect(nextBatchLimit(1000, 0)).toBe(0);
    expect(nextBatchLimit(1000, -3)).toBe(0);
  });

  it('says what a run did in one line', () => {
    expect(describePrune(result({ deleted: 3, expired: 2, revoked: 1 }))).toBe(
      'Pruned 3 refresh tokens expired or revoked before 2026-01-01T00:00:00.000Z (2 by expiry, 1 by revocation)',
    );
    expect(describePrune(result({ deleted: 1, expired: 1, limitReached: true }))).toBe(
      'Pruned 1 refresh token expired or revoked before 2026-01-01T00:00:00.000Z (1 by expiry, 0 by revocation); the per-run limit was reached, more may remain',
    );
    expect(describePrune(result({ skipped: true }))).toBe(
      'Refresh-token prune skipped: another process is pruning',
    );
  });

  it('is configured by REFRESH_TOKEN_* variables with the documented defaults', () => {
    expect(loadConfig({}).auth.refreshTokenPrune).toEqual({
      retentionDays: 7,
      intervalMinutes: 60,
      batchSize: 1000,
      maxPerRun: 100000,
    });
    expect(
      loadConfig({
        REFRESH_TOKEN_RETENTION_DAYS: '30',
        REFRESH_TOKEN_PRUNE_INTERVAL_MINUTES: '0',
        REFRESH_TOKEN_PRUNE_BATCH_SIZE: '500',
        REFRESH_TOKEN_PRUNE_MAX_PER_RUN: '2000',
      }).auth.refreshTokenPrune,
    ).toEqual({ retentionDays: 30, intervalMinutes: 0, batchSize: 500, maxPerRun: 2000 });
  });

  it.each([
    ['REFRESH_TOKEN_RETENTION_DAYS', '0'],
    ['REFRESH_TOKEN_PRUNE_INTERVAL_MINUTES', '-1'],
    // setInterval cannot wait longer than 2^31 - 1 ms (24.8 days); the bound is a week.
    ['REFRESH_TOKEN_PRUNE_INTERVAL_MINUTES', '10081'],
    ['REFRESH_TOKEN_PRUNE_BATCH_SIZE', '0'],
    ['REFRESH_TOKEN_PRUNE_BATCH_SIZE', 'lots'],
    ['REFRESH_TOKEN_PRUNE_MAX_PER_RUN', '0'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigValidationError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}: `));
  });
});
