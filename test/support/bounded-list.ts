import request from 'supertest';
import type { App } from 'supertest/types';
import { bearer } from './factories';

export interface BoundedListCase {
  http: App;
  /** The list's path (may carry its own query string) */
  path: string;
  token?: string;
  /** How many items the list holds (more than defaultLimit, at most maxLimit) */
  total: number;
  defaultLimit: number;
  maxLimit: number;
  /** What identifies an item (default: its id) */
  key?: (item: Record<string, unknown>) => unknown;
}

/**
 * The checks every bounded list passes (issue 13): a bare array of at most `defaultLimit` items with
 * the whole list's size in X-Total-Count; `limit`/`offset` windows that tile the full list in its
 * stable order; `limit` above the maximum, below 1, or a negative `offset` → 422 naming the parameter.
 * Returns the full list (one page of maxLimit).
 */
export async function expectBoundedList(c: BoundedListCase): Promise<Array<Record<string, unknown>>> {
  const key = c.key ?? ((item: Record<string, unknown>) => item.id);
  const sep = c.path.includes('?') ? '&' : '?';
  const get = (query: string) => {
    const req = request(c.http).get(`${c.path}${query ? sep + query : ''}`);
    return c.token ? req.set(bearer(c.token)) : req;
  };

  const first = await get('').expect(200);
  expect(Array.isArray(first.body)).toBe(true);
  expect(first.body).toHaveLength(c.defaultLimit);
  expect(first.headers['x-total-count']).toBe(String(c.total));

  const all = (await get(`limit=${c.maxLimit}`).expect(200)).body as Array<Record<string, unknown>>;
  expect(all).toHaveLength(c.total);
  expect(all.slice(0, c.defaultLimit).map(key)).toEqual((first.body as typeof all).map(key));
  expect(new Set(all.map(key)).size).toBe(c.total);

  // Windows of 7 tile the list in the same order, without gaps or repeats.
  const tiled: unknown[] = [];
  for (let offset = 0; offset < c.total; offset += 7) {
    const page = await get(`limit=7&offset=${offset}`).expect(200);
    expect(page.headers['x-total-count']).toBe(String(c.total));
    tiled.push(...(page.body as typeof all).map(key));
  }
  expect(tiled).toEqual(all.map(key));

  const past = await get(`offset=${c.total}`).expect(200);
  expect(past.body).toEqual([]);
  expect(past.headers['x-total-count']).toBe(String(c.total));

  for (const [query, field] of [
    [`limit=${c.maxLimit + 1}`, 'limit'],
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['offset=-1', 'offset'],
  ] as const) {
    const res = await get(query).expect(422);
    expect(res.body.detail).toEqual(
      expect.arrayContaining([expect.objectContaining({ loc: ['query', field] })]),
    );
  }
  return all;
}
