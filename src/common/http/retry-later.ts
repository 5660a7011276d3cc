import { ServiceUnavailableException } from '@nestjs/common';

/**
 * A 503 the client should retry after `retryAfterS` seconds (a busy resource, not a broken one).
 * The body is the exception's as usual; the global exception filter adds the `Retry-After` header.
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
