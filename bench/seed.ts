/**
 * Loads a bench/data.ts data set into a freshly migrated bench database, fast:
 *
 * - per table, the secondary indexes and foreign keys the migrations created (read back from
 *   SHOW CREATE TABLE, so new migrations are honoured without touching this file) are dropped, the
 *   rows go in as multi-row INSERTs in primary-key order, and the indexes are rebuilt afterwards
 *   (one sorted build per index instead of a million random B-tree/R-tree inserts: the fast order of
 *   spec/spatial-notes.md §1), then the foreign keys (not re-validated: FOREIGN_KEY_CHECKS=0);
 * - FULLTEXT indexes are rebuilt one per ALTER (InnoDB adds one at a time), SPATIAL ones on their own;
 * - the session skips unique and foreign-key checks and, on MySQL, the binary log;
 * - the next chunk is built while the previous one is being inserted.
 *
 * A `bench_meta` table records the fingerprint (generator version, scale, row counts) last, so an
 * interrupted seed is never mistaken for a complete one.
 */
import { escape } from 'mysql2';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { GENERATOR_VERSION, type DataSet, type SqlValue, type TableData } from './data';

const CHUNK_ROWS = 5000;
const CHUNK_BYTES = 4 * 1024 * 1024;
export const META_TABLE = 'bench_meta';

export interface Fingerprint {
  version: number;
  scale: number;
  counts: Record<string, number>;
}

function literal(v: SqlValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`Not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === 'string') return escape(v);
  return v.raw;
}

/** The fingerprint stored by the last complete seed, or null (none, or no bench_meta table). */
export async function storedFingerprint(conn: Connection): Promise<Fingerprint | null> {
  const [tables] = await conn.query<RowDataPacket[]>(
    'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    [META_TABLE],
  );
  if (tables.length === 0) return null;
  const [rows] = await conn.query<RowDataPacket[]>(`SELECT v FROM \`${META_TABLE}\` WHERE k = 'fingerprint'`);
  if (rows.length === 0) return null;
  try {
    return JSON.parse(String(rows[0].v)) as Fingerprint;
  } catch {
    return null;
  }
}

/** Why the database cannot be reused for `scale` (null: it can): version, scale, then live row counts. */
export async function staleReason(conn: Connection, scale: number): Promise<string | null> {
  const stored = await storedFingerprint(conn);
  if (!stored) return 'no complete seed recorded';
  if (stored.version !== GENERATOR_VERSION) {
    return `generator version ${stored.version} ≠ ${GENERATOR_VERSION}`;
  }
  if (stored.scale !== scale) return `seeded at scale ${stored.scale}, asked for ${scale}`;
  for (const [table, expected] of Object.entries(stored.counts)) {
    const [rows] = await conn
      .query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${table}\``)
      .catch(() => [[{ n: -1 }] as RowDataPacket[]]);
    const actual = Number(rows[0].n);
    if (actual !== expected) return `${table} holds ${actual} rows, the seed wrote ${expected}`;
  }
  return null;
}

interface TableDdl {
  /** Secondary index definitions as SHOW CREATE TABLE prints them (`KEY \`x\` (…)`). */
  indexes: Array<{ name: string; kind: 'plain' | 'spatial' | 'fulltext'; ddl: string }>;
  foreignKeys: Array<{ name: string; ddl: string }>;
}

async function tableDdl(conn: Connection, table: string): Promise<TableDdl> {
  const [rows] = await conn.query<RowDataPacket[]>(`SHOW CREATE TABLE \`${table}\``);
  const create = String(rows[0]['Create Table']);
  const ddl: TableDdl = { indexes: [], foreignKeys: [] };
  for (const raw of create.split('\n')) {
    const line = raw.trim().replace(/,$/, '');
    const index = /^(UNIQUE KEY|KEY|SPATIAL KEY|FULLTEXT KEY)\s+`([^`]+)`/.exec(line);
    if (index) {
      const kind = index[1].startsWith('SPATIAL')
        ? 'spatial'
        : index[1].startsWith('FULLTEXT')
          ? 'fulltext'
          : 'plain';
      ddl.indexes.push({ name: index[2], kind, ddl: line });
      continue;
    }
    const fk = /^CONSTRAINT\s+`([^`]+)`\s+FOREIGN KEY/.exec(line);
    if (fk) ddl.foreignKeys.push({ name: fk[1], ddl: line });
  }
  return ddl;
}

/** Every column the table requires (NOT NULL, no default, not generated) must be generated. */
async function checkColumns(conn: Connection, t: TableData): Promise<void> {
  const [cols] = await conn.query<RowDataPacket[]>(
    `SELECT COLUMN_NAME AS name, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS def, EXTRA AS extra,
            GENERATION_EXPRESSION AS gen
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`,
    [t.table],
  );
  if (cols.length === 0) throw new Error(`Table ${t.table} does not exist: did the migrations run?`);
  const names = new Set(cols.map((c) => String(c.name)));
  const unknown = t.columns.filter((c) => !names.has(c));
  if (unknown.length > 0) {
    throw new Error(`bench/data.ts writes ${t.table}.${unknown.join(', ')}, which the schema no longer has`);
  }
  const missing = cols
    .filter(
      (c) =>
        c.nullable === 'NO' &&
        c.def === null &&
        !String(c.extra).includes('auto_increment') &&
        !c.gen &&
        !/GENERATED/i.test(String(c.extra)) &&
        !t.columns.includes(String(c.name)),
    )
    .map((c) => String(c.name));
  if (missing.length > 0) {
    throw new Error(
      `${t.table}.${missing.join(', ')} is NOT NULL without a default: bench/data.ts must generate it (and bump GENERATOR_VERSION)`,
    );
  }
}

