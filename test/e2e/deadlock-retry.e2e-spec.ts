import type { DataSource } from 'typeorm';
import { migratedDataSource, resetDatabase } from '../support/database';

/**
 * DivemapDataSource.transaction runs a transaction that InnoDB chose as a deadlock victim once more
 * (issue 13): two writers crossing on the same rows both succeed, the loser on its second attempt.
 */
describe('a deadlocked transaction is retried once', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await migratedDataSource();
  });
  beforeEach(() => resetDatabase(ds));
  afterAll(() => ds.destroy());

  /** A latch both transactions wait on, so each holds its first row before asking for the other's. */
  function barrier(parties: number) {
    let arrived = 0;
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return () => {
      arrived += 1;
      if (arrived === parties) open();
      return opened;
    };
  }

  it('two transactions locking two rows in opposite orders both commit', async () => {
    await ds.query("INSERT INTO available_tags (id, name) VALUES (1, 'reef'), (2, 'wreck')");
    const bothHoldOne = barrier(2);
    const attempts = { a: 0, b: 0 };
    const cross = (key: 'a' | 'b', first: number, second: number) =>
      ds.transaction(async (em) => {
        attempts[key] += 1;
        await em.query('UPDATE available_tags SET description = ? WHERE id = ?', [key, first]);
        // Only the first attempts meet here; a retry goes straight on (the other has committed or waits).
        if (attempts[key] === 1) await bothHoldOne();
        await em.query('UPDATE available_tags SET description = ? WHERE id = ?', [key, second]);
        return key;
      });

    const results = await Promise.all([cross('a', 1, 2), cross('b', 2, 1)]);

    expect(results).toEqual(['a', 'b']);
    // Exactly one of them was the victim and ran twice.
    expect(attempts.a + attempts.b).toBe(3);
    const rows = await ds.query<Array<{ description: string }>>(
      'SELECT description FROM available_tags ORDER BY id',
    );
    const winner = attempts.a === 2 ? 'a' : 'b'; // the retried one committed last
    expect(rows.map((r) => r.description)).toEqual([winner, winner]);
  });

  it('errors other than a deadlock surface at once, without a second attempt', async () => {
    let attempts = 0;
    await expect(
      ds.transaction(async (em) => {
        attempts += 1;
        await em.query('SELECT * FROM no_such_table');
      }),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: 'ER_NO_SUCH_TABLE' }) });
    expect(attempts).toBe(1);
  });
});
