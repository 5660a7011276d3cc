import { readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { withDatabase, type CliContext } from '../context';
import { CliError, CliUsageError } from '../errors';
import {
  migrationClassName,
  migrationFileName,
  migrationTimestamp,
  renderMigration,
  validateMigrationName,
  type MigrationQuery,
} from '../migration-template';
import { readMigrationState } from '../migrations';
import { plural } from '../output';
import { printTarget } from './status';

function nameArgument(command: string, args: string[]): string {
  if (args.length !== 1) throw new CliUsageError(`${command} takes exactly one argument: <Name>`);
  return validateMigrationName(args[0]);
}

/** Writing TypeScript migrations only makes sense from the sources, not from the compiled dist/. */
function migrationsDir(ctx: CliContext): string {
  if (ctx.migrationsDirIsDefault && !__filename.endsWith('.ts')) {
    throw new CliError(
      'create and generate write TypeScript sources: run them with `npm run db`, not from dist/',
    );
  }
  return ctx.migrationsDir;
}

/** Writes the file, refusing to reuse a name that an existing migration has (names must stay unambiguous). */
function writeMigration(
  ctx: CliContext,
  name: string,
  source: (timestamp: string) => string,
): { file: string; className: string } {
  const dir = migrationsDir(ctx);
  if (existsSync(dir)) {
    const clash = readdirSync(dir).find((f) => new RegExp(`^\\d{13}-${name}\\.[jt]s$`).test(f));
    if (clash) throw new CliError(`a migration named ${name} already exists: ${clash}`);
  } else {
    mkdirSync(dir, { recursive: true });
  }
  const timestamp = migrationTimestamp(ctx.now());
  const file = join(dir, migrationFileName(name, timestamp));
  writeFileSync(file, source(timestamp), { flag: 'wx' });
  return { file, className: migrationClassName(name, timestamp) };
}

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** `create <Name>` (alembic revision): an empty migration to fill in by hand. No database needed. */
export function create(ctx: CliContext, args: string[]): Promise<number> {
  const name = nameArgument('create', args);
  const { file, className } = writeMigration(ctx, name, (ts) => renderMigration(name, ts));
  ctx.out.log(
    `Created ${shown(file)} (class ${className}); write up() and down(), then run \`npm run db -- up\``,
  );
  return Promise.resolve(0);
}

/**
 * `generate <Name>` (alembic revision --autogenerate): the SQL that makes the database match the
 * entities, from TypeORM's schema builder, written as a migration to review. Like Alembic, it refuses
 * a database that is not at head (the diff would repeat the pending migrations).
 */
export function generate(ctx: CliContext, args: string[]): Promise<number> {
  const name = nameArgument('generate', args);
  migrationsDir(ctx);
  return withDatabase(ctx, async (db) => {
    const { out } = ctx;
    printTarget(out, db);
    const state = await readMigrationState(db.ds);
    if (state.pending.length > 0) {
      throw new CliError(
        `the database is not up to date (${plural(state.pending.length, 'pending migration')}): run \`npm run db -- up\` first`,
      );
    }
    const sql = await db.ds.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      out.log('No changes in database schema were found');
      return 0;
    }
    const upQueries: MigrationQuery[] = sql.upQueries;
    const downQueries: MigrationQuery[] = [...sql.downQueries].reverse();
    const { file, className } = writeMigration(ctx, name, (ts) =>
      renderMigration(name, ts, upQueries, downQueries),
    );
    out.log(
      `Generated ${shown(file)} (class ${className}) with ${plural(upQueries.length, 'statement')}; review it, then run \`npm run db -- up\``,
    );
    return 0;
  });
}
