/**
 * Envelope B (parsed dive trips; spec/api.md §1): `{items, total, page, size, pages}` — `page` is
 * 1-based, `size` the page size asked for (any positive integer, no whitelist), `pages` =
 * ceil(total / size).
 */
export interface EnvelopeB<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
  pages: number;
}

export function toEnvelopeB<T>(items: T[], total: number, page: number, size: number): EnvelopeB<T> {
  return { items, total, page, size, pages: size > 0 ? Math.ceil(total / size) : 0 };
}
