/**
 * "Exactly the product's SQL": the statements one request of the product sends, read from the
 * server's general log.
 *
 * For each captured request: the general log goes to a table (`log_output='TABLE'`) and is switched
 * on, the request is made (nothing else is sent to the service meanwhile), the log is switched off,
 * the rows of the service's own connections (the threads connected to the bench database, minus the
 * bench's own) are read in the order they were written (the CSV engine keeps it), and the table is
 * truncated. Query and Execute rows are kept — the statement text with its values, as the server ran
 * it; the only rows dropped are the pool's per-connection set-up (`SET time_zone`), which a new pool
 * connection runs once and the baseline's pool runs the same way. The server's original log settings
 * are restored by `close()` (and by the bench's exit handlers); they are also kept in a file while
 * the log is redirected, so a run that follows a killed one restores the real originals.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { DatabaseFlavour } from '../src/config/configuration';

export interface Capture<T> {
  statements: string[];
  /** Set-up statements left out (see above). */
  dropped: number;
  /** How many of the service's connections the request used. */
  threads: number;
  result: T;
}

const CONNECTION_SETUP = /^\s*SET\s+time_zone\s*=/i;

export class GeneralLogCapture {
  private original?: { logOutput: string; generalLog: number };

  constructor(
    private readonly admin: Connection,
    private readonly flavour: DatabaseFlavour,
    private readonly database: string,
    /** Where the original settings are kept while the log is redirected. */
    private readonly settingsFile: string,
  ) {}

  async open(): Promise<void> {
    if (existsSync(this.settingsFile)) {
      // Left by a run killed before it could restore them: those are the originals.
      this.original = JSON.parse(readFileSync(this.settingsFile, 'utf8')) as {
        logOutput: string;
        generalLog: number;
      };
    } else {
      const [rows] = await this.admin.query<RowDataPacket[]>(
        'SELECT @@GLOBAL.log_output AS o, @@GLOBAL.general_log AS g',
      );
      this.original = { logOutput: String(rows[0].o), generalLog: Number(rows[0].g) };
      mkdirSync(dirname(this.settingsFile), { recursive: true });
      writeFileSync(this.settingsFile, JSON.stringify(this.original));
    }
    await this.admin.query('SET GLOBAL general_log = 0');
    await this.admin.query("SET GLOBAL log_output = 'TABLE'");
    await this.admin.query('TRUNCATE TABLE mysql.general_log');
  }

  /** Puts log_output and general_log back as they were (idempotent). */
  async close(): Promise<void> {
    if (!this.original) return;
    const { logOutput, generalLog } = this.original;
    this.original = undefined;
    await this.admin.query('SET GLOBAL general_log = 0');
    await this.admin.query('TRUNCATE TABLE mysql.general_log').catch(() => undefined);
    await this.admin.query('SET GLOBAL log_output = ?', [logOutput]);
    await this.admin.query('SET GLOBAL general_log = ?', [generalLog]);
    rmSync(this.settingsFile, { force: true });
  }

  /** Connections to the bench database other than the bench's own admin connection. */
  private async serviceThreads(): Promise<number[]> {
    const table =
      this.flavour === 'mysql' ? 'performance_schema.processlist' : 'information_schema.PROCESSLIST';
    const [rows] = await this.admin.query<RowDataPacket[]>(`SELECT ID AS id FROM ${table} WHERE DB = ?`, [
      this.database,
    ]);
    return rows.map((r) => Number(r.id)).filter((id) => id !== this.admin.threadId);
  }

  async capture<T>(request: () => Promise<T>): Promise<Capture<T>> {
    if (!this.original) throw new Error('GeneralLogCapture.open() first');
    const before = await this.serviceThreads();
    await this.admin.query('SET GLOBAL general_log = 1');
    let result: T;
    try {
      result = await request();
      // Anything the service still sends right after answering belongs to the request too.
      await new Promise((r) => setTimeout(r, 30));
    } finally {
      await this.admin.query('SET GLOBAL general_log = 0');
    }
    const threads = new Set([...before, ...(await this.serviceThreads())]);
    const [rows] = await this.admin.query<RowDataPacket[]>(
      'SELECT thread_id, command_type, argument FROM mysql.general_log',
    );
    await this.admin.query('TRUNCATE TABLE mysql.general_log');
    const statements: string[] = [];
    const used = new Set<number>();
    let dropped = 0;
    for (const r of rows) {
      const thread = Number(r.thread_id);
      if (!threads.has(thread)) continue;
      const type = String(r.command_type);
      if (type !== 'Query' && type !== 'Execute') continue;
      const arg: unknown = r.argument;
      const sql = Buffer.isBuffer(arg) ? arg.toString('utf8') : String(arg);
      if (CONNECTION_SETUP.test(sql)) {
        dropped++;
        continue;
      }
      used.add(thread);
      statements.push(sql);
    }
    return { statements, dropped, threads: used.size, result };
  }
}

export interface PlanRow {
  table: string;
  type: string;
  key: string;
}

/** EXPLAIN of a SELECT: one `table/type/key` per row of the plan (the servers' tabular format). */
export async function explain(conn: Connection, flavour: DatabaseFlavour, sql: string): Promise<PlanRow[]> {
  if (!/^\s*(\(?\s*SELECT|WITH)\b/i.test(sql)) return [];
  const [rows] = await conn.query<RowDataPacket[]>(
    `${flavour === 'mysql' ? 'EXPLAIN FORMAT=TRADITIONAL' : 'EXPLAIN'} ${sql}`,
  );
  return rows.map((r) => ({
    table: String(r.table ?? ''),
    type: String(r.type ?? ''),
    key: r.key === null || r.key === undefined ? '-' : String(r.key),
  }));
}

export const planText = (plan: PlanRow[]) => plan.map((p) => `${p.table}:${p.type}:${p.key}`).join(' ');
