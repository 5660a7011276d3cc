import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const DB_TYPES = ['mysql', 'mariadb'] as const;

/** The secret used when JWT_SECRET is unset: fine for a laptop, refused in production. */
export const DEVELOPMENT_JWT_SECRET = 'divemap-development-secret-do-not-use-in-production';
const WEAK_SECRETS = new Set([DEVELOPMENT_JWT_SECRET, 'secret', 'changeme', 'change-me', 'your-secret-key']);

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};

/**
 * Every environment variable the service reads, with its default. `.env.example` documents each one.
 * Validated once at start-up (and by the db CLI); a bad value stops the process with one line naming it.
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 8000;

  @IsString()
  HOST = '0.0.0.0';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  LOG_PRETTY?: boolean;

  @IsString()
  DATABASE_URL = 'mysql://divemap_user:divemap_password@localhost:3306/divemap';

  @IsOptional()
  @IsIn(DB_TYPES)
  DB_TYPE?: (typeof DB_TYPES)[number];

  /** Read replicas, comma-separated mysql:// URLs: reads go there, writes and transactions to DATABASE_URL. */
  @IsOptional()
  @IsString()
  DATABASE_REPLICA_URLS?: string;

  @Transform(toBool)
  @IsBoolean()
  DB_MIGRATIONS_RUN = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  DB_POOL_SIZE = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  DB_CONNECT_ATTEMPTS = 10;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  DB_CONNECT_MIN_DELAY_MS = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  DB_CONNECT_MAX_DELAY_MS = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  DB_CONNECT_TIMEOUT_MS = 5000;

  /** Longest wait for a pool connection inside a request before it answers 503 (mysql2 has no such option). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  DB_ACQUIRE_TIMEOUT_MS = 2000;

  /**
   * Longest a statement run for an HTTP request may take (client-side: the connection is dropped, so
   * a hanging server cannot hold a request). Migrations, the CLI and jobs run without it.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DB_QUERY_TIMEOUT_MS = 3000;

  /** `Retry-After` (seconds) of a 503 "Database unavailable". */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  DB_RETRY_AFTER_S = 2;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  DB_MIGRATION_LOCK_TIMEOUT_S = 300;

  @Transform(toInt)
  @IsInt()
  @Min(50)
  DB_HEALTH_TIMEOUT_MS = 2000;

  @Transform(toBool)
  @IsBoolean()
  DB_LOG_QUERIES = false;

  /** Lifetime of a cached list count or search result (ms); 0 turns the result cache off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  RESULT_CACHE_TTL_MS = 10_000;

  /** Memory bound of the result cache (MB). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1024)
  RESULT_CACHE_MAX_MB = 16;

  /** Admin connection used only by `npm run db -- create-database` (it creates the app database and user). */
  @IsOptional()
  @IsString()
  DB_ADMIN_URL?: string;

  @IsString()
  @MinLength(16)
  JWT_SECRET = DEVELOPMENT_JWT_SECRET;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  ACCESS_TOKEN_EXPIRE_MINUTES = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_EXPIRE_DAYS = 7;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MAX_ACTIVE_SESSIONS = 5;

  /** A rotated refresh token presented again within this many seconds gets 401 without side effects (D13). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  REFRESH_REUSE_GRACE_SECONDS = 10;

  /**
   * Refresh-token rows expired or revoked longer ago than this are deleted (kept meanwhile for audit:
   * device, IP, revoked_reason). Whole days, so always far beyond REFRESH_REUSE_GRACE_SECONDS.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  REFRESH_TOKEN_RETENTION_DAYS = 7;

  /** How often each instance prunes refresh tokens (minutes); 0 disables the job (`db -- prune-refresh-tokens` still works). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10080)
  REFRESH_TOKEN_PRUNE_INTERVAL_MINUTES = 60;

  /** Rows per DELETE statement of a prune (each one short, so it never holds locks for long). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  REFRESH_TOKEN_PRUNE_BATCH_SIZE = 1000;

  /** Most rows one prune run deletes; the next run continues. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REFRESH_TOKEN_PRUNE_MAX_PER_RUN = 100000;

  /** Express `trust proxy`: false, true, a hop count, or comma-separated addresses/subnets (D18). */
  @IsString()
  TRUST_PROXY = 'false';

  /** Requests per minute per client IP (D18). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_REGISTER_PER_MINUTE = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_PER_MINUTE = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_REFRESH_PER_MINUTE = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_SITE_CREATE_PER_MINUTE = 15;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_COMMENT_PER_MINUTE = 8;

  /** Shared rate-limit counters for all replicas (redis://[:password@]host:port[/db]); in-memory when unset. */
  @IsOptional()
  @IsString()
  REDIS_URL?: string;

  @IsOptional()
  @IsString()
  GOOGLE_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  GOOGLE_CLIENT_SECRET?: string;

  /** Public URL of GET /api/v1/auth/google/callback, as registered with Google. */
  @IsOptional()
  @IsString()
  GOOGLE_CALLBACK_URL?: string;

  @IsString()
  GOOGLE_AUTHORIZATION_URL = 'https://accounts.google.com/o/oauth2/v2/auth';

  @IsString()
  GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

  @IsString()
  GOOGLE_USERINFO_URL = 'https://openidconnect.googleapis.com/v1/userinfo';

  /** Where Google's ID-token signing certificates (PEM, JSON map) are fetched from. */
  @IsString()
  GOOGLE_CERTS_URL = 'https://www.googleapis.com/oauth2/v1/certs';

  /** The browser app: the Google callback redirects here (no tokens in the URL). */
  @IsOptional()
  @IsString()
  FRONTEND_URL?: string;

  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS = 10000;

  /** Where `npm run db -- backup` (and `up --backup`) write dumps when no file is named. */
  @IsString()
  @MinLength(1)
  DB_BACKUP_DIR = 'backups';

  /** Serve GET /metrics (Prometheus text format). */
  @Transform(toBool)
  @IsBoolean()
  METRICS_ENABLED = true;

  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>` (else 401). */
  @IsOptional()
  @IsString()
  @MinLength(16)
  METRICS_TOKEN?: string;
}

export class ConfigValidationError extends Error {}

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const name = prefix + e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${name}: ${m.replace(`${e.property} `, '')}`);
    return [...own, ...describe(e.children ?? [], `${name}.`)];
  });
}

