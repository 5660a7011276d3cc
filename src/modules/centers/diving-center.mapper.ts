import type { DetailLevel } from './dto/list-diving-centers.query.dto';
import type { DivingCenterResponseDto } from './dto/diving-center.response.dto';
import type { DivingCenterRow } from './diving-centers.repository';

/** A DECIMAL or aggregate from mysql2 (string, number or null) as a number or null. */
export function decimal(value: string | number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Rounded to `digits` decimals. */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A row as the full response; `view_count` only for admins. */
export function toDivingCenterResponse(row: DivingCenterRow, isAdmin: boolean): DivingCenterResponseDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    address: row.address,
    email: row.email,
    phone: row.phone,
    website: row.website,
    latitude: decimal(row.latitude),
    longitude: decimal(row.longitude),
    country: row.country,
    region: row.region,
    city: row.city,
    created_at: row.created_at,
    updated_at: row.updated_at,
    average_rating: decimal(row.average_rating),
    total_ratings: Number(row.total_ratings),
    comment_count: Number(row.comment_count),
    ...(isAdmin ? { view_count: row.view_count } : {}),
  };
}

/**
 * A list item at a detail level (spec/api.md §7, as the original builds them): minimal = id, name and
 * coordinates; basic = + country, region, city and the rating; full = every field.
 */
export function toDivingCenterListItem(
  row: DivingCenterRow,
  level: DetailLevel,
  isAdmin: boolean,
): Partial<DivingCenterResponseDto> {
  const minimal = {
    id: row.id,
    name: row.name,
    latitude: decimal(row.latitude),
    longitude: decimal(row.longitude),
  };
  if (level === 'minimal') return minimal;
  if (level === 'basic') {
    return {
      ...minimal,
      country: row.country,
      region: row.region,
      city: row.city,
      average_rating: decimal(row.average_rating),
      total_ratings: Number(row.total_ratings),
    };
  }
  return toDivingCenterResponse(row, isAdmin);
}
