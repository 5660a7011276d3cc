import { boundingBoxes, type LatLng } from './geo';

/**
 * A coarse, fixed partition of the globe into cells of about 111 × 111 km or more, used to serialise
 * work per area (the dive-site creation lock, see DiveSiteWritesService.create) instead of globally.
 *
 * - Latitude bands of 1°: band `b` holds latitudes [b, b + 1), b in -90 … 89 (latitude 90 is in 89).
 * - Band `b` is cut into `cellsInBand(b)` equal longitude cells, floor(360 · cos φ) of them where φ is
 *   the band's poleward edge, so a cell is at least 1° of longitude at the equator and widens toward
 *   the poles: at every latitude of the band a cell spans ≥ 360/n · cos φ ≥ 1° of great circle
 *   (~111 km). The bands touching a pole (89 and -90) are one cell each: the polar cells.
 * - Longitudes wrap: -180 and 180 are the same meridian; a disc crossing it takes cells on both ends.
 *
 * cellsWithin(center, r) lists every cell a point within r of center can lie in, from the exact
 * bounding boxes of the disc (boundingBoxes: split at ±180, every longitude when a pole is inside).
 * So for two points p, q at most r apart, cellOf(q) is one of cellsWithin(p, r): two creators whose
 * 50 km discs can see each other's new site always share at least one cell, and creators whose cell
 * sets are disjoint cannot affect each other's proximity check.
 */

export interface GeoCell {
  /** floor(latitude), -90 … 89. */
  band: number;
  /** 0 … cellsInBand(band) - 1, counted eastward from -180. */
  index: number;
}

export const MIN_BAND = -90;
export const MAX_BAND = 89;
const RAD = Math.PI / 180;

/** The band of a latitude (clamped to the globe). */
export function bandOf(lat: number): number {
  return Math.min(MAX_BAND, Math.max(MIN_BAND, Math.floor(lat)));
}

/** How many longitude cells band `band` has (1 for the polar bands). */
export function cellsInBand(band: number): number {
  const polewardEdge = Math.max(Math.abs(band), Math.abs(band + 1));
  // cos(90°) is 6e-17, not 0: the floor makes it 0 and the max 1.
  return Math.max(1, Math.floor(360 * Math.cos(polewardEdge * RAD) + 1e-9));
}

/** The longitude cell of `lng` in band `band` (180 is the last cell, -180 the first). */
function indexIn(band: number, lng: number): number {
  const n = cellsInBand(band);
  const i = Math.floor(((lng + 180) * n) / 360);
  return Math.min(n - 1, Math.max(0, i));
}

/** The cell a point lies in. */
export function cellOf(p: LatLng): GeoCell {
  const band = bandOf(p.lat);
  return { band, index: indexIn(band, p.lng) };
}

/** Orders cells by band, then index: the fixed order in which locks on them are taken. */
export function compareCells(a: GeoCell, b: GeoCell): number {
  return a.band - b.band || a.index - b.index;
}

/**
 * Every cell a point within `radiusM` of `center` can lie in, without duplicates, in compareCells
 * order. A few (1 … 4 at most latitudes: a 50 km disc is narrower than a cell) up to a handful near the
 * poles, where a disc's bounding box spans many degrees of longitude.
 */
export function cellsWithin(center: LatLng, radiusM: number): GeoCell[] {
  const seen = new Map<string, GeoCell>();
  for (const box of boundingBoxes(center, radiusM)) {
    for (let band = bandOf(box.minLat); band <= bandOf(box.maxLat); band++) {
      const last = indexIn(band, box.maxLng);
      for (let index = indexIn(band, box.minLng); index <= last; index++) {
        seen.set(`${band}:${index}`, { band, index });
      }
    }
  }
  return [...seen.values()].sort(compareCells);
}
