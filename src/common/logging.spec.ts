import { QueryFailedError } from 'typeorm';
import { redactUrl, serializeError } from './logging';

describe('redactUrl', () => {
  it('hides OAuth codes, state and tokens in query strings, and keeps the rest', () => {
    expect(redactUrl('/api/v1/auth/google/callback?code=4%2F0Abc&state=xyz&scope=email')).toBe(
      '/api/v1/auth/google/callback?code=[redacted]&state=[redacted]&scope=email',
    );
    expect(redactUrl('/x?refresh_token=abc&page=2&Password=p')).toBe(
      '/x?refresh_token=[redacted]&page=2&Password=[redacted]',
    );
    expect(redactUrl('/api/v1/dive-sites/?search=code&country=GR')).toBe(
      '/api/v1/dive-sites/?search=code&country=GR',
    );
  });
});

describe('serializeError', () => {
  it('drops the SQL text and bound parameters of a failed query and redacts quoted values', () => {
    const driver = Object.assign(new Error("Duplicate entry 'diver@example.com' for key 'email'"), {
      code: 'ER_DUP_ENTRY',
      errno: 1062,
      sqlState: '23000',
      sqlMessage: "Duplicate entry 'diver@example.com' for key 'email'",
      sql: "INSERT INTO users VALUES ('diver@example.com', '$argon2id$v=19$secret')",
    });
    const error = new QueryFailedError(
      'INSERT INTO users VALUES (?, ?)',
      ['diver@example.com', '$argon2id$'],
      driver,
    );
    const logged = JSON.stringify(serializeError(error));
    expect(logged).not.toContain('diver@example.com');
    expect(logged).not.toContain('argon2id');
    expect(logged).not.toContain('INSERT');
    expect(logged).toContain('ER_DUP_ENTRY');
    expect(logged).toContain('QueryFailedError');
    expect(serializeError(error)).toMatchObject({ code: 'ER_DUP_ENTRY', errno: 1062 });
  });

  it('keeps an ordinary error whole, its cause included', () => {
    const error = new Error('boom', { cause: new Error('root cause') });
    const logged = serializeError(error) as { message: string; stack: string };
    expect(logged.message).toBe('boom: root cause'); // pino joins the causes' messages
    expect(logged.stack).toContain('boom');
    expect(JSON.stringify(logged)).toContain('root cause');
    expect(serializeError('text')).toBe('text');
  });
});
