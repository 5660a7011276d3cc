/**
 * The nearby benchmark's data (spec/spatial-notes.md §8): 200,000 diving centers, ≈80 % along diving
 * coasts, ≈15 % uniform on the sphere, 5 % without coordinates. Deterministic (a seeded PRNG), so
 * every run measures the same rows.
 */

/** A deterministic PRNG (mulberry32). */
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

/** A standard normal deviate (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A diving coast: a polyline of [lat, lng] vertices (longitudes may jump across ±180). */
export interface Coast {
  name: string;
  country: string;
  region: string;
  path: Array<[number, number]>;
}

/** 40 diving coasts: Red Sea, Mediterranean, Caribbean, South-East Asia, Australia and Fiji across ±180. */
export const COASTS: Coast[] = [
  // Red Sea
  {
    name: 'Sinai',
    country: 'Egypt',
    region: 'South Sinai',
    path: [
      [29.5, 34.9],
      [28.5, 34.5],
      [27.85, 34.3],
      [27.73, 34.25],
    ],
  },
  {
    name: 'Hurghada',
    country: 'Egypt',
    region: 'Red Sea',
    path: [
      [27.6, 33.6],
      [27.2, 33.85],
      [26.7, 34.0],
    ],
  },
  {
    name: 'Marsa Alam',
    country: 'Egypt',
    region: 'Red Sea',
    path: [
      [26.1, 34.3],
      [25.07, 34.9],
      [24.3, 35.3],
      [23.9, 35.5],
    ],
  },
  {
    name: 'Port Sudan',
    country: 'Sudan',
    region: 'Red Sea',
    path: [
      [20.3, 37.2],
      [19.6, 37.25],
      [19.0, 37.4],
    ],
  },
  {
    name: 'Jeddah',
    country: 'Saudi Arabia',
    region: 'Makkah',
    path: [
      [22.2, 38.95],
      [21.5, 39.1],
      [20.8, 39.4],
    ],
  },
  {
    name: 'Aqaba',
    country: 'Jordan',
    region: 'Aqaba',
    path: [
      [29.55, 34.98],
      [29.4, 34.97],
    ],
  },
  // Mediterranean
  {
    name: 'Attica',
    country: 'Greece',
    region: 'Attica',
    path: [
      [38.0, 23.6],
      [37.75, 23.9],
      [37.65, 24.05],
    ],
  },
  {
    name: 'Cyclades',
    country: 'Greece',
    region: 'South Aegean',
    path: [
      [37.45, 24.9],
      [37.1, 25.4],
      [36.4, 25.45],
    ],
  },
  {
    name: 'Crete',
    country: 'Greece',
    region: 'Crete',
    path: [
      [35.5, 23.6],
      [35.35, 24.5],
      [35.33, 25.14],
      [35.2, 26.1],
    ],
  },
  {
    name: 'Kas',
    country: 'Turkey',
    region: 'Antalya',
    path: [
      [36.2, 29.4],
      [36.2, 29.64],
      [36.5, 30.55],
    ],
  },
  {
    name: 'Cyprus',
    country: 'Cyprus',
    region: 'Larnaca',
    path: [
      [34.7, 32.4],
      [34.67, 33.04],
      [34.92, 33.63],
      [34.98, 34.07],
    ],
  },
  {
    name: 'Malta',
    country: 'Malta',
    region: 'Malta',
    path: [
      [36.05, 14.2],
      [35.9, 14.5],
      [35.83, 14.55],
    ],
  },
  {
    name: 'Croatia',
    country: 'Croatia',
    region: 'Dalmatia',
    path: [
      [45.1, 13.6],
      [44.1, 15.2],
      [43.5, 16.4],
      [42.65, 18.1],
    ],
  },
  {
    name: 'Sardinia',
    country: 'Italy',
    region: 'Sardinia',
    path: [
      [41.2, 9.4],
      [40.6, 9.75],
      [39.2, 9.6],
    ],
  },
  {
    name: 'Amalfi',
    country: 'Italy',
    region: 'Campania',
    path: [
      [40.85, 14.1],
      [40.63, 14.6],
      [40.55, 14.25],
    ],
  },
  {
    name: 'Riviera',
    country: 'France',
    region: 'Provence',
    path: [
      [43.2, 5.35],
      [43.1, 6.0],
      [43.5, 7.0],
      [43.7, 7.35],
    ],
  },
  {
    name: 'Costa Brava',
    country: 'Spain',
    region: 'Catalonia',
    path: [
      [42.3, 3.3],
      [41.95, 3.2],
      [41.67, 2.8],
    ],
  },
  {
    name: 'Mallorca',
    country: 'Spain',
    region: 'Balearic Islands',
    path: [
      [39.9, 3.1],
      [39.55, 2.6],
      [39.35, 3.0],
      [39.7, 3.45],
    ],
  },
  // Caribbean
  {
    name: 'Cozumel',
    country: 'Mexico',
    region: 'Quintana Roo',
    path: [
      [21.2, -86.8],
      [20.5, -86.95],
      [20.2, -87.45],
      [19.6, -87.45],
    ],
  },
  {
    name: 'Belize',
    country: 'Belize',
    region: 'Belize',
    path: [
      [18.2, -87.85],
      [17.5, -87.85],
      [16.8, -88.1],
    ],
  },
  {
    name: 'Roatan',
    country: 'Honduras',
    region: 'Bay Islands',
    path: [
      [16.45, -86.2],
      [16.3, -86.55],
      [16.1, -86.95],
    ],
  },
  {
    name: 'Cayman',
    country: 'Cayman Islands',
    region: 'Grand Cayman',
    path: [
      [19.35, -81.4],
      [19.3, -81.1],
      [19.7, -79.8],
    ],
  },
  {
    name: 'Jamaica',
    country: 'Jamaica',
    region: 'North Coast',
    path: [
      [18.45, -78.3],
      [18.5, -77.6],
      [18.4, -76.9],
    ],
  },
  {
    name: 'ABC Islands',
    country: 'Netherlands',
    region: 'Caribbean Netherlands',
    path: [
      [12.55, -70.05],
      [12.2, -69.05],
      [12.15, -68.28],
    ],
  },
  {
    name: 'Bahamas',
    country: 'Bahamas',
    region: 'New Providence',
    path: [
      [26.6, -78.7],
      [25.05, -77.4],
      [24.2, -76.4],
    ],
  },
  {
    name: 'Florida Keys',
    country: 'United States',
    region: 'Florida',
    path: [
      [25.6, -80.15],
      [25.1, -80.4],
      [24.7, -81.1],
      [24.55, -81.8],
    ],
  },
  {
    name: 'Virgin Islands',
    country: 'British Virgin Islands',
    region: 'Tortola',
    path: [
      [18.35, -64.95],
      [18.43, -64.6],
      [18.5, -64.3],
    ],
  },
  // South-East Asia
  {
    name: 'Bali',
    country: 'Indonesia',
    region: 'Bali',
    path: [
      [-8.1, 114.6],
      [-8.7, 115.2],
      [-8.35, 115.7],
    ],
  },
  {
    name: 'Komodo',
    country: 'Indonesia',
    region: 'East Nusa Tenggara',
    path: [
      [-8.45, 119.4],
      [-8.6, 119.5],
      [-8.8, 119.65],
    ],
  },
  {
    name: 'Raja Ampat',
    country: 'Indonesia',
    region: 'West Papua',
    path: [
      [-0.2, 130.3],
      [-0.5, 130.6],
      [-1.9, 130.1],
    ],
  },
  {
    name: 'Lembeh',
    country: 'Indonesia',
    region: 'North Sulawesi',
    path: [
      [1.75, 124.8],
      [1.45, 125.2],
      [1.3, 125.3],
    ],
  },
  {
    name: 'Andaman',
    country: 'Thailand',
    region: 'Phuket',
    path: [
      [8.7, 97.6],
      [7.9, 98.3],
      [7.6, 98.8],
    ],
  },
  {
    name: 'Koh Tao',
    country: 'Thailand',
    region: 'Surat Thani',
    path: [
      [10.1, 99.8],
      [9.55, 100.0],
    ],
  },
  {
    name: 'Visayas',
    country: 'Philippines',
    region: 'Central Visayas',
    path: [
      [11.3, 124.1],
      [10.3, 123.9],
      [9.9, 123.4],
      [9.55, 123.7],
    ],
  },
  {
    name: 'Anilao',
    country: 'Philippines',
    region: 'Batangas',
    path: [
      [13.75, 120.85],
      [13.5, 121.0],
    ],
  },
  {
    name: 'Sipadan',
    country: 'Malaysia',
    region: 'Sabah',
    path: [
      [4.6, 118.4],
      [4.48, 118.62],
      [4.1, 118.6],
    ],
  },
  // Australia
  {
    name: 'Great Barrier Reef',
    country: 'Australia',
    region: 'Queensland',
    path: [
      [-16.0, 145.5],
      [-16.9, 145.8],
      [-19.2, 146.8],
      [-20.3, 148.9],
    ],
  },
  {
    name: 'Sydney',
    country: 'Australia',
    region: 'New South Wales',
    path: [
      [-33.5, 151.4],
      [-33.85, 151.3],
      [-34.2, 151.05],
    ],
  },
  {
    name: 'Ningaloo',
    country: 'Australia',
    region: 'Western Australia',
    path: [
      [-21.8, 114.1],
      [-22.7, 113.7],
      [-23.15, 113.77],
    ],
  },
  // Fiji, across ±180
  {
    name: 'Fiji',
    country: 'Fiji',
    region: 'Fiji',
    path: [
      [-17.8, 177.2],
      [-18.3, 178.1],
      [-16.8, 179.9],
      [-16.8, -179.9],
      [-18.2, -178.6],
    ],
  },
];

