import type { CliContext } from '../context';
import { withDatabase, type OpenDatabase } from '../context';
import { migrationDate } from '../migration-names';
import { describeHead, readMigrationState, type MigrationState } from '../migrations';
import { formatTable, plural, type CliOutput } from '../output';

/** First line of every migration command: which database it works on. */
export function printTarget(out: CliOutput, db: OpenDatabase): void {
  out.log(`Database ${db.target} (${db.server.version})`);
}

function warnUnknown(out: CliOutput, state: MigrationState): void {
  if (state.unknown.length === 0) return;
  out.log(
    `Warning: ${plural(state.unknown.length, 'applied migration is', 'applied migrations are')} not in the code: ` +
      `${state.unknown.map((m) => m.name).join(', ')}`,
  );
}

/** `status` (alembic current): the current revision and what `up` would apply. */
export function status(ctx: CliContext): Promise<number> {
  return withDatabase(ctx, async (db) => {
    const { out } = ctx;
    const state = await readMigrationState(db.ds);
    printTarget(out, db);
    out.log(`Current revision: ${describeHead(state)}`);
    if (state.pending.length === 0) {
      out.log('Database is up to date');
    } else {
      out.log(`Pending migrations (${state.pending.length}):`);
      for (const m of state.pending) out.log(`  ${m.name}`);
    }
    warnUnknown(out, state);
    return 0;
  });
}

/** `history`: every migration in the code in order, applied or pending, plus applied ones the code lacks. */
export function history(ctx: CliContext): Promise<number> {
  return withDatabase(ctx, async (db) => {
    const { out } = ctx;
    const state = await readMigrationState(db.ds);
    const appliedByName = new Map(state.applied.map((m) => [m.name, m]));
    const mark = (name: string, text: string): string =>
      state.head?.name === name ? `${text} (current)` : text;
    const rows = [
      ...state.known.map((m, i) => {
        const applied = appliedByName.get(m.name);
        return [
          i + 1,
          m.name,
          mark(m.name, applied ? 'applied' : 'pending'),
          applied?.id,
          migrationDate(m.name),
        ];
      }),
      ...state.unknown.map((m) => [
        '?',
        m.name,
        mark(m.name, 'applied, not in code'),
        m.id,
        migrationDate(m.name),
      ]),
    ];
    printTarget(out, db);
    if (rows.length === 0) {
      out.log('No migrations in the code or the database');
    } else {
      formatTable(['#', 'Migration', 'Status', 'Id', 'Written'], rows).forEach((line) => out.log(line));
    }
    const appliedKnown = state.known.length - state.pending.length;
    out.log(
      `Current revision: ${describeHead(state)}; ${appliedKnown} applied, ${state.pending.length} pending` +
        (state.unknown.length > 0 ? `, ${state.unknown.length} not in code` : ''),
    );
    return 0;
  });
}
