import { applyDecorators, type Type } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { PAGINATION_HEADERS } from './pagination';

/**
 * Bounded lists (issue 13: "every list paginated or bounded"). The contract answers these lists as a
 * bare JSON array, which existing clients keep reading; we add an optional `limit` (a default and a
 * maximum per list, out of range → 422 like every query DTO) and `offset`, order by a stable key, and
 * send the size of the whole list in `X-Total-Count` (a header the contract's CORS configuration
 * already exposes: spec/api.md §1). Naturally small lists are capped in SQL instead (see their
 * comments).
 */

/** Which slice of a list a caller asked for, already validated by the query DTO. */
export interface ListWindow {
  limit: number;
  offset: number;
}

/** One slice of a list and the size of the whole list. */
export interface BoundedList<T> {
  items: T[];
  total: number;
}

/** The window of a `{limit?, offset?}` query, `defaultLimit` when the caller gave none. */
export function windowOf(query: { limit?: number; offset?: number }, defaultLimit: number): ListWindow {
  return { limit: query.limit ?? defaultLimit, offset: query.offset ?? 0 };
}

/** A window of a list already in memory. */
export function sliceWindow<T>(items: T[], window: ListWindow): BoundedList<T> {
  return { items: items.slice(window.offset, window.offset + window.limit), total: items.length };
}

/** The same slice with its items mapped. */
export function mapBounded<T, R>(list: BoundedList<T>, map: (item: T) => R): BoundedList<R> {
  return { items: list.items.map(map), total: list.total };
}

/** Writes `X-Total-Count` and returns the items, which the handler answers as a bare array. */
export function sendTotalCount<T>(res: Pick<Response, 'setHeader'>, list: BoundedList<T>): T[] {
  res.setHeader(PAGINATION_HEADERS.total, String(list.total));
  return list.items;
}

/** Documents a bounded list: a bare array of `type` and its `X-Total-Count` header. */
export const ApiBoundedListResponse = (type: Type<unknown>) =>
  applyDecorators(
    ApiOkResponse({
      type,
      isArray: true,
      headers: {
        [PAGINATION_HEADERS.total]: {
          description: 'Items in the whole list (the body holds at most `limit` of them, from `offset`)',
          schema: { type: 'integer' },
        },
      },
    }),
  );
