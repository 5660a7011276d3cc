import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { containsPattern, escapeLike } from './like';
import {
  mapPage,
  offsetOf,
  PAGE_SIZE_ERROR,
  PAGE_SIZES,
  pageMeta,
  paginationHeaders,
  sendHeaderPage,
  toPageEnvelope,
  toPageRequest,
} from './pagination';
import { resolveSort, SORT_ORDER_ERROR, sortByError } from './sorting';

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).message;
  }
  throw new Error('expected a 400');
}

describe('toPageRequest', () => {
  it('defaults to page 1 of 25', () => {
    expect(toPageRequest({})).toEqual({ page: 1, pageSize: 25 });
  });

  it.each([...PAGE_SIZES])('accepts page_size %p', (size) => {
    expect(toPageRequest({ page: 3, page_size: size })).toEqual({ page: 3, pageSize: size });
  });

  it.each([0, 2, 24, 26, 999, 1001, -5])('refuses page_size %p with the contract’s 400', (size) => {
    expect(badRequest(() => toPageRequest({ page_size: size }))).toBe(PAGE_SIZE_ERROR);
  });

  it('lists the sizes in the message', () => {
    expect(PAGE_SIZE_ERROR).toBe('page_size must be one of: 1, 3, 5, 10, 15, 20, 25, 50, 100, 250, 1000');
  });

  it('offsets by whole pages', () => {
    expect(offsetOf({ page: 1, pageSize: 10 })).toBe(0);
    expect(offsetOf({ page: 3, pageSize: 10 })).toBe(20);
  });
});

describe('pageMeta and the header style', () => {
  it.each([
    [0, 1, 25, 0, false, false],
    [1, 1, 25, 1, false, false],
    [25, 1, 25, 1, false, false],
    [26, 1, 25, 2, true, false],
    [23, 3, 10, 3, false, true],
    [23, 2, 10, 3, true, true],
    [23, 7, 10, 3, false, true],
  ])('total %p, page %p of %p: %p pages, next %p, prev %p', (total, page, pageSize, pages, next, prev) => {
    expect(pageMeta({ total, page, pageSize })).toEqual({
      total,
      page,
      page_size: pageSize,
      total_pages: pages,
      has_next_page: next,
      has_prev_page: prev,
    });
  });

  it('writes the X-* headers as strings and returns the bare items', () => {
    const headers: Record<string, string> = {};
    const res = { setHeader: (name: string, value: string) => (headers[name] = value) };
    const items = sendHeaderPage(res as never, { items: ['a', 'b', 'c'], total: 23, page: 3, pageSize: 10 });
    expect(items).toEqual(['a', 'b', 'c']);
    expect(headers).toEqual({
      'X-Total-Count': '23',
      'X-Total-Pages': '3',
      'X-Current-Page': '3',
      'X-Page-Size': '10',
      'X-Has-Next-Page': 'false',
      'X-Has-Prev-Page': 'true',
    });
    expect(paginationHeaders({ total: 0, page: 1, pageSize: 25 })['X-Total-Pages']).toBe('0');
  });

  it('maps a page and renders envelope A', () => {
    const page = mapPage({ items: [1, 2], total: 2, page: 1, pageSize: 25 }, (n) => n * 10);
    expect(toPageEnvelope(page)).toEqual({
      items: [10, 20],
      total: 2,
      page: 1,
      page_size: 25,
      total_pages: 1,
      has_next_page: false,
      has_prev_page: false,
    });
  });
});

describe('resolveSort', () => {
  const allowed = ['id', 'username', 'created_at'] as const;

  it('defaults to the default field, ascending', () => {
    expect(resolveSort({}, { allowed, defaultField: 'id' })).toEqual({ field: 'id', order: 'ASC' });
    expect(resolveSort({ sort_by: '', sort_order: '' }, { allowed, defaultField: 'id' })).toEqual({
      field: 'id',
      order: 'ASC',
    });
    expect(resolveSort({}, { allowed, defaultField: 'created_at', defaultOrder: 'desc' })).toEqual({
      field: 'created_at',
      order: 'DESC',
    });
  });

  it('takes an allowed field and order', () => {
    expect(resolveSort({ sort_by: 'username', sort_order: 'desc' }, { allowed, defaultField: 'id' })).toEqual(
      {
        field: 'username',
        order: 'DESC',
      },
    );
    expect(resolveSort({ sort_order: 'desc' }, { allowed, defaultField: 'id' })).toEqual({
      field: 'id',
      order: 'DESC',
    });
  });

  it('refuses an unknown field or order with the contract’s 400 messages', () => {
    expect(badRequest(() => resolveSort({ sort_by: 'password_hash' }, { allowed, defaultField: 'id' }))).toBe(
      'Invalid sort_by field. Must be one of: id, username, created_at',
    );
    expect(sortByError(allowed)).toBe('Invalid sort_by field. Must be one of: id, username, created_at');
    expect(
      badRequest(() => resolveSort({ sort_by: 'id', sort_order: 'DESC' }, { allowed, defaultField: 'id' })),
    ).toBe(SORT_ORDER_ERROR);
    expect(badRequest(() => resolveSort({ sort_order: 'up' }, { allowed, defaultField: 'id' }))).toBe(
      "sort_order must be 'asc' or 'desc'",
    );
  });

  it('keeps admin-only fields for admins (403 for others)', () => {
    const options = { allowed, defaultField: 'id' as const, adminOnly: ['created_at'] as const };
    expect(() => resolveSort({ sort_by: 'created_at' }, options)).toThrow(ForbiddenException);
    expect(() => resolveSort({ sort_by: 'created_at' }, options)).toThrow(
      'Sorting by created_at is only available for admin users',
    );
    expect(resolveSort({ sort_by: 'created_at' }, { ...options, isAdmin: true }).field).toBe('created_at');
  });
});

describe('LIKE patterns', () => {
  it('escape the wildcards and the escape character', () => {
    expect(escapeLike('50%_off!')).toBe('50!%!_off!!');
    expect(containsPattern('reef_')).toBe('%reef!_%');
    expect(containsPattern('plain')).toBe('%plain%');
  });
});
