import request from 'supertest';
import type { App } from 'supertest/types';
import type { DataSource } from 'typeorm';
import { runPendingMigrations } from '../../src/database/migration-lock';
import { createTestApp, type TestApp } from '../support/app';
import {
  dropDatabase,
  openDataSource,
  recreateDatabase,
  resetDatabase,
  testDatabaseUrl,
  workerDatabaseName,
} from '../support/database';
import { bearer, createUser, tokenFor } from '../support/factories';

/**
 * DATABASE_REPLICA_URLS: the "replica" here is a second database holding different rows, so where
 * a read was served is visible in the answer.
 */
describe('read replicas', () => {
  const replicaName = workerDatabaseName('replica');
  let replica: DataSource;
  let primary: DataSource;
  let t: TestApp;

  beforeAll(async () => {
    await recreateDatabase(replicaName);
    replica = await openDataSource(replicaName);
    await runPendingMigrations(replica, 60);
    t = await createTestApp({ env: { DATABASE_REPLICA_URLS: testDatabaseUrl(replicaName) } });
    // The app's own DataSource reads from the replica outside requests: the test writes through its own.
    primary = await openDataSource(workerDatabaseName());
  });
  afterAll(async () => {
    await t?.app.close();
    await replica?.destroy();
    await primary?.destroy();
    await dropDatabase(replicaName);
  });

  it('serves plain reads from the replica, writes and the reads after them from the primary', async () => {
    await resetDatabase(primary);
    await resetDatabase(replica);
    const http = t.app.getHttpServer() as App;
    // The same admin on both (a real replica copies the primary); different tags on each.
    const admin = await createUser(primary, { isAdmin: true, username: 'replica_admin' });
    await createUser(replica, { id: admin.id, isAdmin: true, username: 'replica_admin', email: admin.email });
    await primary.query("INSERT INTO available_tags (name) VALUES ('on-primary')");
    await replica.query("INSERT INTO available_tags (name) VALUES ('on-replica')");

    const read = await request(http).get('/api/v1/tags').expect(200);
    expect(read.body.map((x: { name: string }) => x.name)).toEqual(['on-replica']);

    // Create = INSERT on the primary, then read back in the same request: must come from the primary
    // (the replica does not have the row; reading it there would fail the request).
    const created = await request(http)
      .post('/api/v1/tags')
      .set(bearer(tokenFor(t, admin)))
      .send({ name: 'fresh' })
      .expect(201);
    expect(created.body).toMatchObject({ name: 'fresh', created_by: admin.id });
    const onPrimary = await primary.query<Array<{ name: string }>>(
      'SELECT name FROM available_tags ORDER BY name',
    );
    expect(onPrimary.map((r) => r.name)).toEqual(['fresh', 'on-primary']);
    expect(await replica.query('SELECT name FROM available_tags')).toEqual([{ name: 'on-replica' }]);

    // A later, separate request reads from the replica again.
    const again = await request(http).get('/api/v1/tags').expect(200);
    expect(again.body.map((x: { name: string }) => x.name)).toEqual(['on-replica']);

    // Health pings the primary.
    await request(http).get('/health').expect(200);
  });
});
