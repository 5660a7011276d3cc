import { boundingBoxes, boxContains, boxToWkt, EARTH_RADIUS_M, haversineMeters, type LatLng } from './geo';

/** A deterministic PRNG (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The point at `distanceM` and `bearingDeg` from `from` (great circle). */
function destination(from: LatLng, distanceM: number, bearingDeg: number): LatLng {
  const d = distanceM / EARTH_RADIUS_M;
  const b = (bearingDeg * Math.PI) / 180;
  const lat1 = (from.lat * Math.PI) / 180;
  const lng1 = (from.lng * Math.PI) / 180;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lng2 =
    lng1 +
    Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  const lng = (((lng2 * 180) / Math.PI + 540) % 360) - 180;
  return { lat: (lat2 * 180) / Math.PI, lng: lng === -180 ? 180 : lng };
}

describe('haversineMeters', () => {
  it('matches MariaDB ST_Distance_Sphere for Athens → Piraeus (spec/spatial-notes.md §3)', () => {
    const d = haversineMeters({ lat: 37.9838, lng: 23.7275 }, { lat: 37.942, lng: 23.6465 });
    expect(d).toBeCloseTo(8486.919473474658, 6);
  });

  it('is zero for the same point and symmetric', () => {
    const a = { lat: -17, lng: 179.9 };
    const b = { lat: -17.2, lng: -179.8 };
    expect(haversineMeters(a, a)).toBe(0);
    expect(haversineMeters(a, b)).toBeCloseTo(haversineMeters(b, a), 9);
  });
});

describe('boundingBoxes', () => {
  it('splits at the antimeridian and covers every longitude around a pole', () => {
    expect(boundingBoxes({ lat: -17, lng: 179.9 }, 100_000)).toHaveLength(2);
    expect(boundingBoxes({ lat: 10, lng: -179.95 }, 50_000)).toHaveLength(2);
    const pole = boundingBoxes({ lat: 89.5, lng: 0 }, 100_000);
    expect(pole).toEqual([{ minLat: expect.any(Number), maxLat: 90, minLng: -180, maxLng: 180 }]);
    expect(boundingBoxes({ lat: 37.98, lng: 23.72 }, 100_000)).toHaveLength(1);
  });

  it('uses the exact half-width asin(sin r / cos lat), wider than r / cos lat at 85°', () => {
    const [box] = boundingBoxes({ lat: 85, lng: 0 }, 100_000);
    const r = 100_000 / EARTH_RADIUS_M;
    const naive = (r / Math.cos((85 * Math.PI) / 180)) * (180 / Math.PI);
    expect(box.maxLng).toBeGreaterThan(naive);
    expect(box.maxLng).toBeCloseTo(10.3748, 3);
  });

  /**
   * Brute force: thousands of random centres (a third in the edge zones: near ±180, near the poles,
   * at high latitudes), points scattered around each, some exactly on the circle; every point within
   * the radius must be inside one of the boxes. This is what makes the index prefilter exact.
   */
  it('contains every point within the radius (brute force, incl. antimeridian and poles)', () => {
    const random = rng(20261124);
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const zone = i % 3;
      const center: LatLng =
        zone === 0
          ? { lat: random() * 178 - 89, lng: random() * 360 - 180 }
          : zone === 1
            ? { lat: random() * 170 - 85, lng: random() < 0.5 ? 179 + random() : -180 + random() }
            : { lat: (random() < 0.5 ? 1 : -1) * (80 + random() * 9.9), lng: random() * 360 - 180 };
      const radius = 1_000 + random() * 499_000;
      const boxes = boundingBoxes(center, radius);
      for (let j = 0; j < 10; j++) {
        const onCircle = j < 3;
        const p = destination(center, onCircle ? radius * 0.999999 : random() * radius * 1.3, random() * 360);
        if (haversineMeters(center, p) <= radius) {
          checked += 1;
          const inside = boxes.some((b) => boxContains(b, p));
          if (!inside)
            throw new Error(`missed ${JSON.stringify(p)} around ${JSON.stringify(center)} r=${radius}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(15_000);
  });

  it('writes WKT longitude first', () => {
    expect(boxToWkt({ minLat: 1, maxLat: 2, minLng: 10, maxLng: 11 })).toBe(
      'POLYGON((10 1,11 1,11 2,10 2,10 1))',
    );
  });
});
