/** Connection parameters parsed from a mysql:// URL, passed to mysql2 one by one (DECISIONS.md D8). */
export interface ConnectionParams {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Empty when the URL names no database (e.g. an admin URL). */
  database: string;
}

/**
 * Parses `mysql://user:pass@host:port/db` with the WHATWG URL class. IPv6 literals (`[::1]`) lose their
 * brackets, user and password are percent-decoded, the port defaults to 3306. Query strings are ignored.
 */
export function parseDatabaseUrl(value: string): ConnectionParams {
  const url = new URL(value);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return {
    host,
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
  };
}

/** `user@host:port/db` for log lines: never the password. */
export function describeConnection(c: ConnectionParams): string {
  const host = c.host.includes(':') ? `[${c.host}]` : c.host;
  return `${c.user || '(no user)'}@${host}:${c.port}/${c.database}`;
}
