import {
  estimateSize,
  isCacheable,
  ResultCache,
  ResultCacheSubscriber,
  tablesOf,
  VIEW_COUNT_ONLY,
  writtenBy,
} from './result-cache';

const options = { ttlMs: 60_000, maxBytes: 1024 * 1024 };
const COUNT = 'SELECT COUNT(*) AS total FROM dive_sites s JOIN dive_site_search ss ON ss.dive_site_id = s.id';

describe('tablesOf / writtenBy / isCacheable', () => {
  it('finds every table a read names, in joins and subqueries, backticks and schemas aside', () => {
    expect(
      tablesOf(
        'SELECT s.id FROM `dive_sites` s LEFT JOIN divemap.users u ON u.id = s.created_by ' +
          'WHERE EXISTS (SELECT 1 FROM dive_site_aliases a WHERE a.dive_site_id = s.id)',
      ),
    ).toEqual(['dive_sites', 'users', 'dive_site_aliases']);
  });

  it('names the tables of row writes, multi-table ones included', () => {
    expect(writtenBy('INSERT INTO site_ratings (a) VALUES (?)')).toEqual(['site_ratings']);
    expect(writtenBy('INSERT IGNORE INTO `dive_site_tags` (a) VALUES (?)')).toEqual(['dive_site_tags']);
    expect(writtenBy('UPDATE dive_sites SET name = ? WHERE id = ?')).toEqual(['dive_sites']);
    expect(writtenBy('DELETE FROM dives WHERE id = ?')).toEqual(['dives']);
    expect(writtenBy('REPLACE INTO settings (k) VALUES (?)')).toEqual(['settings']);
    expect(
      writtenBy('UPDATE dive_sites s JOIN site_ratings r ON r.dive_site_id = s.id SET s.rating_count = 0'),
    ).toEqual(['dive_sites', 'site_ratings']);
    expect(writtenBy('INSERT INTO dive_site_search (id) SELECT id FROM dive_sites')).toEqual([
      'dive_site_search',
      'dive_sites',
    ]);
  });

  it('treats reads and transaction control as writing nothing, and DDL or the unknown as writing everything', () => {
    for (const sql of [
      'SELECT 1',
      '  select * from users',
      'START TRANSACTION',
      'COMMIT',
      'ROLLBACK',
      'SET NAMES utf8mb4',
      '(SELECT 1) UNION (SELECT 2)',
      'SELECT * FROM users FOR UPDATE',
    ])
      expect(writtenBy(sql)).toEqual([]);
    for (const sql of [
      'TRUNCATE TABLE dive_sites',
      'ALTER TABLE dive_sites ADD x INT',
      'DROP TABLE x',
      'CALL p()',
      'LOAD DATA INFILE',
      'SELECT 1 INTO @x',
      'INSERT INTO',
    ])
      expect(writtenBy(sql)).toBe('all');
  });

  it('leaves a marked view_count bump out, and never caches a read of view_count', () => {
    expect(
      writtenBy(`${VIEW_COUNT_ONLY} UPDATE dive_sites SET view_count = view_count + 1 WHERE id = ?`),
    ).toEqual([]);
    expect(isCacheable('SELECT s.id FROM dive_sites s ORDER BY s.view_count DESC')).toBe(false);
  });

  it('caches only plain reads of named tables, never ones that depend on the clock, chance or session', () => {
    expect(isCacheable(COUNT)).toBe(true);
    for (const sql of [
      'SELECT COUNT(*) FROM trips WHERE trip_date >= CURDATE()',
      'SELECT COUNT(*) FROM trips WHERE created_at > NOW() - INTERVAL 1 DAY',
      'SELECT id FROM dive_sites ORDER BY RAND()',
      'SELECT COUNT(*) FROM t WHERE d = CURRENT_DATE',
      'SELECT @x FROM dive_sites',
      'SELECT 1',
      'UPDATE dive_sites SET name = ?',
    ])
      expect(isCacheable(sql)).toBe(false);
  });

  it('estimates typed arrays exactly and the rest roughly', () => {
    expect(estimateSize(new Uint32Array(1000))).toBe(64 + 4000);
    expect(estimateSize(42)).toBe(8);
    expect(estimateSize({ ids: new Uint32Array(10) })).toBeGreaterThan(40);
  });
});

