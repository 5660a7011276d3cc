import { LRUCache } from 'lru-cache';
import type {
  AfterQueryEvent,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

/**
 * A bounded cache of read results that the database's own writes invalidate (docs/architecture.md
 * "Result cache"): list counts and search matches, the statements that dominate a list's time at
 * scale (a COUNT over 100k sites, a FULLTEXT match over their documents) while their answer changes
 * only when a row of one of their tables does.
 *
 * - **Invalidation by table.** Every statement this process sends passes ResultCacheSubscriber; a
 *   write (INSERT, UPDATE, DELETE, REPLACE) marks the tables it names as changed — at once outside a
 *   transaction, at COMMIT inside one (nothing at ROLLBACK) — and DDL or a statement it cannot read
 *   marks everything. An entry remembers the clock read *before* its statement ran and is used only
 *   while none of its tables (every table its SQL reads, found by name) changed since: a write racing
 *   the statement discards its result, so this process never serves a result older than its own
 *   last committed write.
 * - **Bounded staleness across processes.** Writes by another replica or by hand are not seen: every
 *   entry also expires after RESULT_CACHE_TTL_MS (0 turns the cache off).
 * - **Bounded memory**: an LRU of at most RESULT_CACHE_MAX_MB (sizes estimated per entry); one entry
 *   at most an eighth of it.
 * - **One statement per miss**: concurrent requests for the same missing result share one statement.
 * - Statements that depend on the clock (NOW(), CURDATE(), ...) or on randomness are never cached, and
 *   a caller inside a transaction reads the database (it must see its own writes).
 */
export interface ResultCacheOptions {
  /** Lifetime of an entry in ms; 0 disables the cache. */
  ttlMs: number;
  /** Upper bound of the entries' estimated size, in bytes. */
  maxBytes: number;
}

export interface ResultCacheStats {
  hits: number;
  misses: number;
  /** Entries found but refused because one of their tables changed since they were read. */
  invalidated: number;
  entries: number;
  bytes: number;
}

interface Entry {
  value: unknown;
  /** The clock before the statement ran. */
  readAt: number;
  tables: readonly string[];
  size: number;
}

/** Tables a statement names after FROM, JOIN, INTO or UPDATE (backticks and schema prefixes dropped). */
const TABLE_REF = /\b(?:FROM|JOIN|INTO|UPDATE)\s+(?:`?[A-Za-z0-9_$]+`?\.)?`?([A-Za-z0-9_$]+)`?/gi;

/** Statements that never change a table's rows. */
const READ_ONLY =
  /^(?:\/\*[^]*?\*\/\s*)*\(?\s*(?:SELECT|SHOW|SET|START|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|EXPLAIN|DESCRIBE|DESC|DO|USE|KILL|XA)\b/i;
/** Row changes whose tables TABLE_REF finds. */
const ROW_WRITE = /^(?:\/\*[^]*?\*\/\s*)*(?:INSERT|UPDATE|DELETE|REPLACE)\b/i;
/** A SELECT that locks or writes (`... FOR UPDATE` reads are fine; `SELECT ... INTO` is not a read). */
const SELECT_INTO = /\bINTO\s+(?:@|OUTFILE|DUMPFILE)/i;
/** Answers that depend on when or how often they are asked. */
const VOLATILE =
  /\b(?:NOW|CURDATE|CURTIME|SYSDATE|UTC_DATE|UTC_TIME|UTC_TIMESTAMP|UNIX_TIMESTAMP|RAND|UUID|UUID_SHORT|CONNECTION_ID|LAST_INSERT_ID|FOUND_ROWS|ROW_COUNT|GET_LOCK|IS_USED_LOCK|IS_FREE_LOCK|SLEEP)\s*\(|\bCURRENT_(?:DATE|TIME|TIMESTAMP)\b|\bLOCALTIME(?:STAMP)?\b|@/i;

/**
 * Marks (at the statement's start) a write that changes only a `view_count` column: the counter is
 * bumped on every detail read, and a statement that reads a view_count is never cached, so these
 * writes leave every cached result valid.
 */
export const VIEW_COUNT_ONLY = '/* view-count-only */';
const READS_VIEW_COUNT = /\bview_count\b/i;

/** Lower-cased names of the tables a statement reads or writes. */
export function tablesOf(sql: string): string[] {
  const tables = new Set<string>();
  for (const m of sql.matchAll(TABLE_REF)) tables.add(m[1].toLowerCase());
  return [...tables];
}

/**
 * What a statement changes: nothing ([]), some tables, or 'all' (DDL, TRUNCATE, CALL, LOAD DATA and
 * anything this function does not recognise — invalidating too much is only slower).
 */
export function writtenBy(sql: string): string[] | 'all' {
  if (sql.startsWith(VIEW_COUNT_ONLY)) return [];
  if (READ_ONLY.test(sql)) return SELECT_INTO.test(sql) ? 'all' : [];
  if (ROW_WRITE.test(sql)) {
    const tables = tablesOf(sql);
    return tables.length > 0 ? tables : 'all';
  }
  return 'all';
}

/**
 * Whether a read statement's answer may be kept: it depends only on the rows of the tables it names
 * (and on no view_count, see VIEW_COUNT_ONLY).
 */
export function isCacheable(sql: string): boolean {
  return (
    READ_ONLY.test(sql) &&
    !SELECT_INTO.test(sql) &&
    !VOLATILE.test(sql) &&
    !READS_VIEW_COUNT.test(sql) &&
    tablesOf(sql).length > 0
  );
}

/** Rough bytes of a value kept in memory (typed arrays exactly, strings as UTF-16, numbers as 8). */
export function estimateSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 8;
  if (typeof value === 'number') return 8;
  if (typeof value === 'string') return 16 + value.length * 2;
  if (ArrayBuffer.isView(value)) return 64 + value.byteLength;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + 8 + estimateSize(v), 32);
  if (typeof value === 'object')
    return Object.entries(value).reduce((n, [k, v]) => n + 16 + k.length * 2 + estimateSize(v), 32);
  return 16;
}

export class ResultCache {
  /** Advances on every change; a table's value is the clock of its last change. */
  private clock = 0;
  private everythingChangedAt = 0;
  private readonly changedAt = new Map<string, number>();
  private readonly entries?: LRUCache<string, Entry>;
  private readonly inflight = new Map<string, { readAt: number; promise: Promise<unknown> }>();
  private readonly tablesBySql = new LRUCache<string, string[]>({ max: 2000 });
  private readonly counters = { hits: 0, misses: 0, invalidated: 0 };

  constructor(readonly options: ResultCacheOptions) {
    if (options.ttlMs > 0 && options.maxBytes > 0) {
      this.entries = new LRUCache<string, Entry>({
        maxSize: options.maxBytes,
        maxEntrySize: Math.max(1, Math.floor(options.maxBytes / 8)),
        sizeCalculation: (e) => Math.max(1, e.size),
        ttl: options.ttlMs,
        updateAgeOnGet: false,
      });
    }
  }

  get enabled(): boolean {
    return this.entries !== undefined;
  }

  /**
   * The result of `sql` with `params`, computed by `run` (which must send exactly that statement)
   * unless a fresh one is kept. Not cacheable statements always run.
   */
  async remember<T>(sql: string, params: readonly unknown[], run: () => Promise<T>): Promise<T> {
    if (!this.entries || !isCacheable(sql)) return run();
    const key = `${sql}\u0000${JSON.stringify(params)}`;
    const tables = this.tablesRead(sql);
    const kept = this.entries.get(key);
    if (kept) {
      if (this.isFresh(kept.tables, kept.readAt)) {
        this.counters.hits++;
        return kept.value as T;
      }
      this.counters.invalidated++;
      this.entries.delete(key);
    }
    const pending = this.inflight.get(key);
    if (pending && this.isFresh(tables, pending.readAt)) {
      this.counters.hits++;
      return pending.promise as Promise<T>;
    }
    this.counters.misses++;
    const readAt = this.clock;
    const promise = run();
    const flight = { readAt, promise: promise as Promise<unknown> };
    this.inflight.set(key, flight);
    try {
      const value = await promise;
      // Kept only while still fresh: a write that landed meanwhile makes it unusable anyway.
      if (this.isFresh(tables, readAt)) {
        this.entries.set(key, { value, readAt, tables, size: 96 + key.length * 2 + estimateSize(value) });
      }
      return value;
    } finally {
      if (this.inflight.get(key) === flight) this.inflight.delete(key);
    }
  }

  /** Marks tables (lower-case names) as changed, or everything. */
  changed(tables: Iterable<string> | 'all'): void {
    this.clock++;
    if (tables === 'all') {
      this.everythingChangedAt = this.clock;
      this.changedAt.clear();
      return;
    }
    for (const t of tables) this.changedAt.set(t, this.clock);
  }

  stats(): ResultCacheStats {
    return {
      ...this.counters,
      entries: this.entries?.size ?? 0,
      bytes: this.entries?.calculatedSize ?? 0,
    };
  }

  private tablesRead(sql: string): string[] {
    let tables = this.tablesBySql.get(sql);
    if (!tables) {
      tables = tablesOf(sql);
      this.tablesBySql.set(sql, tables);
    }
    return tables;
  }

  private isFresh(tables: readonly string[], readAt: number): boolean {
    if (this.everythingChangedAt > readAt) return false;
    return tables.every((t) => (this.changedAt.get(t) ?? 0) <= readAt);
  }
}

/**
 * Feeds a ResultCache with the writes of one DataSource (registered by ResultCacheModule): every
 * statement passes afterQuery; inside a transaction the tables are collected per query runner and
 * marked changed when the outermost transaction commits.
 */
export class ResultCacheSubscriber implements EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, Set<string> | 'all'>();

  constructor(private readonly cache: ResultCache) {}

  afterQuery(event: AfterQueryEvent<unknown>): void {
    const written = writtenBy(event.query);
    if (written !== 'all' && written.length === 0) return;
    const runner = event.queryRunner;
    if (!runner?.isTransactionActive) {
      // A failed statement outside a transaction may still have changed rows (a multi-row write
      // cut short): mark it all the same.
      this.cache.changed(written);
      return;
    }
    const current = this.pending.get(runner);
    if (written === 'all' || current === 'all') this.pending.set(runner, 'all');
    else if (current) for (const t of written) current.add(t);
    else this.pending.set(runner, new Set(written));
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (event.queryRunner.isTransactionActive) return; // a savepoint released: still inside
    const written = this.pending.get(event.queryRunner);
    if (!written) return;
    this.pending.delete(event.queryRunner);
    this.cache.changed(written);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    // A rollback to a savepoint keeps the outer transaction's writes (and, conservatively, the
    // rolled-back part's tables); a whole rollback leaves the tables as they were.
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
  }
}
