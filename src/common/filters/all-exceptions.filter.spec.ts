import {
  BadRequestException,
  ConflictException,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { EntityNotFoundError, QueryFailedError } from 'typeorm';
import { PoolAcquireTimeoutError } from '../../database/errors';
import { RetryLaterException } from '../http/retry-later';
import { AllExceptionsFilter } from './all-exceptions.filter';

const driverError = (code: string) =>
  new QueryFailedError('INSERT …', [], Object.assign(new Error(code), { code }));

describe('AllExceptionsFilter.render', () => {
  const filter = new AllExceptionsFilter();

  it('renders HttpExceptions with statusCode, message and detail', () => {
    expect(filter.render(new NotFoundException('Dive site not found')).body).toEqual({
      statusCode: 404,
      message: 'Dive site not found',
      detail: 'Dive site not found',
    });
  });

  it('keeps a detail object given by the thrower (the dive-site 409)', () => {
    const detail = { message: 'Dive site is too close to existing ones.', nearby_sites: [{ id: 1 }] };
    const { status, body } = filter.render(new ConflictException({ message: detail.message, detail }));
    expect(status).toBe(409);
    expect(body.detail).toEqual(detail);
  });

  it('adds WWW-Authenticate: Bearer to 401s', () => {
    const { status, headers, body } = filter.render(new UnauthorizedException('Not authenticated'));
    expect(status).toBe(401);
    expect(headers['WWW-Authenticate']).toBe('Bearer');
    expect(body.detail).toBe('Not authenticated');
  });

  it.each([
    ['ER_DUP_ENTRY', 400],
    ['ER_NO_REFERENCED_ROW_2', 400],
    ['ER_ROW_IS_REFERENCED_2', 409],
    ['ER_CHECK_CONSTRAINT_VIOLATED', 422],
    ['ER_CONSTRAINT_FAILED', 422],
    ['ER_DATA_TOO_LONG', 422],
    ['ER_BAD_NULL_ERROR', 422],
  ])('maps the driver error %s to %i, never 500', (code, status) => {
    expect(filter.render(driverError(code)).status).toBe(status);
  });

  it.each([
    ['ER_LOCK_WAIT_TIMEOUT'],
    ['ER_CON_COUNT_ERROR'],
    ['PROTOCOL_CONNECTION_LOST'],
    ['PROTOCOL_SEQUENCE_TIMEOUT'],
    ['ER_STATEMENT_TIMEOUT'],
  ])('answers the unavailable-database error %s with the 503 contract and Retry-After', (code) => {
    const { status, body, headers } = filter.render(driverError(code));
    expect(status).toBe(503);
    expect(body).toEqual({
      statusCode: 503,
      message: 'Database unavailable',
      detail: 'Database unavailable',
      error: 'database_unavailable',
    });
    expect(headers['Retry-After']).toBe('2');
  });

  it('answers a refused connection, a pool timeout and a closed pool with 503', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
      fatal: true,
    });
    expect(filter.render(refused).status).toBe(503);
    expect(filter.render(new PoolAcquireTimeoutError(2000)).status).toBe(503);
    expect(filter.render(new Error('Pool is closed.')).status).toBe(503);
  });

  it('answers a row that vanished under a read-back (findOneOrFail after a concurrent delete) with 404', () => {
    const { status, body } = filter.render(new EntityNotFoundError('Tag', { id: 1 }));
    expect(status).toBe(404);
    expect(body.detail).toMatch(/no longer exists/);
  });

  it('sends Retry-After with a RetryLaterException (a busy resource)', () => {
    const { status, headers } = filter.render(
      new RetryLaterException({ message: 'busy', detail: 'busy' }, 2),
    );
    expect(status).toBe(503);
    expect(headers['Retry-After']).toBe('2');
  });

  it('answers a deadlock that survived its retry with 409 concurrent_update', () => {
    const { status, body } = filter.render(driverError('ER_LOCK_DEADLOCK'));
    expect(status).toBe(409);
    expect(body.error).toBe('concurrent_update');
  });

  it('hides unknown errors behind a generic 500', () => {
    const { status, body } = filter.render(new Error('secret stack detail'));
    expect(status).toBe(500);
    expect(body).toEqual({
      statusCode: 500,
      message: 'Internal server error',
      detail: 'Internal server error',
    });
    expect(
      filter.render(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).status,
    ).toBe(500); // a network error that is not mysql2's (Redis, an HTTP client) is not "the database"
  });

  it('drops Nest’s string error label but keeps structured extras', () => {
    expect(filter.render(new BadRequestException('Too many tag filters')).body).toEqual({
      statusCode: 400,
      message: 'Too many tag filters',
      detail: 'Too many tag filters',
    });
  });
});
