import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { locationOf, RequestValidationException } from './api-validation.pipe';

/**
 * Parses a positive integer id from the path (or query) and answers 422 with FastAPI's detail list
 * otherwise — Nest's ParseIntPipe answers 400 without saying which parameter was wrong.
 */
@Injectable()
export class IntParamPipe implements PipeTransform<string | number, number> {
  transform(value: string | number, metadata: ArgumentMetadata): number {
    // The global ValidationPipe (transform: true) may already have turned the string into a number.
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && /^\d{1,10}$/.test(value)
          ? Number(value)
          : NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > 2147483647) {
      throw new RequestValidationException([
        {
          loc: [locationOf(metadata.type), metadata.data ?? 'value'],
          msg: 'must be a positive integer',
          type: 'int_parsing',
        },
      ]);
    }
    return n;
  }
}
