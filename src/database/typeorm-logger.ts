import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { redactSqlLiterals } from './errors';

/**
 * TypeORM's messages through the application's logger (pino in the app), never straight to the
 * console. Query parameters are never logged: they can hold password hashes and tokens.
 */
export class TypeOrmNestLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('TypeORM');

  constructor(private readonly logQueries = false) {}

  logQuery(query: string): void {
    if (this.logQueries) this.logger.debug(query);
  }

  logQueryError(error: string | Error, query: string): void {
    // Most failed queries are client mistakes the services map to 4xx (duplicates, missing rows).
    this.logger.warn(
      // The server's message quotes values ("Duplicate entry 'a@b.c'"): they are replaced too.
      `Query failed: ${redactSqlLiterals(messageOf(error))} -- ${query.slice(0, 2000)}`,
    );
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`Slow query (${time} ms): ${query.slice(0, 2000)}`);
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
