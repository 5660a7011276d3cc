import { QueryFailedError } from 'typeorm';
import {
  classifyDatabaseError,
  isDatabaseUnavailableError,
  isDeadlockError,
  isDuplicateKeyError,
  PoolAcquireTimeoutError,
  redactSqlLiterals,
} from './errors';

const queryFailed = (code: string, message = code) =>
  new QueryFailedError('INSERT INTO users …', ['secret'], Object.assign(new Error(message), { code }));

describe('classifyDatabaseError', () => {
  it.each([
    ['ER_DUP_ENTRY', 'duplicate_key'],
    ['ER_NO_REFERENCED_ROW_2', 'foreign_key_missing'],
    ['ER_ROW_IS_REFERENCED_2', 'row_referenced'],
    ['ER_LOCK_DEADLOCK', 'deadlock'],
    ['ER_LOCK_WAIT_TIMEOUT', 'lock_timeout'],
    ['ER_CON_COUNT_ERROR', 'unavailable'],
    ['PROTOCOL_SEQUENCE_TIMEOUT', 'unavailable'],
  ])('classifies a query that failed with %s as %s', (code, kind) => {
    expect(classifyDatabaseError(queryFailed(code))).toBe(kind);
  });

  it('knows mysql2 connection errors by their fatal flag, not by the network code alone', () => {
    const mysql = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', fatal: true });
    const redis = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyDatabaseError(mysql)).toBe('unavailable');
    expect(classifyDatabaseError(redis)).toBeUndefined();
  });

  it('knows code-less pool errors and its own acquire timeout', () => {
    expect(classifyDatabaseError(new Error('Pool is closed.'))).toBe('unavailable');
    expect(classifyDatabaseError(new PoolAcquireTimeoutError(10))).toBe('unavailable');
    expect(classifyDatabaseError(new Error('Something else'))).toBeUndefined();
    expect(classifyDatabaseError('ER_DUP_ENTRY')).toBeUndefined();
  });

  it('answers the predicates the services use', () => {
    expect(isDuplicateKeyError(queryFailed('ER_DUP_ENTRY'))).toBe(true);
    expect(isDuplicateKeyError(queryFailed('ER_LOCK_DEADLOCK'))).toBe(false);
    expect(isDeadlockError(queryFailed('ER_LOCK_DEADLOCK'))).toBe(true);
    expect(isDatabaseUnavailableError(queryFailed('ER_LOCK_WAIT_TIMEOUT'))).toBe(true);
    expect(isDatabaseUnavailableError(queryFailed('ER_DUP_ENTRY'))).toBe(false);
  });
});

describe('redactSqlLiterals', () => {
  it('replaces every quoted value of a server message', () => {
    expect(redactSqlLiterals("Duplicate entry 'diver@example.com' for key 'email'")).toBe(
      "Duplicate entry '?' for key '?'",
    );
    expect(redactSqlLiterals("Incorrect value 'it\\'s' and 'a''b'")).toBe("Incorrect value '?' and '?'");
  });
});
