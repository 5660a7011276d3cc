import { loadConfig } from './configuration';
import { ConfigValidationError, DEVELOPMENT_JWT_SECRET, validateEnv } from './env.validation';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8000);
    expect(c.env).toBe('development');
    expect(c.database.url).toBe('mysql://divemap_user:divemap_password@localhost:3306/divemap');
    expect(c.database.connection).toEqual({
      host: 'localhost',
      port: 3306,
      user: 'divemap_user',
      password: 'divemap_password',
      database: 'divemap',
    });
    expect(c.database.migrationsRun).toBe(true);
    expect(c.database.connect).toEqual({ attempts: 10, minDelayMs: 1000, maxDelayMs: 5000, timeoutMs: 5000 });
    expect(c.jwt.secret).toBe(DEVELOPMENT_JWT_SECRET);
  });

  it('parses numbers and booleans from strings', () => {
    const c = loadConfig({
      PORT: '9001',
      DB_MIGRATIONS_RUN: 'false',
      DB_CONNECT_ATTEMPTS: '2',
      LOG_PRETTY: 'no',
    });
    expect(c.port).toBe(9001);
    expect(c.database.migrationsRun).toBe(false);
    expect(c.database.connect.attempts).toBe(2);
    expect(c.log.pretty).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT: /],
    [{ PORT: '70000' }, /PORT: /],
    [{ DATABASE_URL: 'postgres://x@y/z' }, /DATABASE_URL: must start with mysql:\/\//],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL: is not a valid URL/],
    [{ DB_MIGRATIONS_RUN: 'maybe' }, /DB_MIGRATIONS_RUN: /],
    [{ NODE_ENV: 'staging' }, /NODE_ENV: /],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL: /],
    [{ DB_TYPE: 'postgres' }, /DB_TYPE: /],
    [{ DB_CONNECT_MIN_DELAY_MS: '10', DB_CONNECT_MAX_DELAY_MS: '5' }, /DB_CONNECT_MAX_DELAY_MS: /],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => validateEnv(env)).toThrow(ConfigValidationError);
    expect(() => validateEnv(env)).toThrow(message);
  });

  it('refuses a production start without a strong JWT secret', () => {
    expect(() => validateEnv({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: must be set in production/);
    expect(() => validateEnv({ NODE_ENV: 'production', JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toThrow(
      /JWT_SECRET: is a default or weak secret/,
    );
    expect(() => validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'short-but-16-chars' })).toThrow(
      /JWT_SECRET/,
    );
    expect(
      validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(12) + 'Zq8#v1!pR2@xL9$wT4%nB7^m' })
        .NODE_ENV,
    ).toBe('production');
  });

  it('splits CORS origins', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example,' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });
});
