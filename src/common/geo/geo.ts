import { EARTH_RADIUS_M } from '../../database/spatial';

export { EARTH_RADIUS_M };

export interface LatLng {
  lat: number;
  lng: number;
}

/** A latitude/longitude rectangle; never crosses ±180 (a crossing circle gets two boxes). */
export interface Box {
  minLat: number;
  maxLat: number;
  minLng: number;
  maxLng: number;
}

const RAD = Math.PI / 180;

/** Great-circle distance in metres (haversine) on the sphere ST_Distance_Sphere is given. */
export function haversineMeters(a: LatLng, b: LatLng, radiusM = EARTH_RADIUS_M): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLng = (b.lng - a.lng) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * radiusM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The boxes that together contain every point within `radiusM` of `center` (spec/spatial-notes.md
 * §4.1, after J. P. Matuschek): the exact longitude half-width asin(sin r / cos lat) — not r / cos lat,
 * which misses rows at high latitudes; a pole inside the circle takes every longitude; a circle that
 * crosses ±180 is split into two boxes (to be queried with UNION ALL: OR loses the spatial index).
 */
export function boundingBoxes(center: LatLng, radiusM: number, sphereRadiusM = EARTH_RADIUS_M): Box[] {
  const r = radiusM / sphereRadiusM;
  const deg = 1 / RAD;
  const minLat = center.lat - r * deg;
  const maxLat = center.lat + r * deg;
  if (minLat <= -90 || maxLat >= 90 || r >= Math.PI / 2) {
    return [{ minLat: Math.max(minLat, -90), maxLat: Math.min(maxLat, 90), minLng: -180, maxLng: 180 }];
  }
  const dLng = Math.asin(Math.min(1, Math.sin(r) / Math.cos(center.lat * RAD))) * deg;
  const minLng = center.lng - dLng;
  const maxLng = center.lng + dLng;
  if (minLng < -180) {
    return [
      { minLat, maxLat, minLng: minLng + 360, maxLng: 180 },
      { minLat, maxLat, minLng: -180, maxLng },
    ];
  }
  if (maxLng > 180) {
    return [
      { minLat, maxLat, minLng, maxLng: 180 },
      { minLat, maxLat, minLng: -180, maxLng: maxLng - 360 },
    ];
  }
  return [{ minLat, maxLat, minLng, maxLng }];
}

/** Whether `p` lies in `box`, edges included (as MBRIntersects treats them). */
export function boxContains(box: Box, p: LatLng): boolean {
  return p.lat >= box.minLat && p.lat <= box.maxLat && p.lng >= box.minLng && p.lng <= box.maxLng;
}

/** WKT of a box, longitude first (read with spatialSql(flavour).fromLngLatWkt). */
export function boxToWkt(b: Box): string {
  const f = (n: number) => Number(n.toFixed(10)).toString();
  const [x1, y1, x2, y2] = [f(b.minLng), f(b.minLat), f(b.maxLng), f(b.maxLat)];
  return `POLYGON((${x1} ${y1},${x2} ${y1},${x2} ${y2},${x1} ${y2},${x1} ${y1}))`;
}
