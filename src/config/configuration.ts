import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDatabaseUrl, type ConnectionParams } from '../database/database-url';
import { validateEnv, type DB_TYPES, type LOG_LEVELS, type NODE_ENVS } from './env.validation';

export type DatabaseFlavour = (typeof DB_TYPES)[number];

export interface DatabaseConfig {
  url: string;
  connection: ConnectionParams;
  /** Forced server flavour (DB_TYPE); detected from SELECT VERSION() when unset. */
  type?: DatabaseFlavour;
  migrationsRun: boolean;
  poolSize: number;
  connect: { attempts: number; minDelayMs: number; maxDelayMs: number; timeoutMs: number };
  migrationLockTimeoutS: number;
  healthTimeoutMs: number;
  logQueries: boolean;
  adminUrl?: string;
}

export interface AppConfig {
  env: (typeof NODE_ENVS)[number];
  isProduction: boolean;
  port: number;
  host: string;
  log: { level: (typeof LOG_LEVELS)[number]; pretty: boolean };
  database: DatabaseConfig;
  jwt: { secret: string };
  corsOrigins: string[];
  shutdownTimeoutMs: number;
}

/**
 * Loads `.env` from the working directory (without overriding variables already set), as the
 * Alembic-era scripts did. Tests never call this: they pass their environment explicitly.
 */
export function loadDotEnv(file = resolve(process.cwd(), '.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
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
      type: env.DB_TYPE,
      migrationsRun: env.DB_MIGRATIONS_RUN,
      poolSize: env.DB_POOL_SIZE,
      connect: {
        attempts: env.DB_CONNECT_ATTEMPTS,
        minDelayMs: env.DB_CONNECT_MIN_DELAY_MS,
        maxDelayMs: env.DB_CONNECT_MAX_DELAY_MS,
        timeoutMs: env.DB_CONNECT_TIMEOUT_MS,
      },
      migrationLockTimeoutS: env.DB_MIGRATION_LOCK_TIMEOUT_S,
      healthTimeoutMs: env.DB_HEALTH_TIMEOUT_MS,
      logQueries: env.DB_LOG_QUERIES,
      adminUrl: env.DB_ADMIN_URL,
    },
    jwt: { secret: env.JWT_SECRET },
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  };
}
