import { Logger } from '@nestjs/common';
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
