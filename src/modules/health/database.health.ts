import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { getPrimaryConnection } from '../../database/data-source';
import { pendingMigrationNames } from '../../database/migration-lock';
import { HEALTH_OPTIONS, type HealthOptions } from './health.options';

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Database checks with their own short timeout, so a database that hangs (not only one that refuses)
 * answers 503 quickly. The ping runs on a pool connection with a mysql2 query timeout and destroys
 * the connection when it fails, so hung sockets never pile up in the pool.
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  async ping(key = 'database'): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    const started = Date.now();
    try {
      await withTimeout(this.selectOne(), this.options.timeoutMs, 'database ping');
      return indicator.up({ response_time_ms: Date.now() - started });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  async migrations(key = 'migrations'): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      const pending = await withTimeout(
        pendingMigrationNames(this.dataSource),
        this.options.timeoutMs,
        'migration check',
      );
      return pending.length === 0
        ? indicator.up({ pending: 0 })
        : indicator.down({ pending: pending.length, names: pending });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  private selectOne(): Promise<void> {
    const timeout = this.options.timeoutMs;
    return new Promise<void>((resolve, reject) => {
      getPrimaryConnection(this.dataSource, (error, connection) => {
        if (error) return reject(error);
        connection.query({ sql: 'SELECT 1', timeout }, (queryError) => {
          if (queryError) {
            connection.destroy();
            reject(queryError);
          } else {
            connection.release();
            resolve();
          }
        });
      });
    });
  }
}