export interface SeedCenter {
  name: string;
  country: string | null;
  region: string | null;
  lat: number | null;
  lng: number | null;
}

/** Longitude wrapped into (-180, 180]; coordinates rounded as DECIMAL(…, 8) stores them. */
function wrapLng(lng: number): number {
  let x = ((((lng + 180) % 360) + 360) % 360) - 180;
  if (x <= -180) x = 180;
  return Math.round(x * 1e8) / 1e8;
}
const round8 = (n: number) => Math.round(n * 1e8) / 1e8;

/** The point at fraction `t` (0–1) along a coast, unwrapping longitudes across ±180. */
export function pointAlong(coast: Coast, t: number): { lat: number; lng: number } {
  const pts = coast.path.map(([lat, lng]) => ({ lat, lng }));
  for (let i = 1; i < pts.length; i++) {
    while (pts[i].lng - pts[i - 1].lng > 180) pts[i].lng -= 360;
    while (pts[i].lng - pts[i - 1].lng < -180) pts[i].lng += 360;
  }
  const lengths = pts.slice(1).map((p, i) => Math.hypot(p.lat - pts[i].lat, p.lng - pts[i].lng));
  let remaining = t * lengths.reduce((a, b) => a + b, 0);
  for (let i = 0; i < lengths.length; i++) {
    if (remaining <= lengths[i] || i === lengths.length - 1) {
      const f = lengths[i] === 0 ? 0 : Math.min(1, remaining / lengths[i]);
      return {
        lat: pts[i].lat + (pts[i + 1].lat - pts[i].lat) * f,
        lng: wrapLng(pts[i].lng + (pts[i + 1].lng - pts[i].lng) * f),
      };
    }
    remaining -= lengths[i];
  }
  return { lat: pts[0].lat, lng: wrapLng(pts[0].lng) };
}

