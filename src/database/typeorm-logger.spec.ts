import { Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueryRunner } from 'typeorm';
import { TypeOrmNestLogger } from './typeorm-logger';

describe('TypeOrmNestLogger.logQueryError', () => {
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  afterAll(() => warn.mockRestore());
  beforeEach(() => warn.mockClear());

  it.each([
    ['an Error', new Error("Duplicate entry 'diver@example.com' for key 'email'")],
    [
      'an error-like object of another realm',
      { message: "Duplicate entry 'diver@example.com' for key 'email'" },
    ],
    ['a string', "Duplicate entry 'diver@example.com' for key 'email'"],
  ])('logs %s with its quoted values replaced and the query text', (_, error) => {
    new TypeOrmNestLogger().logQueryError(error as Error, 'INSERT INTO users (email) VALUES (?)');
    expect(warn).toHaveBeenCalledWith(
      "Query failed: Duplicate entry '?' for key '?' -- INSERT INTO users (email) VALUES (?)",
    );
  });

  it('never throws on what it cannot read', () => {
    expect(() => new TypeOrmNestLogger().logQueryError({} as Error, 'SELECT 1')).not.toThrow();
    expect(warn).toHaveBeenCalledWith('Query failed: [object Object] -- SELECT 1');
  });
});

describe('TypeOrmNestLogger: slow and failed queries in the sender’s context', () => {
  const requests = new AsyncLocalStorage<string>();
  const seen: Array<string | undefined> = [];
  beforeEach(() => {
    seen.length = 0;
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => {
      seen.push(requests.getStore());
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it('reports in the context of the request that sent the query, not of the callback that delivers it', () => {
    const logger = new TypeOrmNestLogger();
    const runner = {} as QueryRunner;
    requests.run('list-2', () => logger.logQuery('SELECT 1', [], runner));
    // mysql2's callback runs in the context that opened the pooled connection (here a /health probe).
    requests.run('health-1', () => {
      logger.logQuerySlow(1500, 'SELECT 1', [], runner);
      logger.logQueryError(new Error('boom'), 'SELECT 1', [], runner);
    });
    expect(seen).toEqual(['list-2', 'list-2']);
  });

  it('the latest statement of a runner wins; without a runner or a snapshot, the current context', () => {
    const logger = new TypeOrmNestLogger();
    const runner = {} as QueryRunner;
    requests.run('first', () => logger.logQuery('SELECT 1', [], runner));
    requests.run('second', () => logger.logQuery('SELECT 2', [], runner));
    requests.run('callback', () => {
      logger.logQuerySlow(1500, 'SELECT 2', [], runner);
      logger.logQuerySlow(1500, 'SELECT 3', [], {} as QueryRunner);
      logger.logQuerySlow(1500, 'SELECT 4');
    });
    expect(seen).toEqual(['second', 'callback', 'callback']);
  });
});
