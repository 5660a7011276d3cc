import { EARTH_RADIUS_M, type LatLng } from '../../src/common/geo/geo';

/** A deterministic PRNG (mulberry32), so a failure reproduces. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rounded as DECIMAL(…, 8) stores it, so the database and the brute force see the same point. */
export const round8 = (n: number) => Math.round(n * 1e8) / 1e8;

/** The point at `distanceM` and `bearingDeg` from `from` (great circle), longitude in (-180, 180]. */
export function destination(from: LatLng, distanceM: number, bearingDeg: number): LatLng {
  const d = distanceM / EARTH_RADIUS_M;
  const b = (bearingDeg * Math.PI) / 180;
  const lat1 = (from.lat * Math.PI) / 180;
  const lng1 = (from.lng * Math.PI) / 180;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lng2 =
    lng1 +
    Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  let lng = round8((((lng2 * 180) / Math.PI + 540) % 360) - 180);
  if (lng <= -180) lng = 180;
  return { lat: round8(Math.min(90, Math.max(-90, (lat2 * 180) / Math.PI))), lng };
}
