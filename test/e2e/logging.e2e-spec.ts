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
});
