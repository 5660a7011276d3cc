import {
  Logger,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { json, urlencoded } from 'express';
import { APP_FILTER } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { loggerParams } from './common/logging';
import type { AppConfig } from './config/configuration';
import {
  applySessionSettings,
  buildDataSourceOptions,
  installRequestTimeouts,
  ReplicaAwareDataSource,
} from './database/data-source';
import { jsonDepthLimit } from './common/http/json-depth';
import { runInRequestContext } from './database/request-context';
import { runPendingMigrations } from './database/migration-lock';
import { ResultCacheModule } from './database/result-cache.module';
import { TypeOrmNestLogger } from './database/typeorm-logger';
import type { DatabaseServerInfo } from './database/wait-for-database';
import { RateLimitModule } from './common/rate-limit/rate-limit';
import { AuthModule } from './modules/auth/auth.module';
import { AuthPortsModule } from './modules/auth/auth-ports.module';
import { GoogleAuthModule, googleFlows } from './modules/auth/google/google-auth.module';
import { CentersModule } from './modules/centers/centers.module';
import { DifficultyModule } from './modules/difficulty/difficulty.module';
import { DivesModule } from './modules/dives/dives.module';
import { HealthModule } from './modules/health/health.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { OrganizationsModule } from './modules/organizations/organizations.module';
import { SitesModule } from './modules/sites/sites.module';
import { TagsModule } from './modules/tags/tags.module';
import { TripsModule } from './modules/trips/trips.module';
import { UsersModule } from './modules/users/users.module';
import { UsersApiModule } from './modules/users/users-api.module';
import { ProfilesModule } from './modules/profiles/profiles.module';
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
/** JSON bodies above this are refused with 413 (DECISIONS.md D24). */
export const JSON_BODY_LIMIT = '2mb';

@Module({})
export class AppModule implements NestModule {
  /**
   * Body parsing runs as Nest middleware, after the request logger (registered by LoggerModule,
   * imported first), so a 413 or malformed-JSON request is logged like any other and its error goes
   * through the global filter. The app is created with `bodyParser: false`.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(
        // A database context per request: read-your-writes routing with replicas (D25).
        (_req: unknown, _res: unknown, next: () => void) => runInRequestContext(next),
        json({ limit: JSON_BODY_LIMIT }),
        urlencoded({ limit: JSON_BODY_LIMIT, extended: true }),
        jsonDepthLimit(),
      )
      .forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }

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
            const ds = await new ReplicaAwareDataSource(options!).initialize();
            await applySessionSettings(ds);
            installRequestTimeouts(ds, config.database.requestTimeouts);
            if (config.database.migrationsRun) {
              const applied = await runPendingMigrations(ds, config.database.migrationLockTimeoutS);
              new Logger('Migrations').log(
                applied.length === 0
                  ? 'No pending migrations'
                  : `Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`,
              );
            }
            return ds;
          },
        }),
        RateLimitModule.forRoot(
          {
            register: config.rateLimits.registerPerMinute,
            login: config.rateLimits.loginPerMinute,
            refresh: config.rateLimits.refreshPerMinute,
            site_create: config.rateLimits.siteCreatePerMinute,
            comment: config.rateLimits.commentPerMinute,
          },
          config.redisUrl,
        ),
        ResultCacheModule.forRoot(config.database.resultCache),
        HealthModule.forRoot({ timeoutMs: config.database.healthTimeoutMs }),
        MetricsModule.forRoot({ ...config.metrics, production: config.isProduction }),
        // Timers of background jobs (the refresh-token prune); ScheduleModule removes them at shutdown.
        ScheduleModule.forRoot(),
        UsersModule,
        AuthModule,
        AuthPortsModule,
        // Mounted only when configured: an unconfigured sign-in is absent, not a 503 (issue 13).
        ...(googleFlows(config.google).idToken ? [GoogleAuthModule.forRoot(config.google)] : []),
        UsersApiModule,
        ProfilesModule,
        DifficultyModule,
        TagsModule,
        SitesModule,
        OrganizationsModule,
        CentersModule,
        DivesModule,
        TripsModule,
      ],
      controllers: [RootController],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
