import {
  HttpStatus,
  UnprocessableEntityException,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';
import type { ValidationProblem } from '../http/problem';

/** Where a value came from, in FastAPI's words. */
export function locationOf(type: ArgumentMetadata['type']): string {
  switch (type) {
    case 'body':
      return 'body';
    case 'query':
      return 'query';
    case 'param':
      return 'path';
    default:
      return type;
  }
}

/** class-validator constraint names → FastAPI-ish error types clients can switch on. */
function problemType(constraint: string): string {
  if (constraint === 'whitelistValidation') return 'extra_forbidden';
  if (constraint === 'isDefined' || constraint === 'isNotEmpty') return 'missing';
  return `value_error.${constraint.replace(/^is/, '').toLowerCase() || 'invalid'}`;
}

export function flattenValidationErrors(
  errors: ValidationError[],
  path: Array<string | number> = [],
): ValidationProblem[] {
  return errors.flatMap((error) => {
    const here = [...path, /^\d+$/.test(error.property) ? Number(error.property) : error.property];
    const own = Object.entries(error.constraints ?? {}).map(([constraint, msg]) => ({
      loc: here,
      msg,
      type: problemType(constraint),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], here)];
  });
}

/** A lone UTF-16 surrogate: text no UTF-8 column can hold (paired ones form one code point under /u). */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

/**
 * The string values of a parsed body that hold a lone surrogate (JSON's "\ud800" parses to one), each
 * as a problem at its path. Refused before validation: validator's isEmail throws on them (a 500),
 * and MySQL would store U+FFFD in their place. The body's depth is bounded by the JSON depth check.
 */
export function unpairedSurrogates(value: unknown, path: Array<string | number> = []): ValidationProblem[] {
  if (typeof value === 'string')
    return UNPAIRED_SURROGATE.test(value)
      ? [
          {
            loc: path,
            msg: 'Text must be valid Unicode (it holds an unpaired surrogate)',
            type: 'value_error.unicode',
          },
        ]
      : [];
  if (value === null || typeof value !== 'object') return [];
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((v, i): [number, unknown] => [i, v])
    : Object.entries(value);
  return entries.flatMap(([k, v]) => unpairedSurrogates(v, [...path, k]));
}

/** A 422 whose `detail` is the FastAPI list of problems, with locations relative to the argument. */
export class RequestValidationException extends UnprocessableEntityException {
  constructor(readonly problems: ValidationProblem[]) {
    super({ message: 'Validation failed', detail: problems });
  }

  /** The same problems with the argument's location (body / query / path) in front. */
  at(location: string): RequestValidationException {
    return new RequestValidationException(this.problems.map((p) => ({ ...p, loc: [location, ...p.loc] })));
  }
}

/**
 * The global pipe: class-validator DTOs, whitelist (unknown fields are dropped, as the original API
 * ignores them — ids, owners and roles can never be set from a body), transform, and 422 with
 * FastAPI's `detail` list whose `loc` starts with "body", "query" or "path".
 */
export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      transform: true,
      forbidUnknownValues: false,
      errorHttpStatusCode: HttpStatus.UNPROCESSABLE_ENTITY,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new RequestValidationException(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && this.toValidate(metadata)) {
      // No body at all is an empty object: required fields are then reported one by one.
      if (value === undefined || value === null) value = {};
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw new RequestValidationException([
          { loc: ['body'], msg: 'A JSON object body is required', type: 'model_type' },
        ]);
      }
    }
    try {
      if (metadata.type === 'body') {
        const broken = unpairedSurrogates(value);
        if (broken.length) throw new RequestValidationException(broken);
      }
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof RequestValidationException) throw error.at(locationOf(metadata.type));
      throw error;
    }
  }
}
