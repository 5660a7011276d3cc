import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDatabaseUrl, type ConnectionParams } from '../database/database-url';
import { splitList, validateEnv, type DB_TYPES, type LOG_LEVELS, type NODE_ENVS } from './env.validation';

export type DatabaseFlavour = (typeof DB_TYPES)[number];

export interface DatabaseConfig {
  url: string;
  connection: ConnectionParams;
  /** Read replicas (DATABASE_REPLICA_URLS); empty: everything on the primary. */
  replicas: ConnectionParams[];
  /** Forced server flavour (DB_TYPE); detected from SELECT VERSION() when unset. */
  type?: DatabaseFlavour;
  migrationsRun: boolean;
  poolSize: number;
  connect: { attempts: number; minDelayMs: number; maxDelayMs: number; timeoutMs: number };
  /** Pool wait (acquire) and statement timeout of queries run for an HTTP request (fail fast). */
  requestTimeouts: { acquireMs: number; queryMs: number };
  /** `Retry-After` of a 503 "Database unavailable", in seconds. */
  retryAfterS: number;
  migrationLockTimeoutS: number;
  healthTimeoutMs: number;
  logQueries: boolean;
  adminUrl?: string;
  /** Cached list counts and search matches (src/database/result-cache.ts). */
  resultCache: { ttlMs: number; maxBytes: number };
}

export interface RefreshTokenPruneConfig {
  retentionDays: number;
  intervalMinutes: number;
  batchSize: number;
  maxPerRun: number;
}

export interface AppConfig {
  env: (typeof NODE_ENVS)[number];
  isProduction: boolean;
  port: number;
  host: string;
  log: { level: (typeof LOG_LEVELS)[number]; pretty: boolean };
  database: DatabaseConfig;
  jwt: { secret: string; accessTokenMinutes: number };
  auth: {
    refreshTokenDays: number;
    maxActiveSessions: number;
    refreshReuseGraceSeconds: number;
    /** Deleting expired and revoked refresh tokens (refresh-token-pruning.ts); intervalMinutes 0: no job. */
    refreshTokenPrune: RefreshTokenPruneConfig;
    /** Secure cookies (production). */
    secureCookies: boolean;
  };
  google: {
    clientId?: string;
    clientSecret?: string;
    callbackUrl?: string;
    authorizationUrl: string;
    tokenUrl: string;
    userInfoUrl: string;
    certsUrl: string;
  };
  frontendUrl?: string;
  /** Express `trust proxy` value. */
  trustProxy: boolean | number | string;
  rateLimits: {
    registerPerMinute: number;
    loginPerMinute: number;
    refreshPerMinute: number;
    siteCreatePerMinute: number;
    commentPerMinute: number;
  };
  /** Redis for state shared by replicas (rate-limit counters). */
  redisUrl?: string;
  corsOrigins: string[];
  shutdownTimeoutMs: number;
  /** GET /metrics: served when enabled; a bearer token is required when `token` is set. */
  metrics: { enabled: boolean; token?: string };
  /** Default directory of `db -- backup` dumps (DB_BACKUP_DIR). */
  backupDir: string;
}

/**
 * Loads `.env` from the working directory (without overriding variables already set), as the
 * Alembic-era scripts did. Tests never call this: they pass their environment explicitly.
 */
export function loadDotEnv(file = resolve(process.cwd(), '.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

/** `true`/`false`, a hop count, or the addresses/subnets Express should trust (as a string). */
export function parseTrustProxy(value: string): boolean | number | string {
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false' || v === '') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return value.trim();
}

/** Validates the environment and returns the typed configuration. Throws ConfigValidationError. */
export function loadConfig(raw: Record<string, string | undefined> = process.env): AppConfig {
  const env = validateEnv(raw);
  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    port: env.PORT,
    host: env.HOST,
    log: { level: env.LOG_LEVEL, pretty: env.LOG_PRETTY ?? env.NODE_ENV === 'development' },
    database: {
      url: env.DATABASE_URL,
      connection: parseDatabaseUrl(env.DATABASE_URL),
      replicas: splitList(env.DATABASE_REPLICA_URLS).map(parseDatabaseUrl),
      type: env.DB_TYPE,
      migrationsRun: env.DB_MIGRATIONS_RUN,
      poolSize: env.DB_POOL_SIZE,
      connect: {
        attempts: env.DB_CONNECT_ATTEMPTS,
        minDelayMs: env.DB_CONNECT_MIN_DELAY_MS,
        maxDelayMs: env.DB_CONNECT_MAX_DELAY_MS,
        timeoutMs: env.DB_CONNECT_TIMEOUT_MS,
      },
      requestTimeouts: { acquireMs: env.DB_ACQUIRE_TIMEOUT_MS, queryMs: env.DB_QUERY_TIMEOUT_MS },
      retryAfterS: env.DB_RETRY_AFTER_S,
      migrationLockTimeoutS: env.DB_MIGRATION_LOCK_TIMEOUT_S,
      healthTimeoutMs: env.DB_HEALTH_TIMEOUT_MS,
      logQueries: env.DB_LOG_QUERIES,
      adminUrl: env.DB_ADMIN_URL,
      resultCache: { ttlMs: env.RESULT_CACHE_TTL_MS, maxBytes: env.RESULT_CACHE_MAX_MB * 1024 * 1024 },
    },
    jwt: { secret: env.JWT_SECRET, accessTokenMinutes: env.ACCESS_TOKEN_EXPIRE_MINUTES },
    auth: {
      refreshTokenDays: env.REFRESH_TOKEN_EXPIRE_DAYS,
      maxActiveSessions: env.MAX_ACTIVE_SESSIONS,
      refreshReuseGraceSeconds: env.REFRESH_REUSE_GRACE_SECONDS,
      refreshTokenPrune: {
        retentionDays: env.REFRESH_TOKEN_RETENTION_DAYS,
        intervalMinutes: env.REFRESH_TOKEN_PRUNE_INTERVAL_MINUTES,
        batchSize: env.REFRESH_TOKEN_PRUNE_BATCH_SIZE,
        maxPerRun: env.REFRESH_TOKEN_PRUNE_MAX_PER_RUN,
      },
      secureCookies: env.NODE_ENV === 'production',
    },
    google: {
      clientId: env.GOOGLE_CLIENT_ID,
      clientSecret: env.GOOGLE_CLIENT_SECRET,
      callbackUrl: env.GOOGLE_CALLBACK_URL,
      authorizationUrl: env.GOOGLE_AUTHORIZATION_URL,
      tokenUrl: env.GOOGLE_TOKEN_URL,
      userInfoUrl: env.GOOGLE_USERINFO_URL,
      certsUrl: env.GOOGLE_CERTS_URL,
    },
    frontendUrl: env.FRONTEND_URL,
    redisUrl: env.REDIS_URL,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    rateLimits: {
      registerPerMinute: env.RATE_LIMIT_REGISTER_PER_MINUTE,
      loginPerMinute: env.RATE_LIMIT_LOGIN_PER_MINUTE,
      refreshPerMinute: env.RATE_LIMIT_REFRESH_PER_MINUTE,
      siteCreatePerMinute: env.RATE_LIMIT_SITE_CREATE_PER_MINUTE,
      commentPerMinute: env.RATE_LIMIT_COMMENT_PER_MINUTE,
    },
    corsOrigins: splitList(env.CORS_ORIGINS),
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    metrics: { enabled: env.METRICS_ENABLED, token: env.METRICS_TOKEN },
    backupDir: env.DB_BACKUP_DIR,
  };
}
