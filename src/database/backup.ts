import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { DatabaseFlavour } from '../config/configuration';
import type { ConnectionParams } from './database-url';

/**
 * Backups with the server's own tools (spec/database.md, "Backup Before Production"): a consistent
 * `--single-transaction` dump, gzipped while it streams, and a restore through the command-line
 * client. The password never appears on a command line (where `ps` shows it): the tools read the
 * connection from a temporary option file (mode 0600, deleted afterwards) given as
 * `--defaults-extra-file`.
 */

export class BackupError extends Error {}

/** A dump or client program found on PATH. */
export interface DatabaseTool {
  path: string;
  /** The first line of `<tool> --version`. */
  version: string;
  /** MariaDB's build (mariadb-dump, or Debian's mysqldump link to it) rather than Oracle MySQL's. */
  isMariaDb: boolean;
}

const DUMP_TOOLS: Record<DatabaseFlavour, string[]> = {
  mariadb: ['mariadb-dump', 'mysqldump'],
  mysql: ['mysqldump', 'mariadb-dump'],
};
const CLIENT_TOOLS: Record<DatabaseFlavour, string[]> = {
  mariadb: ['mariadb', 'mysql'],
  mysql: ['mysql', 'mariadb'],
};

/** Runs `<dir>/<name> --version` for each PATH entry; the first that answers is the tool. */
function onPath(name: string, path: string): DatabaseTool | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    if (probe.error !== undefined || probe.status !== 0) continue;
    const version = probe.stdout.split('\n')[0].trim();
    return { path: candidate, version, isMariaDb: /mariadb/i.test(version) };
  }
  return undefined;
}

/** The first of `names` on PATH, preferring the tool that matches the server flavour. */
function findTool(names: string[], what: string, path = process.env.PATH ?? ''): DatabaseTool {
  for (const name of names) {
    const found = onPath(name, path);
    if (found !== undefined) return found;
  }
  throw new BackupError(
    `no ${what} on PATH (looked for ${names.join(', ')}): install the MariaDB or MySQL client tools ` +
      '(Debian: apt-get install mariadb-client)',
  );
}

export function findDumpTool(flavour: DatabaseFlavour, path?: string): DatabaseTool {
  return findTool(DUMP_TOOLS[flavour], 'dump tool', path);
}

export function findClientTool(flavour: DatabaseFlavour, path?: string): DatabaseTool {
  return findTool(CLIENT_TOOLS[flavour], 'database client', path);
}

/** An option-file value: double-quoted, with backslashes and quotes escaped (both tools read that). */
function optionValue(value: string): string {
  if (/[\r\n]/.test(value))
    throw new BackupError('the database user and password cannot contain line breaks');
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The `[client]` option file that carries the connection, password included. */
export function defaultsFileContent(c: ConnectionParams): string {
  return [
    '[client]',
    `host=${optionValue(c.host)}`,
    `port=${c.port}`,
    // "localhost" would mean the Unix socket to these tools; the service always uses TCP.
    'protocol=TCP',
    `user=${optionValue(c.user)}`,
    `password=${optionValue(c.password)}`,
    '',
  ].join('\n');
}

/**
 * Runs `work` with the path of a fresh option file for `c`, readable by this user only, in a private
 * temporary directory that is removed afterwards, whatever happens.
 */
export async function withDefaultsFile<T>(
  c: ConnectionParams,
  work: (file: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'divemap-db-'));
  try {
    const file = join(dir, 'client.cnf');
    await writeFile(file, defaultsFileContent(c), { mode: 0o600, flag: 'wx' });
    return await work(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `divemap-<db>-<UTC timestamp>.sql.gz`, e.g. divemap-divemap-20260102T030405Z.sql.gz. */
export function backupFileName(database: string, now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `divemap-${database.replace(/[^\w.-]/g, '_')}-${stamp}.sql.gz`;
}

/** Arguments of the dump (after `--defaults-extra-file`, which must come first). */
export function dumpArguments(tool: DatabaseTool, flavour: DatabaseFlavour, database: string): string[] {
  return [
    '--single-transaction',
    '--routines',
    '--triggers',
    // POINT columns and any binary value as hex literals: safe through every client and charset.
    '--hex-blob',
    '--default-character-set=utf8mb4',
    // Tablespace statements need the PROCESS privilege, which an application user rarely has.
    '--no-tablespaces',
    // Oracle's mysqldump 8 asks MariaDB for a table it lacks unless told not to.
    ...(!tool.isMariaDb && flavour === 'mariadb' ? ['--column-statistics=0'] : []),
    // No CREATE DATABASE/USE: a dump restores into whatever database DATABASE_URL names.
    database,
  ];
}

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function spawnTool(
  tool: DatabaseTool,
  args: string[],
  stdio: ['ignore' | 'pipe', 'pipe' | 'ignore', 'pipe'],
) {
  const child = spawn(tool.path, args, { stdio });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    if (stderr.length < 64 * 1024) stderr += chunk;
  });
  const finished: Promise<Finished> = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stderr: stderr.trim() }));
  });
  return { child, finished };
}