describe('ResultCache', () => {
  let runs: number;
  const counter = (value: number) => () => {
    runs++;
    return Promise.resolve(value);
  };
  beforeEach(() => {
    runs = 0;
  });

  it('answers a repeated read from memory, keyed by statement and parameters', async () => {
    const cache = new ResultCache(options);
    expect(await cache.remember(COUNT, [1], counter(10))).toBe(10);
    expect(await cache.remember(COUNT, [1], counter(11))).toBe(10);
    expect(await cache.remember(COUNT, [2], counter(12))).toBe(12);
    expect(runs).toBe(2);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2, entries: 2 });
  });

  it('reads again after a write to any table the statement names, not after other writes', async () => {
    const cache = new ResultCache(options);
    await cache.remember(COUNT, [], counter(1));
    cache.changed(['dives']);
    expect(await cache.remember(COUNT, [], counter(2))).toBe(1);
    cache.changed(['dive_site_search']);
    expect(await cache.remember(COUNT, [], counter(3))).toBe(3);
    cache.changed('all');
    expect(await cache.remember(COUNT, [], counter(4))).toBe(4);
    expect(cache.stats().invalidated).toBe(2);
  });

  it('does not keep a result whose statement raced a write of its tables', async () => {
    const cache = new ResultCache(options);
    let finish!: (n: number) => void;
    const slow = cache.remember(COUNT, [], () => new Promise<number>((done) => (finish = done)));
    cache.changed(['dive_sites']); // committed while the count ran: the count may predate it
    finish(5);
    expect(await slow).toBe(5);
    expect(await cache.remember(COUNT, [], counter(6))).toBe(6);
  });

  it('shares one statement between concurrent misses, but not across a write', async () => {
    const cache = new ResultCache(options);
    let finish!: (n: number) => void;
    let started = 0;
    const run = () => {
      started++;
      return new Promise<number>((done) => (finish = done));
    };
    const a = cache.remember(COUNT, [], run);
    const b = cache.remember(COUNT, [], run);
    expect(started).toBe(1);
    finish(7);
    expect(await Promise.all([a, b])).toEqual([7, 7]);

    cache.changed(['dive_sites']);
    const c = cache.remember(COUNT, [], run);
    const first = finish;
    cache.changed(['dive_sites']);
    const d = cache.remember(COUNT, [], run);
    expect(started).toBe(3);
    finish(9);
    first(8);
    expect(await Promise.all([c, d])).toEqual([8, 9]);
  });

  it('does not keep failures', async () => {
    const cache = new ResultCache(options);
    await expect(cache.remember(COUNT, [], () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.remember(COUNT, [], counter(1))).toBe(1);
  });

  it('forgets entries after the TTL', async () => {
    const cache = new ResultCache({ ttlMs: 20, maxBytes: 1024 * 1024 });
    await cache.remember(COUNT, [], counter(1));
    expect(await cache.remember(COUNT, [], counter(2))).toBe(1);
    await new Promise((done) => setTimeout(done, 60));
    expect(await cache.remember(COUNT, [], counter(3))).toBe(3);
  });

  it('stays within its byte bound, evicting the least recently used, and refuses oversized entries', async () => {
    const cache = new ResultCache({ ttlMs: 60_000, maxBytes: 80_000 });
    for (let i = 0; i < 100; i++)
      await cache.remember(COUNT, [i], () => Promise.resolve(new Uint32Array(500)));
    const { bytes, entries } = cache.stats();
    expect(bytes).toBeLessThanOrEqual(80_000);
    expect(entries).toBeGreaterThan(10);
    expect(entries).toBeLessThan(100);
    // Larger than an eighth of the bound: returned, not kept.
    await cache.remember(COUNT, ['big'], () => Promise.resolve(new Uint32Array(5000)));
    expect(await cache.remember(COUNT, ['big'], counter(0))).toBe(0);
  });

  it('with a TTL of 0 always runs the statement', async () => {
    const cache = new ResultCache({ ttlMs: 0, maxBytes: 1024 });
    expect(cache.enabled).toBe(false);
    await cache.remember(COUNT, [], counter(1));
    expect(await cache.remember(COUNT, [], counter(2))).toBe(2);
  });
});

describe('ResultCacheSubscriber', () => {
  const runner = (active: boolean) => ({ isTransactionActive: active }) as never;
  const query = (sql: string, queryRunner: unknown) =>
    ({ query: sql, queryRunner, success: true }) as Parameters<ResultCacheSubscriber['afterQuery']>[0];

  it('marks a write outside a transaction at once, inside one at the outermost commit, never after a rollback', async () => {
    const cache = new ResultCache(options);
    const subscriber = new ResultCacheSubscriber(cache);
    let value = 0;
    const read = () => cache.remember(COUNT, [], () => Promise.resolve(++value));

    await read();
    subscriber.afterQuery(query('UPDATE dive_sites SET name = ?', runner(false)));
    expect(await read()).toBe(2);

    const tx = { isTransactionActive: true };
    subscriber.afterQuery(query('DELETE FROM dive_sites WHERE id = ?', tx));
    expect(await read()).toBe(2); // not committed: others still see the old rows
    subscriber.afterTransactionCommit({ queryRunner: tx } as never); // a savepoint released
    expect(await read()).toBe(2);
    tx.isTransactionActive = false;
    subscriber.afterTransactionCommit({ queryRunner: tx } as never);
    expect(await read()).toBe(3);

    const rolledBack = { isTransactionActive: true };
    subscriber.afterQuery(query('DELETE FROM dive_sites WHERE id = ?', rolledBack));
    rolledBack.isTransactionActive = false;
    subscriber.afterTransactionRollback({ queryRunner: rolledBack } as never);
    subscriber.afterTransactionCommit({ queryRunner: rolledBack } as never);
    expect(await read()).toBe(3);

    subscriber.afterQuery(query('SELECT * FROM dive_sites', runner(false)));
    expect(await read()).toBe(3);
    subscriber.afterQuery(query('TRUNCATE TABLE users', runner(false)));
    expect(await read()).toBe(4);
  });
});
