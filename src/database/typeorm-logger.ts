import { Logger as NestLogger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';
import { redactSqlLiterals } from './errors';

type InContext = <R>(fn: () => R) => R;

/**
 * TypeORM's messages through the application's logger (pino in the app), never straight to the
 * console. Query parameters are never logged: they can hold password hashes and tokens.
 *
 * A slow or failed query is logged in the async context of the request that sent it, so its line
 * carries that request's id. TypeORM reports both from mysql2's result callback, which runs in the
 * context of whatever created the pooled connection (often an earlier, unrelated request such as a
 * `/health` probe): logQuery, called in the sender's context, takes a snapshot of it
 * (AsyncLocalStorage.snapshot()) for the query runner, and the later reports run inside it. A query
 * runner serves one caller at a time (one per statement, or one transaction), so the snapshot of its
 * latest statement is the right one.
 */
export class TypeOrmNestLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('TypeORM');
  private readonly senders = new WeakMap<QueryRunner, InContext>();

  constructor(private readonly logQueries = false) {}

  logQuery(query: string, _parameters?: unknown[], queryRunner?: QueryRunner): void {
    if (queryRunner) this.senders.set(queryRunner, AsyncLocalStorage.snapshot());
    if (this.logQueries) this.logger.debug(query);
  }

  logQueryError(error: string | Error, query: string, _parameters?: unknown[], queryRunner?: QueryRunner): void {
    this.inSenderContext(queryRunner, () =>
      // Most failed queries are client mistakes the services map to 4xx (duplicates, missing rows).
      this.logger.warn(
        // The server's message quotes values ("Duplicate entry 'a@b.c'"): they are replaced too.
        `Query failed: ${redactSqlLiterals(messageOf(error))} -- ${query.slice(0, 2000)}`,
      ),
    );
  }

  logQuerySlow(time: number, query: string, _parameters?: unknown[], queryRunner?: QueryRunner): void {
    this.inSenderContext(queryRunner, () => this.logger.warn(`Slow query (${time} ms): ${query.slice(0, 2000)}`));
  }

  private inSenderContext(queryRunner: QueryRunner | undefined, log: () => void): void {
    const sender = queryRunner ? this.senders.get(queryRunner) : undefined;
    if (sender) sender(log);
    else log();
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    // TypeORM's info messages (entity globs found...) are diagnostics, not operations news.
    if (level === 'warn') this.logger.warn(text);
    else this.logger.debug(text);
  }
}

/** The message of what TypeORM reports: a string, or an error (duck-typed: net errors may come from another realm). */
function messageOf(error: unknown): string {
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
