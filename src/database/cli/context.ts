import type { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { loadConfig, type AppConfig, type DatabaseFlavour } from '../../config/configuration';
import { ConfigValidationError } from '../../config/env.validation';
import {
  applySessionSettings,
  buildDataSourceOptions,
  DivemapDataSource,
  MIGRATIONS_DIR,
} from '../data-source';
import { describeConnection } from '../database-url';
import { waitForDatabase, type DatabaseServerInfo, type StartupLogger } from '../wait-for-database';
import { CliError } from './errors';
import type { CliOutput } from './output';

export interface CliOptions {
  /** The environment to read (DATABASE_URL, DB_*); defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Output sink; defaults to the console. */
  out?: CliOutput;
  /** Where `create` and `generate` write migration files; defaults to src/database/migrations. */
  migrationsDir?: string;
  /** Clock for migration timestamps; defaults to Date.now. */
  now?: () => number;
}

export interface CliContext {
  env: Record<string, string | undefined>;
  out: CliOutput;
  migrationsDir: string;
  migrationsDirIsDefault: boolean;
  now: () => number;
}

export function createContext(options: CliOptions = {}): CliContext {
  return {
    env: options.env ?? process.env,
    out: options.out ?? console,
    migrationsDir: options.migrationsDir ?? MIGRATIONS_DIR,
    migrationsDirIsDefault: options.migrationsDir === undefined,
    now: options.now ?? Date.now,
  };
}

/** The validated configuration; a bad variable becomes a one-line CLI error naming it. */
export function cliConfig(ctx: CliContext): AppConfig {
  try {
    return loadConfig(ctx.env);
  } catch (error) {
    if (error instanceof ConfigValidationError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * The wait loop's lines go to the diagnostics stream, and only once something goes wrong: a database
 * that answers at once costs no output, one that needs retries shows every attempt.
 */
export function waitLogger(out: CliOutput): StartupLogger {
  let troubled = false;
  const held: string[] = [];
  return {
    log: (message) => (troubled ? out.error(message) : held.push(message)),
    warn: (message) => {
      if (!troubled) held.splice(0).forEach((m) => out.error(m));
      troubled = true;
      out.error(message);
    },
    error: (message) => out.error(message),
  };
}

/** TypeORM's own logging routed to the CLI's diagnostics stream; migrations are reported by the commands. */
class CliTypeOrmLogger implements TypeOrmLogger {
  constructor(
    private readonly out: CliOutput,
    private readonly logQueries: boolean,
  ) {}

  logQuery(query: string, parameters?: unknown[]): void {
    if (this.logQueries)
      this.out.error(`query: ${query}${parameters?.length ? ` -- ${JSON.stringify(parameters)}` : ''}`);
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    if (this.logQueries) {
      const params = parameters?.length ? ` -- ${JSON.stringify(parameters)}` : '';
      this.out.error(`query failed: ${query}${params}: ${typeof error === 'string' ? error : error.message}`);
    }
  }

  logQuerySlow(): void {}

  logSchemaBuild(): void {}

  logMigration(): void {}

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.out.error(`warning: ${String(message)}`);
  }
}

export interface OpenDatabase {
  ds: DataSource;
  config: AppConfig;
  server: DatabaseServerInfo;
  flavour: DatabaseFlavour;
  target: string;
}

/**
 * Waits for the database of DATABASE_URL (authenticated, so wrong credentials fail here with a clear
 * message), builds the shared DataSource for the detected flavour (or DB_TYPE), runs `work` and always
 * destroys the DataSource.
 */
export async function withDatabase<T>(ctx: CliContext, work: (db: OpenDatabase) => Promise<T>): Promise<T> {
  const config = cliConfig(ctx);
  const target = describeConnection(config.database.connection);
  if (!config.database.connection.database) {
    throw new CliError(`DATABASE_URL names no database (${target})`);
  }
  const server = await waitForDatabase(config.database, waitLogger(ctx.out));
  const flavour = config.database.type ?? server.flavour;
  const ds = new DivemapDataSource({
    ...buildDataSourceOptions(config.database, flavour),
    logger: new CliTypeOrmLogger(ctx.out, config.database.logQueries),
  });
  try {
    await ds.initialize();
    await applySessionSettings(ds);
    return await work({ ds, config, server, flavour, target });
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}
