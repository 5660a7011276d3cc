import './compile-cache';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { setupApp } from './app.setup';
import { loadConfig, loadDotEnv, type AppConfig } from './config/configuration';
import { ConfigValidationError } from './config/env.validation';
import { MigrationLockTimeoutError } from './database/migration-lock';
import { DatabaseUnavailableError, waitForDatabase, type StartupLogger } from './database/wait-for-database';

/** Plain JSON lines before Nest's logger exists (config errors, the wait loop). */
function bootLogger(): StartupLogger {
  const line = (level: string, msg: string) =>
    process.stdout.write(`${JSON.stringify({ level, time: Date.now(), context: 'Bootstrap', msg })}\n`);
  return { log: (m) => line('info', m), warn: (m) => line('warn', m), error: (m) => line('error', m) };
}

/** SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the pool, exit 0. */
function handleShutdown(app: NestExpressApplication, config: AppConfig): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    const logger = app.get(Logger);
    logger.log(`${signal} received: draining requests and closing the database pool`, 'Bootstrap');
    const force = setTimeout(() => {
      logger.error(`Shutdown took longer than ${config.shutdownTimeoutMs} ms; exiting`, 'Bootstrap');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    app
      .close()
      .then(() => {
        logger.log('Shutdown complete', 'Bootstrap');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error(`Shutdown failed: ${String(error)}`, 'Bootstrap');
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

export async function bootstrap(): Promise<NestExpressApplication> {
  const log = bootLogger();
  loadDotEnv();
  const config = loadConfig();
  const server = await waitForDatabase(config.database, log);
  if (config.database.migrationsRun) log.log('Applying pending migrations under the migration lock...');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, server }), {
    bodyParser: false,
    bufferLogs: true,
  });
  await setupApp(app, config);
  handleShutdown(app, config);
  await app.listen(config.port, config.host);
  app.get(Logger).log(`Divemap API listening on ${await app.getUrl()} (${server.version})`, 'Bootstrap');
  return app;
}

if (require.main === module) {
  bootstrap().catch((error: unknown) => {
    const message =
      error instanceof ConfigValidationError ||
      error instanceof DatabaseUnavailableError ||
      error instanceof MigrationLockTimeoutError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    bootLogger().error(`Start-up failed: ${message}`);
    process.exit(1);
  });
}
