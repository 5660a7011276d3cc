/**
 * What every bench mode needs: a bench database, and the real service (src/main.ts) started as its
 * own process on it, listening on a free loopback port. Only 127.0.0.1 is ever targeted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { parseDatabaseUrl } from '../src/database/database-url';

export const ROOT = join(__dirname, '..');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Creates the database of `databaseUrl` when missing. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const c = parseDatabaseUrl(databaseUrl);
  const conn = await createConnection({ host: c.host, port: c.port, user: c.user, password: c.password });
  try {
    await conn.query(
      `CREATE DATABASE IF NOT EXISTS \`${c.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await conn.end();
  }
}

async function waitUntilUp(base: string, deadlineMs: number, exited: () => boolean): Promise<void> {
  while (Date.now() < deadlineMs) {
    if (exited()) throw new Error('the service exited during start-up (see its output above)');
    try {
      if ((await fetch(`${base}/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the service did not become ready in time');
}

export interface RunningService {
  /** http://127.0.0.1:<port> */
  base: string;
  child: ChildProcess;
  stop(): void;
}

/** Starts the service on `databaseUrl` (it applies pending migrations at start) and waits until ready. */
export async function startService(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<RunningService> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', 'ts-node/register', join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-only-secret-bench-only-secret-0123456789',
      LOG_LEVEL: 'warn',
      LOG_PRETTY: 'false',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  const base = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (!exited) child.kill('SIGTERM');
  };
  try {
    await waitUntilUp(base, Date.now() + 60000, () => exited);
  } catch (error) {
    stop();
    throw error;
  }
  return { base, child, stop };
}
