import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AppConfig, DatabaseFlavour } from '../../../config/configuration';
import {
  backupDatabase,
  backupFileName,
  findClientTool,
  findDumpTool,
  restoreDatabase,
  type BackupResult,
} from '../../backup';
import { describeConnection } from '../../database-url';
import { waitForDatabase } from '../../wait-for-database';
import { cliConfig, waitLogger, type CliContext } from '../context';
import { CliError, CliUsageError } from '../errors';
import type { CliOutput } from '../output';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * Dumps the DATABASE_URL database to `file`, or to `<DB_BACKUP_DIR>/divemap-<db>-<UTC timestamp>.sql.gz`,
 * and says where. Shared by `backup` and `up --backup`.
 */
export async function takeBackup(
  ctx: CliContext,
  config: AppConfig,
  flavour: DatabaseFlavour,
  file?: string,
): Promise<BackupResult> {
  const c = config.database.connection;
  const target = resolve(file ?? resolve(config.backupDir, backupFileName(c.database, new Date(ctx.now()))));
  const tool = findDumpTool(flavour, ctx.env.PATH ?? process.env.PATH);
  const result = await backupDatabase(c, flavour, target, tool);
  ctx.out.log(`Backup written to ${result.file} (${size(result.bytes)}, ${result.tool.version})`);
  return result;
}

/** The configuration and the server's flavour (DB_TYPE wins), after the usual wait for the database. */
async function connect(
  ctx: CliContext,
): Promise<{ config: AppConfig; flavour: DatabaseFlavour; out: CliOutput }> {
  const config = cliConfig(ctx);
  const target = describeConnection(config.database.connection);
  if (!config.database.connection.database) throw new CliError(`DATABASE_URL names no database (${target})`);
  const server = await waitForDatabase(config.database, waitLogger(ctx.out));
  ctx.out.log(`Database ${target} (${server.version})`);
  return { config, flavour: config.database.type ?? server.flavour, out: ctx.out };
}

/** `backup [file]`: a consistent gzipped dump (mariadb-dump or mysqldump). */
export async function backup(ctx: CliContext, args: string[]): Promise<number> {
  if (args.length > 1) throw new CliUsageError(`backup takes at most one file name, got: ${args.join(' ')}`);
  const { config, flavour } = await connect(ctx);
  await takeBackup(ctx, config, flavour, args[0]);
  return 0;
}

/** `restore <file>`: feeds a dump (gzipped or plain SQL) to the mariadb/mysql client. */
export async function restore(ctx: CliContext, args: string[]): Promise<number> {
  if (args.length !== 1) throw new CliUsageError('restore takes one file name');
  const file = resolve(args[0]);
  if (!(await stat(file).catch(() => undefined))?.isFile())
    throw new CliError(`no such backup file: ${file}`);
  const { config, flavour, out } = await connect(ctx);
  const client = findClientTool(flavour, ctx.env.PATH ?? process.env.PATH);
  const { tool, bytes } = await restoreDatabase(config.database.connection, flavour, file, client);
  out.log(`Restored ${file} (${size(bytes)}) with ${tool.version}`);
  return 0;
}
