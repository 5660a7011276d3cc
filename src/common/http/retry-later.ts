import {
  Injectable,
  ServiceUnavailableException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { catchError, throwError, type Observable } from 'rxjs';

/**
 * A 503 the client should retry after `retryAfterS` seconds (a busy resource, not a broken one).
 * The body is the exception's as usual; RetryAfterInterceptor adds the `Retry-After` header.
 */
export class RetryLaterException extends ServiceUnavailableException {
  constructor(
    body: Record<string, unknown>,
    readonly retryAfterS: number,
    cause?: unknown,
  ) {
    super(body, { cause });
  }
}

/**
 * Sets `Retry-After` on the response when the handler throws a RetryLaterException; the global
 * exception filter then renders the body as for any HttpException (and keeps the header).
 */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof RetryLaterException) {
          const response = context.switchToHttp().getResponse<Response>();
          if (!response.headersSent) response.setHeader('Retry-After', String(error.retryAfterS));
        }
        return throwError(() => error);
      }),
    );
  }
}
