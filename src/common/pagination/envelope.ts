import { pageMeta, type Page, type PageEnvelope } from './pagination';

/** `T` as JSON shows it once null fields are left out (they become optional). */
export type WithoutNulls<T> = T extends Date
  ? T
  : T extends Array<infer U>
    ? Array<WithoutNulls<U>>
    : T extends object
      ? { [K in keyof T as null extends T[K] ? never : K]: WithoutNulls<T[K]> } & {
          [K in keyof T as null extends T[K] ? K : never]?: WithoutNulls<Exclude<T[K], null>>;
        }
      : T;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` without the fields whose value is null or undefined, at every depth of plain
 * objects and arrays (FastAPI's `response_model_exclude_none`, which envelope A items follow: D22).
 * Dates and other class instances are kept as they are.
 */
export function omitNullFields<T>(value: T): WithoutNulls<T> {
  if (Array.isArray(value)) return value.map((v) => omitNullFields(v as unknown)) as WithoutNulls<T>;
  if (!isPlainObject(value)) return value as WithoutNulls<T>;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== null && v !== undefined) out[key] = omitNullFields(v);
  }
  return out as WithoutNulls<T>;
}

/**
 * Envelope A (dive sites, centers, dives; spec/api.md §1): `{items, total, page, page_size,
 * total_pages, has_next_page, has_prev_page}` with the items' null fields left out (D22).
 */
export function toPageEnvelopeWithoutNulls<T>(page: Page<T>): PageEnvelope<WithoutNulls<T>> {
  return { items: page.items.map((item) => omitNullFields(item)), ...pageMeta(page) };
}
