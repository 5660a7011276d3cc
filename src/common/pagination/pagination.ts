import { BadRequestException } from '@nestjs/common';
import type { Response } from 'express';

/** The page sizes list endpoints accept (spec/api.md §1): anything else is a 400. */
export const PAGE_SIZES = [1, 3, 5, 10, 15, 20, 25, 50, 100, 250, 1000] as const;
export const DEFAULT_PAGE_SIZE = 25;

export const PAGE_SIZE_ERROR = `page_size must be one of: ${PAGE_SIZES.join(', ')}`;

/** Which page a caller asked for, already checked. */
export interface PageRequest {
  /** 1-based */
  page: number;
  pageSize: number;
}

/** One page of a list and the size of the whole list. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** What both pagination styles tell the client about a page (envelope A fields, header values). */
export interface PageMeta {
  total: number;
  page: number;
  page_size: number;
  total_pages: number;
  has_next_page: boolean;
  has_prev_page: boolean;
}

/** Envelope A (dive sites, centers, dives): the items and the page facts in the body. */
export type PageEnvelope<T> = { items: T[] } & PageMeta;

/**
 * `page` and `page_size` of a query (the DTO has already made them integers, page ≥ 1: 422 otherwise);
 * a page size outside PAGE_SIZES is the contract's 400.
 */
export function toPageRequest(query: { page?: number; page_size?: number }): PageRequest {
  const page = query.page ?? 1;
  const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE;
  if (!(PAGE_SIZES as readonly number[]).includes(pageSize)) throw new BadRequestException(PAGE_SIZE_ERROR);
  return { page, pageSize };
}

/** Rows to skip for a page. */
export function offsetOf(request: PageRequest): number {
  return (request.page - 1) * request.pageSize;
}

export function pageMeta(page: Pick<Page<unknown>, 'total' | 'page' | 'pageSize'>): PageMeta {
  const totalPages = Math.ceil(page.total / page.pageSize);
  return {
    total: page.total,
    page: page.page,
    page_size: page.pageSize,
    total_pages: totalPages,
    has_next_page: page.page < totalPages,
    has_prev_page: page.page > 1,
  };
}

/** The same page with its items mapped (entity → response DTO). */
export function mapPage<T, R>(page: Page<T>, map: (item: T) => R): Page<R> {
  return { ...page, items: page.items.map(map) };
}

/** Envelope A: `{items, total, page, page_size, total_pages, has_next_page, has_prev_page}`. */
export function toPageEnvelope<T>(page: Page<T>): PageEnvelope<T> {
  return { items: page.items, ...pageMeta(page) };
}

/** The header style's headers (spec/api.md §1); CORS exposes them (app.setup.ts). */
export const PAGINATION_HEADERS = {
  total: 'X-Total-Count',
  totalPages: 'X-Total-Pages',
  page: 'X-Current-Page',
  pageSize: 'X-Page-Size',
  hasNext: 'X-Has-Next-Page',
  hasPrev: 'X-Has-Prev-Page',
} as const;

/** The header values of a page: numbers as decimal strings, flags as "true"/"false". */
export function paginationHeaders(
  page: Pick<Page<unknown>, 'total' | 'page' | 'pageSize'>,
): Record<string, string> {
  const meta = pageMeta(page);
  return {
    [PAGINATION_HEADERS.total]: String(meta.total),
    [PAGINATION_HEADERS.totalPages]: String(meta.total_pages),
    [PAGINATION_HEADERS.page]: String(meta.page),
    [PAGINATION_HEADERS.pageSize]: String(meta.page_size),
    [PAGINATION_HEADERS.hasNext]: String(meta.has_next_page),
    [PAGINATION_HEADERS.hasPrev]: String(meta.has_prev_page),
  };
}

/**
 * Header style (the admin user list): writes the X-* headers of `page` and returns its items, which
 * the handler answers as a bare JSON array.
 */
export function sendHeaderPage<T>(res: Pick<Response, 'setHeader'>, page: Page<T>): T[] {
  for (const [name, value] of Object.entries(paginationHeaders(page))) res.setHeader(name, value);
  return page.items;
}
