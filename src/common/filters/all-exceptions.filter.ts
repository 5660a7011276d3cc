import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  Optional,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { ConfigService } from '@nestjs/config';
import { EntityNotFoundError } from 'typeorm';
import type { AppConfig } from '../../config/configuration';
import {
  classifyDatabaseError,
  driverErrorOf,
  isDatabaseUnavailableError,
  type DatabaseErrorKind,
} from '../../database/errors';
import type { ErrorBody } from '../http/problem';
import { RetryLaterException } from '../http/retry-later';
import { redactUrl } from '../logging';

/** What a client is told for a database error a client (or a race) can cause, instead of a 500. */
const DATABASE_ERRORS: Partial<
  Record<DatabaseErrorKind, { status: number; detail: string; error?: string }>
> = {
  duplicate_key: {
    status: HttpStatus.BAD_REQUEST,
    detail: 'A record with the same unique value already exists',
  },
  foreign_key_missing: { status: HttpStatus.BAD_REQUEST, detail: 'A referenced record does not exist' },
  row_referenced: { status: HttpStatus.CONFLICT, detail: 'The record is still referenced by other records' },
  constraint: { status: HttpStatus.UNPROCESSABLE_ENTITY, detail: 'A value is out of range' },
  too_long: { status: HttpStatus.UNPROCESSABLE_ENTITY, detail: 'A value is too long' },
  bad_value: { status: HttpStatus.UNPROCESSABLE_ENTITY, detail: 'A value has the wrong format' },
  // A null a DTO let through for a NOT NULL column.
  missing_value: { status: HttpStatus.UNPROCESSABLE_ENTITY, detail: 'A required value is missing' },
  // Still a deadlock after DivemapDataSource.transaction's retry.
  deadlock: {
    status: HttpStatus.CONFLICT,
    detail: 'A concurrent request changed the same records; retry the request',
    error: 'concurrent_update',
  },
};

/** The 503 contract of a database that is down, hanging, saturated or holding a lock too long. */
export const DATABASE_UNAVAILABLE = {
  detail: 'Database unavailable',
  error: 'database_unavailable',
} as const;
const DEFAULT_RETRY_AFTER_S = 2;

/** Errors raised by body-parser before Nest sees the request (they carry `status` and `type`). */
interface BodyParserError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
  /** zlib's code and errno when the body did not decompress (Z_DATA_ERROR; brotli: ERR__ERROR_…). */
  code?: string;
  errno?: number;
}

/** What the client is told for body-parser's error types (its own messages name internals). */
const BODY_ERROR_DETAILS: Record<string, string> = {
  'entity.too.large': 'Request body is too large',
  'entity.parse.failed': 'Request body is not valid JSON',
  'encoding.unsupported': 'Unsupported Content-Encoding',
  'charset.unsupported': 'Unsupported charset',
  'request.aborted': 'Request aborted',
  'request.size.invalid': 'Request body size does not match Content-Length',
};

