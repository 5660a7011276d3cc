import { Migration } from 'typeorm';
import { migrationsToRevert } from './commands/downgrade';
import { planStamp } from './commands/stamp';
import { CliError } from './errors';
import type { MigrationState } from './migrations';

const A = 'CreateA1764028800000';
const B = 'CreateB1764028801000';
const C = 'CreateC1764028802000';
const D = 'CreateD1764028803000';
const GHOST = 'Ghost1600000000000';

/** A state as readMigrationState builds it: `applied` names in the order they were recorded. */
function state(applied: string[], known = [A, B, C, D]): MigrationState {
  const knownMigrations = known.map((n) => new Migration(undefined, Number(n.slice(-13)), n));
  const appliedMigrations = applied.map((n, i) => new Migration(i + 1, Number(n.slice(-13)), n));
  const appliedNames = new Set(applied);
  return {
    known: knownMigrations,
    applied: appliedMigrations,
    appliedNames,
    head: appliedMigrations.at(-1),
    pending: knownMigrations.filter((m) => !appliedNames.has(m.name)),
    unknown: appliedMigrations.filter((m) => !known.includes(m.name)),
  };
}

const names = (ms: Array<{ name: string }>): string[] => ms.map((m) => m.name);

describe('migrationsToRevert (down)', () => {
  const s = state([A, B, C]);

  it('reverts one step by default, newest first', () => {
    expect(names(migrationsToRevert(s, undefined))).toEqual([C]);
  });

  it('reverts N steps (also written -N, as alembic downgrade -1)', () => {
    expect(names(migrationsToRevert(s, '2'))).toEqual([C, B]);
    expect(names(migrationsToRevert(s, '-2'))).toEqual([C, B]);
  });

  it('refuses more steps than applied', () => {
    expect(() => migrationsToRevert(s, '4')).toThrow('only 3 are applied');
  });

  it('reverts everything for base', () => {
    expect(names(migrationsToRevert(s, 'base'))).toEqual([C, B, A]);
    expect(migrationsToRevert(state([]), 'base')).toEqual([]);
  });

  it('reverts the ones after a named migration, which stays applied', () => {
    expect(names(migrationsToRevert(s, 'CreateA'))).toEqual([C, B]);
    expect(names(migrationsToRevert(s, B))).toEqual([C]);
    expect(names(migrationsToRevert(s, '1764028802000-CreateC'))).toEqual([]);
  });

  it('refuses an unknown or a pending name', () => {
    expect(() => migrationsToRevert(s, 'Nope')).toThrow(CliError);
    expect(() => migrationsToRevert(s, 'Nope')).toThrow('unknown migration "Nope"');
    expect(() => migrationsToRevert(s, 'CreateD')).toThrow(`${D} is not applied`);
  });

  it('follows the recorded order, not the timestamps', () => {
    expect(names(migrationsToRevert(state([A, C, B]), '1'))).toEqual([B]);
  });
});

describe('planStamp', () => {
  it('records the missing ones up to the target on a fresh database', () => {
    const plan = planStamp(state([]), 'CreateB');
    expect(plan.target?.name).toBe(B);
    expect(names(plan.record)).toEqual([A, B]);
    expect(plan.forget).toEqual([]);
    expect(plan.rerecord).toBe(false);
  });

  it('forgets the records after the target', () => {
    const plan = planStamp(state([A, B, C, D]), 'CreateB');
    expect(plan.record).toEqual([]);
    expect(names(plan.forget)).toEqual([C, D]);
    expect(plan.rerecord).toBe(false);
  });

  it('stamps head and base', () => {
    expect(names(planStamp(state([A]), 'head').record)).toEqual([B, C, D]);
    const base = planStamp(state([A, B]), 'base');
    expect(base.target).toBeUndefined();
    expect(names(base.forget)).toEqual([A, B]);
  });

  it('changes nothing when the target is already the current revision', () => {
    const plan = planStamp(state([A, B]), B);
    expect([plan.record, plan.forget, plan.rerecord]).toEqual([[], [], false]);
  });

  it('records the target again when it would not be the last record', () => {
    // B was applied after C (a branch merged late): stamping C must leave C as the current revision.
    expect(planStamp(state([A, C, B]), C).rerecord).toBe(true);
    // A gap before the target gets recorded after it unless the target is recorded again.
    const gap = planStamp(state([A, C]), C);
    expect(names(gap.record)).toEqual([B]);
    expect(gap.rerecord).toBe(true);
  });

  it('leaves records unknown to the code alone', () => {
    const plan = planStamp(state([A, GHOST]), 'head');
    expect(names(plan.record)).toEqual([B, C, D]);
    expect(plan.forget).toEqual([]);
    // ...but the target still ends up as the last record.
    expect(planStamp(state([A, B, GHOST]), B).rerecord).toBe(true);
  });

  it('refuses an unknown name', () => {
    expect(() => planStamp(state([]), 'Nope')).toThrow('unknown migration "Nope"');
  });
});
