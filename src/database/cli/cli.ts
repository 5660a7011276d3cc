import { createAdmin } from './commands/create-admin';
import { backup, restore } from './commands/backup';
import { createDatabase } from './commands/create-database';
import { down } from './commands/downgrade';
import { listOrganizations, seedOrganizations } from './commands/organizations';
import { pruneRefreshTokensCommand } from './commands/prune-refresh-tokens';
import { create, generate } from './commands/revision';
import { stamp } from './commands/stamp';
import { history, status } from './commands/status';
import { up } from './commands/upgrade';
import { createContext, type CliContext, type CliOptions } from './context';
import { CliUsageError, messageOf } from './errors';

export type { CliOptions } from './context';
export type { CliOutput } from './output';

type Command = (ctx: CliContext, args: string[]) => Promise<number>;

const noArgs =
  (name: string, run: (ctx: CliContext) => Promise<number>): Command =>
  (ctx, args) => {
    if (args.length > 0) throw new CliUsageError(`${name} takes no argument, got: ${args.join(' ')}`);
    return run(ctx);
  };

export const COMMANDS: Readonly<Record<string, Command>> = {
  status: noArgs('status', status),
  history: noArgs('history', history),
  up,
  down,
  stamp,
  generate,
  create,
  'create-database': createDatabase,
  'seed:organizations': seedOrganizations,
  'organizations:list': listOrganizations,
  backup,
  restore,
  'create-admin': createAdmin,
  'prune-refresh-tokens': pruneRefreshTokensCommand,
};

export const USAGE = `Usage: npm run db -- <command> [argument]

Migrations (Alembic equivalent in brackets):
  status                    current revision and pending migrations      [alembic current]
  history                   every migration, applied or pending          [alembic history]
  up [--backup]             apply all pending migrations                 [alembic upgrade head]
                            (--backup: dump the database first, when something is pending)
  down [steps|name|base]    revert the last migration (default), <steps> of them,
                            the ones after <name> (which stays applied), or all  [alembic downgrade]
  stamp <name|head|base>    record migrations as applied (or not) without running them,
                            so that <name> is the current revision       [alembic stamp]
  generate <Name>           write a migration from the entity changes    [alembic revision --autogenerate]
  create <Name>             write an empty migration                     [alembic revision]

Database and data:
  create-database           create the database and user of DATABASE_URL, using DB_ADMIN_URL
                            (default mysql://root@localhost:3306)
  seed:organizations        add the ten main diving organizations (skips those present)
  organizations:list        list the diving organizations
  backup [file]             gzipped dump (mariadb-dump/mysqldump --single-transaction --routines
                            --triggers) to [file], default <DB_BACKUP_DIR>/divemap-<db>-<UTC time>.sql.gz
  restore <file>            load a dump (.sql.gz or .sql) into the DATABASE_URL database

Users:
  create-admin <username> <email> [--promote]
                            create an enabled admin; the password comes from
                            DIVEMAP_ADMIN_PASSWORD, else it is asked (not echoed) on a terminal,
                            and must pass the registration strength rule. A taken username or
                            e-mail is refused, unless --promote is given and both name one
                            account: it becomes an admin (enabled, un-archived), password unchanged
  prune-refresh-tokens      delete refresh tokens expired or revoked more than
                            REFRESH_TOKEN_RETENTION_DAYS ago (what the service's hourly job does),
                            in batches, at most REFRESH_TOKEN_PRUNE_MAX_PER_RUN; prints the count

A migration is named by its class name (CreateDiveSites1700000000000), its file name
(1700000000000-CreateDiveSites), its bare name (CreateDiveSites) or its timestamp.
<Name> is PascalCase letters and digits. Connection: DATABASE_URL (read from .env too), DB_TYPE,
DB_CONNECT_ATTEMPTS, DB_MIGRATION_LOCK_TIMEOUT_S.`;

/**
 * Runs one db command. Returns the exit code: 0 done, 1 failed (one line `error: <message>` on the
 * error stream), 2 bad command line (the usage). Never throws and never exits the process, so tests
 * call it in-process with their own environment and output.
 */
export async function runCli(argv: readonly string[], options: CliOptions = {}): Promise<number> {
  const ctx = createContext(options);
  const [name, ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    ctx.out.log(USAGE);
    return 0;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined || !Object.hasOwn(COMMANDS, name)) {
    ctx.out.error(name === undefined ? 'error: no command given' : `error: unknown command "${name}"`);
    ctx.out.error(USAGE);
    return 2;
  }
  try {
    return await command(ctx, args);
  } catch (error) {
    if (error instanceof CliUsageError) {
      ctx.out.error(`error: ${error.message}`);
      ctx.out.error(USAGE);
      return 2;
    }
    ctx.out.error(`error: ${messageOf(error).split('\n')[0]}`);
    return 1;
  }
}
