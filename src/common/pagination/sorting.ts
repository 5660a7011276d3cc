import { BadRequestException, ForbiddenException } from '@nestjs/common';

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const SORT_ORDER_ERROR = "sort_order must be 'asc' or 'desc'";

export function sortByError(allowed: readonly string[]): string {
  return `Invalid sort_by field. Must be one of: ${allowed.join(', ')}`;
}

/** A checked sort: a field from the endpoint's list and the SQL direction. */
export interface Sort<F extends string> {
  field: F;
  order: 'ASC' | 'DESC';
}

export interface SortOptions<F extends string> {
  /** The fields the endpoint sorts by (the error message lists them in this order). */
  allowed: readonly F[];
  /** Used when `sort_by` is absent. */
  defaultField: F;
  defaultOrder?: SortOrder;
  /** Fields only admins may sort by (403 "Sorting by <field> is only available for admin users"). */
  adminOnly?: readonly F[];
  /** Whether the caller is an admin (needed with `adminOnly`). */
  isAdmin?: boolean;
}

/**
 * `sort_by` / `sort_order` of a list query (spec/api.md §1 "Sorting"): an unknown field → 400
 * "Invalid sort_by field. Must be one of: …", an order other than asc/desc → 400 (checked whether
 * or not `sort_by` is given: a typo never passes silently). Empty values count as absent.
 */
export function resolveSort<F extends string>(
  query: { sort_by?: string; sort_order?: string },
  options: SortOptions<F>,
): Sort<F> {
  const sortBy = query.sort_by || undefined;
  const sortOrder = query.sort_order || undefined;
  if (sortBy !== undefined && !(options.allowed as readonly string[]).includes(sortBy)) {
    throw new BadRequestException(sortByError(options.allowed));
  }
  if (sortOrder !== undefined && !(SORT_ORDERS as readonly string[]).includes(sortOrder)) {
    throw new BadRequestException(SORT_ORDER_ERROR);
  }
  const field = (sortBy as F | undefined) ?? options.defaultField;
  if (sortBy !== undefined && options.adminOnly?.includes(field) && !options.isAdmin) {
    throw new ForbiddenException(`Sorting by ${field} is only available for admin users`);
  }
  const order = (sortOrder as SortOrder | undefined) ?? options.defaultOrder ?? 'asc';
  return { field, order: order === 'desc' ? 'DESC' : 'ASC' };
}
