import { BadRequestException } from '@nestjs/common';
import { RequestValidationException } from '../pipes/api-validation.pipe';

/** A list's box filter: a latitude range and one or two longitude ranges (two across ±180). */
export interface LatLngRanges {
  south: number;
  north: number;
  lngRanges: Array<[number, number]>;
}

/** The four bbox query parameters of the list endpoints (validated by their DTOs). */
export interface BoundingBoxQuery {
  north?: number;
  south?: number;
  east?: number;
  west?: number;
}

export const NORTH_SOUTH_ERROR = 'North must be greater than south';

/** Dive-site boxes (and dives, filtered by their site) are widened 5 % on each side (spec/api.md §6). */
export const SITE_BBOX_MARGIN = 0.05;

/**
 * The ranges of a box, widened by `margin` (a fraction of its size) on each side. `west > east`
 * means the box crosses ±180 (D22): two longitude ranges. Longitude -180 is stored as 180 (the same
 * meridian), so a range starting at -180 also takes 180.
 */
export function bboxRanges(
  north: number,
  south: number,
  east: number,
  west: number,
  margin = 0,
): LatLngRanges {
  const latPad = (north - south) * margin;
  const lat = { south: Math.max(-90, south - latPad), north: Math.min(90, north + latPad) };
  const crosses = west > east;
  const span = crosses ? east + 360 - west : east - west;
  const lngPad = span * margin;
  if (span + 2 * lngPad >= 360) return { ...lat, lngRanges: [[-180, 180]] };
  const w = west - lngPad;
  const e = east + lngPad;
  let ranges: Array<[number, number]>;
  if (crosses)
    ranges = [
      [w, 180],
      [-180, e],
    ];
  else if (w < -180)
    ranges = [
      [w + 360, 180],
      [-180, e],
    ];
  else if (e > 180)
    ranges = [
      [w, 180],
      [-180, e - 360],
    ];
  else ranges = [[w, e]];
  if (ranges.some(([from, to]) => from === -180 && to < 180) && !ranges.some(([, to]) => to === 180)) {
    ranges.push([180, 180]);
  }
  return { ...lat, lngRanges: ranges };
}

/**
 * The box of a list query: none when no bbox parameter is given; 422 naming the missing ones when
 * only some are; 400 when north ≤ south (the contract's check).
 */
export function resolveBoundingBox(query: BoundingBoxQuery, margin = 0): LatLngRanges | undefined {
  const box = { north: query.north, south: query.south, east: query.east, west: query.west };
  const missing = Object.entries(box).filter(([, v]) => v === undefined);
  if (missing.length === 4) return undefined;
  if (missing.length > 0) {
    throw new RequestValidationException(
      missing.map(([k]) => ({
        loc: ['query', k],
        msg: 'A bounding box needs north, south, east and west',
        type: 'missing',
      })),
    );
  }
  const { north, south, east, west } = box as Required<BoundingBoxQuery>;
  if (north <= south) throw new BadRequestException(NORTH_SOUTH_ERROR);
  return bboxRanges(north, south, east, west, margin);
}
