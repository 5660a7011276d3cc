/**
 * The scenarios `npm run bench` measures (issue 15): each is a list of request paths the load
 * rotates through (one statement list is captured per path), how to read the ids of the product's
 * answer, and how to find the "page statement" among the captured statements — the one whose
 * `id` column must list the same ids, in the same order, as the product's answer.
 */
import { HOTSPOT_COUNTRY, SITE_COASTS, type DataSet } from './data';
import { coastQueryPoints, pointAlong } from './nearby-data';

export const NEARBY_RADIUS_KM = 100;
export const NEARBY_LIMIT = 25;

export interface Scenario {
  name: string;
  paths: string[];
  /** Send the bench user's Bearer token. */
  auth?: boolean;
  /** Where the ids of the product's answer are: a bare array, the envelope's `items`, or none. */
  ids: 'array' | 'items' | 'none';
  /** The page statement: the first or last captured statement matching `sql` whose rows have `id`. */
  page?: { sql: RegExp; pick: 'first' | 'last' };
  /** Paths of the baseline's full-scan reference, one per path (nearby only). */
  fullScan?: string[];
  /** Also measure the unloaded single-client latency. */
  unloaded?: boolean;
}

/** A list's page statement: `LIMIT n OFFSET m` (a findOne's `LIMIT 1` is not one). */
const LIST_PAGE = { sql: /\bLIMIT\s+\d+\s+OFFSET\s+\d+/i, pick: 'first' as const };
/** Nearby: the last radius the expanding search tried is the one it answered with. */
const NEARBY_PAGE = { sql: /\bdistance_m\b/, pick: 'last' as const };

const pages = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

export function buildScenarios(data: DataSet): Scenario[] {
  const points = [...coastQueryPoints(1), { lat: -16.8, lng: 179.95 }, { lat: -16.8, lng: -179.95 }];
  const nearbyQuery = `radius_km=${NEARBY_RADIUS_KM}&limit=${NEARBY_LIMIT}`;
  // One live site per site coast, the one nearest the middle of the coast's shore line.
  const probes = SITE_COASTS.flatMap((coast, index) => {
    const mid = pointAlong(coast, 0.5);
    let best: { id: number; lat: number; lng: number } | undefined;
    let bestD = Infinity;
    for (const s of data.sites) {
      if (s.coast !== index || s.archived || s.lat === null || s.lng === null) continue;
      const d = (s.lat - mid.lat) ** 2 + (s.lng - mid.lng) ** 2;
      if (d < bestD) {
        bestD = d;
        best = { id: s.id, lat: s.lat, lng: s.lng };
      }
    }
    return best ? [best] : [];
  });
  const liveSites = data.sites.filter((s) => !s.archived).length;
  const deepPage = Math.max(2, Math.min(200, Math.floor(liveSites / 25) - 10));
  const tripRanges = [
    ['2024-03-01', '2024-05-31'],
    ['2025-06-01', '2025-08-31'],
    ['2025-10-01', '2025-12-31'],
    ['2026-04-01', '2026-06-30'],
  ];
  const sites = (q: string) => pages(1, 5).map((p) => `/api/v1/dive-sites/?${q}${q ? '&' : ''}page=${p}`);
  return [
    { name: 'liveness probe', paths: ['/health/live'], ids: 'none' },
    { name: 'health probe (database ping)', paths: ['/health'], ids: 'none' },
    { name: 'readiness probe', paths: ['/health/ready'], ids: 'none' },
    { name: 'root document', paths: ['/'], ids: 'none' },
    {
      name: `nearby centers (${NEARBY_RADIUS_KM} km, limit ${NEARBY_LIMIT})`,
      paths: points.map((p) => `/api/v1/diving-centers/nearby?lat=${p.lat}&lng=${p.lng}&${nearbyQuery}`),
      fullScan: points.map((p) => `/__fullscan/centers?lat=${p.lat}&lng=${p.lng}&${nearbyQuery}`),
      ids: 'array',
      page: NEARBY_PAGE,
    },
    {
      name: `nearby sites (${NEARBY_RADIUS_KM} km, limit ${NEARBY_LIMIT})`,
      paths: probes.map((s) => `/api/v1/dive-sites/${s.id}/nearby?limit=${NEARBY_LIMIT}`),
      fullScan: probes.map(
        (s) => `/__fullscan/sites?lat=${s.lat}&lng=${s.lng}&exclude=${s.id}&${nearbyQuery}`,
      ),
      ids: 'array',
      page: NEARBY_PAGE,
    },
    { name: 'sites list, page 1-5', paths: sites(''), ids: 'items', page: LIST_PAGE },
    {
      name: `sites list, country=${HOTSPOT_COUNTRY}`,
      paths: sites(`country=${HOTSPOT_COUNTRY}`),
      ids: 'items',
      page: LIST_PAGE,
    },
    {
      name: 'sites list, search=reef',
      paths: pages(1, 3).map((p) => `/api/v1/dive-sites/?search=reef&page=${p}`),
      ids: 'items',
      page: LIST_PAGE,
      unloaded: true,
    },
    {
      name: 'sites list, difficulty',
      paths: sites('difficulty_code=ADVANCED_OPEN_WATER'),
      ids: 'items',
      page: LIST_PAGE,
    },
    {
      name: 'sites list, sort_by=name desc',
      paths: sites('sort_by=name&sort_order=desc'),
      ids: 'items',
      page: LIST_PAGE,
    },
    {
      name: `sites list, deep page ${deepPage}`,
      paths: pages(deepPage, 5).map((p) => `/api/v1/dive-sites/?page=${p}`),
      ids: 'items',
      page: LIST_PAGE,
    },
    {
      name: 'centers list, page 1-5',
      paths: pages(1, 5).map((p) => `/api/v1/diving-centers/?page=${p}`),
      ids: 'items',
      page: LIST_PAGE,
    },
    {
      name: 'dives list, public',
      paths: pages(1, 5).map((p) => `/api/v1/dives/?page=${p}`),
      ids: 'items',
      page: LIST_PAGE,
    },
    {
      name: "dives list, one user's (auth)",
      paths: pages(1, 5).map((p) => `/api/v1/dives/?my_dives=true&page=${p}`),
      auth: true,
      ids: 'items',
      page: LIST_PAGE,
    },
    {
      name: 'trips by date range',
      paths: tripRanges.map(([from, to]) => `/api/v1/newsletters/trips?start_date=${from}&end_date=${to}`),
      ids: 'items',
      page: LIST_PAGE,
    },
  ];
}
