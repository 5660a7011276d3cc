import { freePort, startService, waitForHttp } from '../support/child-app';
import { migratedDataSource, testDatabaseUrl, workerDatabaseName } from '../support/database';

/**
 * The real entry point with the most verbose logging (trace + every SQL statement): passwords,
 * password hashes, access and refresh tokens must never appear in a log line.
 */
describe('logs never contain secrets', () => {
  it('register, login, refresh, me and logout leave no password, hash or token in the output', async () => {
    await (await migratedDataSource()).destroy();
    const port = await freePort();
    const svc = startService({
      DATABASE_URL: testDatabaseUrl(workerDatabaseName()),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'trace',
      DB_LOG_QUERIES: 'true',
      DB_MIGRATIONS_RUN: 'false',
    });
    const base = `http://127.0.0.1:${port}/api/v1/auth`;
    const password = 'Log-Secret-Pa55!';
    const json = (body: unknown, extra: Record<string, string> = {}) => ({
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...extra },
      body: JSON.stringify(body),
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/health/live`);
      const username = `logcheck_${Date.now()}`;
      const reg = await fetch(
        `${base}/register`,
        json({ username, email: `${username}@example.org`, password }),
      );
      expect(reg.status).toBe(201);
      const login = await fetch(`${base}/login`, json({ username, password }));
      const tokens = (await login.json()) as { access_token: string; refresh_token: string };
      await fetch(`${base}/login`, json({ username, password: 'Wrong-Secret-9!' }));
      const refreshed = (await (
        await fetch(`${base}/refresh`, json({}, { Cookie: `refresh_token=${tokens.refresh_token}` }))
      ).json()) as { access_token: string; refresh_token: string };
      await fetch(`${base}/me`, { headers: { Authorization: `Bearer ${refreshed.access_token}` } });
      await fetch(`${base}/logout`, json({ refresh_token: refreshed.refresh_token }));
      await new Promise((r) => setTimeout(r, 300));

      const output = svc.output();
      expect(output).toContain('POST /api/v1/auth/login 200');
      for (const secret of [
        password,
        'Wrong-Secret-9!',
        tokens.access_token,
        tokens.refresh_token,
        refreshed.access_token,
        refreshed.refresh_token,
      ]) {
        expect(output).not.toContain(secret);
      }
      expect(output).not.toMatch(/\$argon2id\$/);
    } finally {
      svc.child.kill('SIGTERM');
      await svc.done;
    }
  });

  it('a 500 on a user write logs its cause, stack, route and request id, but no SQL, hash or e-mail', async () => {
    const ds = await migratedDataSource();
    // A server-side failure nothing maps (SIGNAL: ER_SIGNAL_EXCEPTION) on the INSERT of chosen users.
    await ds.query('DROP TRIGGER IF EXISTS divemap_test_fail_insert');
    await ds.query(
      `CREATE TRIGGER divemap_test_fail_insert BEFORE INSERT ON users FOR EACH ROW
       BEGIN IF NEW.username LIKE 'boom%' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'forced failure'; END IF; END`,
    );
    const port = await freePort();
    const svc = startService({
      DATABASE_URL: testDatabaseUrl(workerDatabaseName()),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DB_MIGRATIONS_RUN: 'false',
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/health/live`);
      const email = `boom_${Date.now()}@example.org`;
      const password = 'Boom-Secret-Pa55!';
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'forced-500-request' },
        body: JSON.stringify({ username: `boom${Date.now()}`, email, password }),
      });
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({
        detail: 'Internal server error',
        request_id: 'forced-500-request',
      });
      await new Promise((r) => setTimeout(r, 300));

      const lines = svc
        .output()
        .split('\n')
        .filter((l) => l.includes('forced-500-request'));
      const cause = lines.find((l) => l.includes('"context":"ExceptionsHandler"'));
      expect(cause).toBeDefined();
      const logged = JSON.parse(cause!) as {
        url: string;
        err: { message: string; stack: string; code: string };
      };
      expect(logged.url).toBe('/api/v1/auth/register');
      expect(logged.err.code).toBe('ER_SIGNAL_EXCEPTION');
      expect(logged.err.message).toContain('forced failure');
      expect(logged.err.stack).toContain('QueryFailedError');
      const output = svc.output();
      expect(output).not.toContain(email);
      expect(output).not.toContain(password);
      expect(output).not.toMatch(/\$argon2id\$/);
      expect(output).not.toMatch(/"(sql|parameters|query)":/);
    } finally {
      svc.child.kill('SIGTERM');
      await svc.done;
      await ds.query('DROP TRIGGER IF EXISTS divemap_test_fail_insert');
      await ds.destroy();
    }
  });
});
