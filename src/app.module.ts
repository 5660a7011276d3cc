import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { loggerParams } from './common/logging';
import type { AppConfig } from './config/configuration';
import { applySessionSettings, buildDataSourceOptions } from './database/data-source';
import { runPendingMigrations } from './database/migration-lock';
import { TypeOrmNestLogger } from './database/typeorm-logger';
import type { DatabaseServerInfo } from './database/wait-for-database';
import { HealthModule } from './modules/health/health.module';
import { RootController } from './modules/root/root.controller';

export interface AppModuleOptions {
  config: AppConfig;
  /** Result of the wait-for-database probe: tells MariaDB from MySQL (DECISIONS.md D8). */
  server: DatabaseServerInfo;
}

/**
 * Wires configuration, logging, the database and the feature modules. Built from an already
 * validated config and a probed server, so the start-up order of DESIGN.md holds: config → wait for
 * the database → migrations under the lock (inside the DataSource factory, before any module
 * initialises) → listen.
 */
@Module({})
export class AppModule {
  static forRoot({ config, server }: AppModuleOptions): DynamicModule {
    const flavour = config.database.type ?? server.flavour;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => config] }),
        LoggerModule.forRoot(loggerParams(config)),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...buildDataSourceOptions(config.database, flavour),
            logger: new TypeOrmNestLogger(config.database.logQueries),
            retryAttempts: 0,
          }),
          dataSourceFactory: async (options) => {
            const ds = await new DataSource(options!).initialize();
            await applySessionSettings(ds);
            if (config.database.migrationsRun) {
              await runPendingMigrations(ds, config.database.migrationLockTimeoutS);
            }
            return ds;
          },
        }),
        HealthModule.forRoot({ timeoutMs: config.database.healthTimeoutMs }),
      ],
      controllers: [RootController],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