function checkUrl(name: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  try {
    const url = new URL(value);
    if (!/^(mysql|mariadb)(\+[a-z0-9]+)?:$/.test(url.protocol)) {
      return [`${name}: must start with mysql:// or mariadb:// (got ${url.protocol}//)`];
    }
    if (!url.hostname) return [`${name}: has no host`];
    return [];
  } catch {
    return [`${name}: is not a valid URL`];
  }
}

/** A comma-separated variable as a list (empty entries dropped). */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function checkHttpUrl(name: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? [] : [`${name}: must be an http(s) URL`];
  } catch {
    return [`${name}: is not a valid URL`];
  }
}

/** Validates raw environment variables; throws ConfigValidationError listing every bad variable by name. */
export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const known = Object.keys(new EnvironmentVariables());
  const picked: Record<string, unknown> = {};
  for (const key of [
    ...known,
    ...[
      'DB_TYPE',
      'DB_ADMIN_URL',
      'LOG_PRETTY',
      'CORS_ORIGINS',
      'FRONTEND_URL',
      'REDIS_URL',
      'DATABASE_REPLICA_URLS',
    ],
    ...['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'GOOGLE_CALLBACK_URL'],
    'METRICS_TOKEN',
  ]) {
    const v = raw[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const env = plainToInstance(EnvironmentVariables, picked, { exposeDefaultValues: true });
  const problems = describe(validateSync(env, { skipMissingProperties: false }));
  problems.push(...checkUrl('DATABASE_URL', env.DATABASE_URL), ...checkUrl('DB_ADMIN_URL', env.DB_ADMIN_URL));
  for (const replica of splitList(env.DATABASE_REPLICA_URLS))
    problems.push(...checkUrl('DATABASE_REPLICA_URLS', replica));
  if (env.DB_CONNECT_MAX_DELAY_MS < env.DB_CONNECT_MIN_DELAY_MS) {
    problems.push('DB_CONNECT_MAX_DELAY_MS: must be greater than or equal to DB_CONNECT_MIN_DELAY_MS');
  }
  for (const name of [
    'GOOGLE_AUTHORIZATION_URL',
    'GOOGLE_TOKEN_URL',
    'GOOGLE_USERINFO_URL',
    'GOOGLE_CERTS_URL',
  ] as const) {
    problems.push(...checkHttpUrl(name, env[name]));
  }
  if (env.REDIS_URL !== undefined && !/^rediss?:\/\/./.test(env.REDIS_URL)) {
    problems.push('REDIS_URL: must start with redis:// or rediss://');
  }
  problems.push(
    ...checkHttpUrl('FRONTEND_URL', env.FRONTEND_URL),
    ...checkHttpUrl('GOOGLE_CALLBACK_URL', env.GOOGLE_CALLBACK_URL),
  );
  if (!/^(true|false|\d+|[0-9a-fA-F:.,/ a-z]+)$/.test(env.TRUST_PROXY)) {
    problems.push('TRUST_PROXY: must be true, false, a hop count or comma-separated addresses');
  }
  if (env.NODE_ENV === 'production') {
    if (raw.JWT_SECRET === undefined || raw.JWT_SECRET === '') {
      problems.push('JWT_SECRET: must be set in production');
    } else if (WEAK_SECRETS.has(env.JWT_SECRET.toLowerCase()) || env.JWT_SECRET.length < 32) {
      problems.push(
        'JWT_SECRET: is a default or weak secret (use at least 32 random characters in production)',
      );
    }
  }
  if (problems.length > 0) {
    throw new ConfigValidationError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return env;
}