/**
 * One renderer for every error (spec/api.md "Our rules" 2, DECISIONS.md D11): JSON with `statusCode`,
 * `message` and `detail`. HttpExceptions keep their status; a `detail` the thrower gave (string, list
 * or object) is passed through; driver errors a client can cause become 4xx; everything else is a
 * logged 500 `{"detail":"Internal server error"}` with the request id, never a stack trace.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionsHandler');
  private readonly retryAfterS: number;

  constructor(@Optional() config?: ConfigService<AppConfig, true>) {
    this.retryAfterS = config?.get('database', { infer: true })?.retryAfterS ?? DEFAULT_RETRY_AFTER_S;
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const response = ctx.getResponse<Response>();
    const request = ctx.getRequest<Request & { id?: string }>();
    const { status, body, headers } = this.render(exception);
    if (status >= 500) {
      body.request_id = request.id !== undefined ? String(request.id) : undefined;
    }
    const where = {
      request_id: body.request_id,
      method: request.method,
      url: redactUrl(request.originalUrl),
    };
    if (status === 503) {
      // Expected while the database is sick (/health says so too) or a dependency is down: a warning
      // naming the cause's code, without SQL.
      const driver = driverErrorOf(exception);
      this.logger.warn(
        { ...where, cause: driver?.code ?? (exception instanceof Error ? exception.name : 'unknown') },
        `${request.method} ${where.url} answered 503: ${body.message}`,
      );
    } else if (status >= 500) {
      // The original error (the cause of a 5xx HttpException), its stack, the route and the request
      // id; the err serializer (common/logging.ts) drops SQL text and bound parameters.
      const cause = exception instanceof HttpException ? (exception.cause ?? exception) : exception;
      this.logger.error({ ...where, err: cause }, `${request.method} ${where.url} failed with ${status}`);
    }
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(status).json(body);
  }

  render(exception: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
    const bodyError = this.renderBodyError(exception instanceof HttpException ? exception.cause : exception);
    if (bodyError) return bodyError;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      const headers: Record<string, string> = {};
      if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
      if (exception instanceof RetryLaterException) headers['Retry-After'] = String(exception.retryAfterS);
      if (typeof payload === 'string') return { status, body: this.body(status, payload, payload), headers };
      const p = payload as Record<string, unknown>;
      const rawMessage = p.message;
      const message = Array.isArray(rawMessage)
        ? rawMessage.join('; ')
        : typeof rawMessage === 'string'
          ? rawMessage
          : (STATUS_CODES[status] ?? 'Error');
      const detail = 'detail' in p ? p.detail : message;
      const extra = Object.fromEntries(
        // Nest's own `error: "Bad Request"` label is dropped; any other `error` (Terminus' details,
        // the rate limiter's "rate_limit_exceeded") is part of the contract and kept.
        Object.entries(p).filter(
          ([k, v]) =>
            !['message', 'detail', 'statusCode'].includes(k) &&
            !(k === 'error' && v === STATUS_CODES[status]),
        ),
      );
      return { status, body: { ...extra, ...this.body(status, message, detail) }, headers };
    }
    if (exception instanceof EntityNotFoundError) {
      // A row read back after a write is gone: a concurrent request deleted it. The contract's
      // answer for an object that does not exist (services throw their own 404 before writing).
      const detail = 'The record no longer exists (removed by a concurrent request)';
      return {
        status: HttpStatus.NOT_FOUND,
        body: this.body(HttpStatus.NOT_FOUND, detail, detail),
        headers: {},
      };
    }
    if (isDatabaseUnavailableError(exception)) {
      const status = HttpStatus.SERVICE_UNAVAILABLE;
      return {
        status,
        body: {
          ...this.body(status, DATABASE_UNAVAILABLE.detail, DATABASE_UNAVAILABLE.detail),
          error: DATABASE_UNAVAILABLE.error,
        },
        headers: { 'Retry-After': String(this.retryAfterS) },
      };
    }
    const kind = classifyDatabaseError(exception);
    const mapped = kind ? DATABASE_ERRORS[kind] : undefined;
    if (mapped) {
      const body = this.body(mapped.status, mapped.detail, mapped.detail);
      return {
        status: mapped.status,
        body: mapped.error ? { ...body, error: mapped.error } : body,
        headers: {},
      };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: this.body(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error', 'Internal server error'),
      headers: {},
    };
  }

  /**
   * A 4xx raised below Nest (body-parser, raw-body, http-errors), as thrown or as the `cause` of the
   * HttpException NestJS 12's Express adapter wraps it in: answered with body-parser's meaning rather
   * than its internal message (zlib's, V8's JSON parser's).
   */
  private renderBodyError(
    error: unknown,
  ): { status: number; body: ErrorBody; headers: Record<string, string> } | undefined {
    // Errors raised below Nest (body-parser, raw-body, http-errors): a 4xx they mark as the client's
    // (`expose`, or body-parser's `type`) keeps its status: a body that does not decode in its
    // Content-Encoding is 400, an unknown encoding 415, an oversize body 413, broken JSON 400.
    const bp = error as BodyParserError;
    const bpStatus = bp?.status ?? bp?.statusCode;
    // A zlib/brotli stream error: http-errors may mark brotli's as not exposed, yet it is the client's.
    const undecodable = typeof bp?.errno === 'number' && typeof bp.code === 'string';
    if (
      (typeof bp?.type === 'string' || bp?.expose === true || undecodable) &&
      typeof bpStatus === 'number' &&
      bpStatus >= 400 &&
      bpStatus < 500
    ) {
      const detail =
        BODY_ERROR_DETAILS[bp.type ?? ''] ??
        (undecodable ? 'Request body does not decode as its Content-Encoding' : undefined) ??
        (bp.expose === true && typeof bp.message === 'string' ? bp.message : 'Bad request');
      return { status: bpStatus, body: this.body(bpStatus, detail, detail), headers: {} };
    }
    return undefined;
  }

  private body(statusCode: number, message: string, detail: unknown): ErrorBody {
    return { statusCode, message, detail };
  }
}