/** The `total` centers, in a fixed order: coasts (80 %), uniform (15 %), without coordinates (5 %). */
export function generateCenters(total: number, seed = 20251125): SeedCenter[] {
  const random = rng(seed);
  const withoutCoordinates = Math.round(total * 0.05);
  const uniform = Math.round(total * 0.15);
  const coastal = total - withoutCoordinates - uniform;
  const centers: SeedCenter[] = [];
  for (let i = 0; i < coastal; i++) {
    const coast = COASTS[i % COASTS.length];
    const on = pointAlong(coast, random());
    // Most centers sit in the towns on the shore (σ ≈ 5 km), some farther out (σ ≈ 20 km).
    const spread = random() < 0.7 ? 0.045 : 0.18;
    const lat = Math.max(-90, Math.min(90, on.lat + gaussian(random) * spread));
    const lng = on.lng + (gaussian(random) * spread) / Math.max(0.2, Math.cos((lat * Math.PI) / 180));
    centers.push({
      name: `${coast.name} Divers ${i + 1}`,
      country: coast.country,
      region: coast.region,
      lat: round8(lat),
      lng: wrapLng(lng),
    });
  }
  for (let i = 0; i < uniform; i++) {
    centers.push({
      name: `Dive Center ${i + 1}`,
      country: null,
      region: null,
      lat: round8((Math.asin(2 * random() - 1) * 180) / Math.PI),
      lng: wrapLng(random() * 360 - 180),
    });
  }
  for (let i = 0; i < withoutCoordinates; i++) {
    centers.push({ name: `Unplaced Center ${i + 1}`, country: null, region: null, lat: null, lng: null });
  }
  return centers;
}

/** Query points on the coasts (the shore line, no jitter): `perCoast` evenly spaced points per coast. */
export function coastQueryPoints(perCoast = 2): Array<{ lat: number; lng: number }> {
  return COASTS.flatMap((coast) =>
    Array.from({ length: perCoast }, (_, k) => {
      const p = pointAlong(coast, (k + 0.5) / perCoast);
      return { lat: round8(p.lat), lng: p.lng };
    }),
  );
}