async function loadRows(conn: Connection, t: TableData): Promise<number> {
  const head = `INSERT INTO \`${t.table}\` (${t.columns.map((c) => `\`${c}\``).join(', ')}) VALUES `;
  let count = 0;
  let pending: Promise<unknown> | undefined;
  let values: string[] = [];
  let bytes = 0;
  const flush = async () => {
    if (values.length === 0) return;
    const sql = head + values.join(',');
    values = [];
    bytes = 0;
    if (pending) await pending;
    pending = conn.query(sql);
    // Awaited before the next chunk goes out; until then a failure must not count as unhandled.
    pending.catch(() => undefined);
  };
  for (const row of t.rows()) {
    if (row.length !== t.columns.length) {
      throw new Error(`${t.table}: a row has ${row.length} values for ${t.columns.length} columns`);
    }
    const tuple = `(${row.map(literal).join(',')})`;
    values.push(tuple);
    bytes += tuple.length;
    count++;
    if (values.length >= CHUNK_ROWS || bytes >= CHUNK_BYTES) await flush();
  }
  await flush();
  if (pending) await pending;
  return count;
}

async function loadTable(conn: Connection, t: TableData, log: (m: string) => void): Promise<number> {
  const started = Date.now();
  await checkColumns(conn, t);
  const ddl = await tableDdl(conn, t.table);
  await conn.query(`TRUNCATE TABLE \`${t.table}\``);
  if (ddl.foreignKeys.length > 0) {
    await conn.query(
      `ALTER TABLE \`${t.table}\` ${ddl.foreignKeys.map((f) => `DROP FOREIGN KEY \`${f.name}\``).join(', ')}`,
    );
  }
  if (ddl.indexes.length > 0) {
    await conn.query(
      `ALTER TABLE \`${t.table}\` ${ddl.indexes.map((i) => `DROP INDEX \`${i.name}\``).join(', ')}`,
    );
  }
  const rows = await loadRows(conn, t);
  const loadedAt = Date.now();
  const plain = ddl.indexes.filter((i) => i.kind === 'plain');
  if (plain.length > 0) {
    await conn.query(`ALTER TABLE \`${t.table}\` ${plain.map((i) => `ADD ${i.ddl}`).join(', ')}`);
  }
  for (const i of ddl.indexes.filter((x) => x.kind !== 'plain')) {
    await conn.query(`ALTER TABLE \`${t.table}\` ADD ${i.ddl}`);
  }
  if (ddl.foreignKeys.length > 0) {
    await conn.query(`ALTER TABLE \`${t.table}\` ${ddl.foreignKeys.map((f) => `ADD ${f.ddl}`).join(', ')}`);
  }
  const done = Date.now();
  log(
    `  ${t.table.padEnd(20)} ${rows.toLocaleString('en').padStart(10)} rows  insert ${((loadedAt - started) / 1000).toFixed(1)} s` +
      `, ${ddl.indexes.length} indexes + ${ddl.foreignKeys.length} FKs rebuilt ${((done - loadedAt) / 1000).toFixed(1)} s`,
  );
  return rows;
}

/** Replaces the bench tables' rows with `data`; returns the fingerprint written. */
export async function seed(conn: Connection, data: DataSet, log: (m: string) => void): Promise<Fingerprint> {
  await conn.query(
    `CREATE TABLE IF NOT EXISTS \`${META_TABLE}\` (k varchar(64) NOT NULL PRIMARY KEY, v longtext NOT NULL)
       ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  );
  await conn.query(`DELETE FROM \`${META_TABLE}\` WHERE k = 'fingerprint'`);
  await conn.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
  // MySQL logs every row to its binary log by default; the bench data never needs replicating.
  await conn.query('SET SESSION sql_log_bin = 0').catch(() => undefined);
  const counts: Record<string, number> = {};
  try {
    for (const t of data.tables) counts[t.table] = await loadTable(conn, t, log);
    await conn.query(`ANALYZE TABLE ${data.tables.map((t) => `\`${t.table}\``).join(', ')}`);
  } finally {
    await conn.query('SET SESSION foreign_key_checks = 1, unique_checks = 1');
  }
  const fingerprint: Fingerprint = { version: GENERATOR_VERSION, scale: data.volumes.scale, counts };
  await conn.query(`INSERT INTO \`${META_TABLE}\` (k, v) VALUES ('fingerprint', ?)`, [
    JSON.stringify(fingerprint),
  ]);
  return fingerprint;
}
