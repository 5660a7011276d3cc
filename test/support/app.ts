import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { setupApp } from '../../src/app.setup';
import { loadConfig, type AppConfig, type DatabaseConfig } from '../../src/config/configuration';
import { migratedDataSource, testDatabaseUrl, testServer, workerDatabaseName } from './database';

export interface TestApp {
  app: NestExpressApplication;
  ds: DataSource;
  config: AppConfig;
}

/** Configuration as production builds it, from an environment, pointed at a test database. */
export function testConfig(env: Record<string, string> = {}, database = workerDatabaseName()): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: testDatabaseUrl(database),
    DB_MIGRATIONS_RUN: 'false',
    DB_HEALTH_TIMEOUT_MS: '1000',
    // Tests send many requests from one address; the rate-limit tests set their own low limits.
    RATE_LIMIT_REGISTER_PER_MINUTE: '100000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    RATE_LIMIT_REFRESH_PER_MINUTE: '100000',
    RATE_LIMIT_SITE_CREATE_PER_MINUTE: '100000',
    RATE_LIMIT_COMMENT_PER_MINUTE: '100000',
    ...env,
  });
}

let migrated: Promise<void> | undefined;
/** Migrates this worker's database once per test file (a no-op after the first file of the worker). */
export function ensureWorkerDatabaseMigrated(): Promise<void> {
  migrated ??= migratedDataSource().then((ds) => ds.destroy());
  return migrated;
}

/**
 * The real application (AppModule.forRoot + setupApp, as main.ts builds it) on this worker's
 * migrated database. Pass `database` overrides for tests that need their own connection settings.
 */
export async function createTestApp(
  options: { env?: Record<string, string>; database?: Partial<DatabaseConfig> } = {},
): Promise<TestApp> {
  if (!options.database?.connection) await ensureWorkerDatabaseMigrated();
  const base = testConfig(options.env);
  const config: AppConfig = { ...base, database: { ...base.database, ...options.database } };
  const server = await testServer();
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ config, server })],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    bufferLogs: true,
  });
  try {
    await setupApp(app, config);
    await app.init();
  } catch (error) {
    // Close the pool and the rest, so a failed start fails its test file instead of hanging Jest.
    await app.close().catch(() => undefined);
    throw error;
  }
  return { app, ds: app.get<DataSource>(getDataSourceToken()), config };
}