/** The tool's error line ("ERROR 1064 ... at line 1", "mysqldump: Got error: ..."), not its echo of the statement. */
function errorLine(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^-+$/.test(l));
  return lines.find((l) => /^ERROR\b|error/i.test(l)) ?? lines.at(-1);
}

function toolFailure(tool: DatabaseTool, result: Finished): BackupError {
  const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
  const line = errorLine(result.stderr);
  return new BackupError(`${tool.path} ${how}${line ? `: ${line}` : ''}`);
}

export interface BackupResult {
  file: string;
  bytes: number;
  tool: DatabaseTool;
}

/**
 * Dumps `c.database` into `file` (gzip). The dump streams into `<file>.partial`, renamed when the tool
 * succeeded, so an interrupted backup never leaves a file that looks complete.
 */
export async function backupDatabase(
  c: ConnectionParams,
  flavour: DatabaseFlavour,
  file: string,
  tool: DatabaseTool = findDumpTool(flavour),
): Promise<BackupResult> {
  if (!c.database) throw new BackupError('DATABASE_URL names no database to back up');
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  try {
    await withDefaultsFile(c, async (defaults) => {
      const { child, finished } = spawnTool(
        tool,
        [`--defaults-extra-file=${defaults}`, ...dumpArguments(tool, flavour, c.database)],
        ['ignore', 'pipe', 'pipe'],
      );
      const written = pipeline(
        child.stdout as Readable,
        createGzip(),
        createWriteStream(partial, { mode: 0o600 }),
      );
      const [result] = await Promise.all([finished, written]);
      if (result.code !== 0) throw toolFailure(tool, result);
    });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { file, bytes: (await stat(file)).size, tool };
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Feeds a dump (gzipped, or plain SQL) to the client tool, into `c.database`. */
export async function restoreDatabase(
  c: ConnectionParams,
  flavour: DatabaseFlavour,
  file: string,
  tool: DatabaseTool = findClientTool(flavour),
): Promise<{ tool: DatabaseTool; bytes: number }> {
  if (!c.database) throw new BackupError('DATABASE_URL names no database to restore into');
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new BackupError(`no such backup file: ${file}`);
  const gzipped = await isGzip(file);
  await withDefaultsFile(c, async (defaults) => {
    const { child, finished } = spawnTool(
      tool,
      [`--defaults-extra-file=${defaults}`, '--default-character-set=utf8mb4', '--batch', c.database],
      ['pipe', 'ignore', 'pipe'],
    );
    const stdin = child.stdin as Writable;
    const fed = (
      gzipped
        ? pipeline(createReadStream(file), createGunzip(), stdin)
        : pipeline(createReadStream(file), stdin)
    ).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new BackupError(String(error))),
    );
    const [result, feedError] = await Promise.all([finished, fed]);
    // The client's own message explains a failure better than the EPIPE it causes upstream.
    if (result.code !== 0) throw toolFailure(tool, result);
    if (feedError) throw feedError;
  });
  return { tool, bytes: info.size };
}
