import { request as httpRequest } from 'node:http';
import { freePort, startService, waitForHttp } from '../support/child-app';
import { migratedDataSource, testDatabaseUrl, workerDatabaseName } from '../support/database';

/**
 * SIGTERM while a request is in flight: the server stops accepting, lets that request finish and
 * answer, closes the pool and exits 0. The in-flight request is a login whose body arrives slowly.
 */
describe('graceful shutdown', () => {
  it('finishes the in-flight request, refuses new connections, closes the pool and exits 0', async () => {
    await (await migratedDataSource()).destroy();
    const port = await freePort();
    const svc = startService({
      DATABASE_URL: testDatabaseUrl(workerDatabaseName()),
      PORT: String(port),
      HOST: '127.0.0.1',
      DB_MIGRATIONS_RUN: 'false',
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/health/live`);
      const body = JSON.stringify({ username: 'nobody_here', password: 'Wrong-pass1!' });
      const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/v1/auth/login',
            headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        // Half the body now, SIGTERM, the rest a second later: the request is in flight throughout.
        req.write(body.slice(0, 10));
        setTimeout(() => svc.child.kill('SIGTERM'), 200);
        setTimeout(() => req.end(body.slice(10)), 1200);
      });
      const result = await answered;
      expect(result.status).toBe(401);
      expect(JSON.parse(result.text)).toMatchObject({ detail: 'Incorrect username/email or password' });
      const exit = await svc.done;
      expect(exit.code).toBe(0);
      expect(exit.output).toContain('SIGTERM received');
      expect(exit.output).toContain('Shutdown complete');
      await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
    } finally {
      if (svc.child.exitCode === null) svc.child.kill('SIGKILL');
    }
  });
});
