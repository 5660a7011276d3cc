import { QueryFailedError } from 'typeorm';

/**
 * What a database error means for the caller, from mysql2's error codes (MariaDB and MySQL share
 * them). One place for the classification the exception filter, the services and the retry loop use.
 */
export type DatabaseErrorKind =
  | 'duplicate_key'
  | 'foreign_key_missing'
  | 'row_referenced'
  | 'constraint'
  | 'too_long'
  | 'bad_value'
  | 'missing_value'
  | 'deadlock'
  | 'lock_timeout'
  | 'unavailable';

/**
 * Raised when no pool connection came within DB_ACQUIRE_TIMEOUT_MS (mysql2's pool waits forever).
 * Its `code` makes it classify as `unavailable`.
 */
export class PoolAcquireTimeoutError extends Error {
  readonly code = 'POOL_ACQUIRE_TIMEOUT';
  constructor(timeoutMs: number) {
    super(`No database connection within ${timeoutMs} ms`);
    this.name = 'PoolAcquireTimeoutError';
  }
}

const KIND_OF_CODE: Record<string, DatabaseErrorKind> = {
  ER_DUP_ENTRY: 'duplicate_key',
  ER_NO_REFERENCED_ROW: 'foreign_key_missing',
  ER_NO_REFERENCED_ROW_2: 'foreign_key_missing',
  ER_ROW_IS_REFERENCED: 'row_referenced',
  ER_ROW_IS_REFERENCED_2: 'row_referenced',
  ER_CHECK_CONSTRAINT_VIOLATED: 'constraint',
  ER_CONSTRAINT_FAILED: 'constraint',
  ER_WARN_DATA_OUT_OF_RANGE: 'constraint',
  ER_DATA_TOO_LONG: 'too_long',
  ER_BAD_NULL_ERROR: 'missing_value',
  ER_TRUNCATED_WRONG_VALUE: 'bad_value',
  ER_TRUNCATED_WRONG_VALUE_FOR_FIELD: 'bad_value',
  ER_LOCK_DEADLOCK: 'deadlock',
  ER_LOCK_WAIT_TIMEOUT: 'lock_timeout',
  // The server, or the path to it, is gone or refuses work: the request may succeed later.
  ECONNREFUSED: 'unavailable',
  ECONNRESET: 'unavailable',
  ETIMEDOUT: 'unavailable',
  EPIPE: 'unavailable',
  EHOSTUNREACH: 'unavailable',
  ENETUNREACH: 'unavailable',
  EHOSTDOWN: 'unavailable',
  EAI_AGAIN: 'unavailable',
  PROTOCOL_CONNECTION_LOST: 'unavailable',
  PROTOCOL_SEQUENCE_TIMEOUT: 'unavailable',
  PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR: 'unavailable',
  PROTOCOL_ENQUEUE_AFTER_QUIT: 'unavailable',
  POOL_ACQUIRE_TIMEOUT: 'unavailable',
  ER_CON_COUNT_ERROR: 'unavailable',
  ER_TOO_MANY_USER_CONNECTIONS: 'unavailable',
  ER_SERVER_SHUTDOWN: 'unavailable',
  ER_SERVER_GONE_ERROR: 'unavailable',
  CR_SERVER_GONE_ERROR: 'unavailable',
  CR_SERVER_LOST: 'unavailable',
  ER_NET_READ_ERROR: 'unavailable',
  ER_NET_READ_INTERRUPTED: 'unavailable',
  ER_NET_WRITE_INTERRUPTED: 'unavailable',
  ER_QUERY_INTERRUPTED: 'unavailable',
  // MariaDB's max_statement_time, MySQL's max_execution_time.
  ER_STATEMENT_TIMEOUT: 'unavailable',
  ER_QUERY_TIMEOUT: 'unavailable',
  // A primary turned read-only during a failover.
  ER_OPTION_PREVENTS_STATEMENT: 'unavailable',
  ER_READ_ONLY_MODE: 'unavailable',
};

/** mysql2's and TypeORM's code-less messages of a pool or connection that cannot serve. */
const UNAVAILABLE_MESSAGES = [
  'Pool is closed',
  'No connections available',
  'Queue limit reached',
  "Can't add new command when connection is in closed state",
  'Connection is not established',
  'Connection lost',
];

/**
 * The driver's error behind a TypeORM QueryFailedError, a pool acquire timeout, or an error mysql2
 * raised itself (it marks connection errors `fatal` and server errors with a `sqlState`). Other
 * errors with a network code (Redis', an HTTP client's) are not the database's and stay unclassified.
 */
export function driverErrorOf(error: unknown): DriverError | undefined {
  if (error instanceof QueryFailedError) return error.driverError as DriverError;
  if (error instanceof PoolAcquireTimeoutError) return error;
  // Duck-typed: errors of Node's net module come from another realm under Jest's VM.
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as DriverError;
  if (typeof e.message !== 'string') return undefined;
  if (e.fatal === true || typeof e.sqlState === 'string') return e;
  return UNAVAILABLE_MESSAGES.some((m) => e.message.startsWith(m)) ? e : undefined;
}

interface DriverError {
  code?: string;
  errno?: number;
  sqlState?: string;
  fatal?: boolean;
  message: string;
}

/** What the database error means, or undefined when it is not one the classification knows. */
export function classifyDatabaseError(error: unknown): DatabaseErrorKind | undefined {
  const driver = driverErrorOf(error);
  if (!driver) return undefined;
  const kind = typeof driver.code === 'string' ? KIND_OF_CODE[driver.code] : undefined;
  if (kind) return kind;
  const message = typeof driver.message === 'string' ? driver.message : '';
  if (UNAVAILABLE_MESSAGES.some((m) => message.startsWith(m))) return 'unavailable';
  return undefined;
}

export const isDuplicateKeyError = (error: unknown): boolean =>
  classifyDatabaseError(error) === 'duplicate_key';

export const isDeadlockError = (error: unknown): boolean => classifyDatabaseError(error) === 'deadlock';

/** Unavailable or a lock wait that timed out: the request may succeed when retried later (503). */
export const isDatabaseUnavailableError = (error: unknown): boolean => {
  const kind = classifyDatabaseError(error);
  return kind === 'unavailable' || kind === 'lock_timeout';
};

/** Quoted literals in a server message ("Duplicate entry 'a@b.c' for key ...") replaced, for logs. */
export function redactSqlLiterals(message: string): string {
  return message.replace(/'(?:[^'\\]|\\.|'')*'/g, "'?'");
}
