import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import { redactSqlLiterals } from '../database/errors';
import type { AppConfig } from '../config/configuration';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Query parameters whose values never reach a log line (OAuth codes and state, tokens, passwords). */
const SECRET_QUERY_PARAMS =
  /([?&](?:code|state|token|id_token|access_token|refresh_token|password)=)[^&#]*/gi;

/** The URL as logged: path and query, with secret query values replaced. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, '$1[redacted]');
}

/** Paths whose values must never reach a log line (DESIGN: no secrets or passwords in logs). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.password_hash',
  '*.passwordHash',
  '*.current_password',
  '*.new_password',
  '*.refresh_token',
  '*.access_token',
  '*.token',
];

/** Properties of database errors that carry SQL text or bound values (hashes, e-mails, tokens). */
const SQL_PROPERTIES = new Set(['sql', 'query', 'parameters', 'sqlMessage', 'values']);

/**
 * The `err` of a log line: pino's standard serializer (type, message, stack, own properties, cause),
 * without the SQL text and bound parameters of TypeORM's QueryFailedError and mysql2's errors, and
 * with the quoted values of a server message ("Duplicate entry 'a@b.c'") replaced. A failed write of
 * a user or a refresh token must not put its hash or e-mail in a log.
 */
export function serializeError(error: unknown): unknown {
  // Duck-typed, as pino's own: Node's net errors come from another realm under Jest's VM.
  if (typeof error !== 'object' || error === null || typeof (error as Error).message !== 'string')
    return error;
  return scrub(stdSerializers.err(error as Error), 0);
}

function scrub(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > 5) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const record = value as Record<string, unknown>;
  const fromDatabase =
    'sqlState' in record || 'driverError' in record || 'sqlMessage' in record || 'sql' in record;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(record)) {
    if (SQL_PROPERTIES.has(key)) continue;
    if (fromDatabase && (key === 'message' || key === 'stack') && typeof v === 'string') {
      out[key] = redactSqlLiterals(v);
    } else {
      out[key] = scrub(v, depth + 1);
    }
  }
  return out;
}

/**
 * Structured JSON logs (pino): one line per request with method, path, status and duration; a
 * request id taken from `X-Request-Id` when sane (else a UUID) and echoed back; pretty lines in
 * development. Query strings are logged without their values' secrets because tokens never travel
 * in URLs here.
 */
export function loggerParams(config: AppConfig): Params {
  return {
    // Every route, prefixed or not (/, /health*, /docs): one wildcard that Nest itself maps to the
    // paths excluded from the global prefix, so each request is logged exactly once.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.log.level,
      transport: config.log.pretty
        ? {
            target: 'pino-pretty',
            options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
          }
        : undefined,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: serializeError,
      },
      customLogLevel: (_req, res, error) =>
        // A 503 is an expected state (database down, dependency down): the filter logged its cause.
        res.statusCode === 503
          ? 'warn'
          : error || res.statusCode >= 500
            ? 'error'
            : res.statusCode >= 400
              ? 'warn'
              : 'info',
      customSuccessMessage: (req, res, responseTime) =>
        `${req.method} ${redactUrl(req.url ?? '')} ${res.statusCode} ${Math.round(responseTime)}ms`,
      customErrorMessage: (req, res) => `${req.method} ${redactUrl(req.url ?? '')} ${res.statusCode}`,
      customAttributeKeys: { responseTime: 'duration_ms' },
    },
  };
}
