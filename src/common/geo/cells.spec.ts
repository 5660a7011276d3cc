import fc from 'fast-check';
import {
  bandOf,
  cellOf,
  cellsInBand,
  cellsWithin,
  compareCells,
  MAX_BAND,
  MIN_BAND,
  type GeoCell,
} from './cells';
import { EARTH_RADIUS_M, haversineMeters, type LatLng } from './geo';

const R50KM = 50_000;

/** The point at `distanceM` and `bearingDeg` from `from` (great circle), longitude in [-180, 180]. */
function destination(from: LatLng, distanceM: number, bearingDeg: number): LatLng {
  const d = distanceM / EARTH_RADIUS_M;
  const b = (bearingDeg * Math.PI) / 180;
  const lat1 = (from.lat * Math.PI) / 180;
  const lng1 = (from.lng * Math.PI) / 180;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lng2 =
    lng1 +
    Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  const lng = (((((lng2 * 180) / Math.PI + 540) % 360) + 360) % 360) - 180;
  return { lat: Math.min(90, Math.max(-90, (lat2 * 180) / Math.PI)), lng };
}

const key = (c: GeoCell) => `${c.band}:${c.index}`;
const keys = (cells: GeoCell[]) => cells.map(key);

describe('geo cells', () => {
  it('has 1° latitude bands, -90 … 89, with latitude 90 in the last band', () => {
    expect(bandOf(-90)).toBe(-90);
    expect(bandOf(-0.5)).toBe(-1);
    expect(bandOf(0)).toBe(0);
    expect(bandOf(36.14)).toBe(36);
    expect(bandOf(89.999)).toBe(89);
    expect(bandOf(90)).toBe(89);
  });

  it('cuts bands into fewer, wider cells toward the poles, one polar cell at each pole', () => {
    expect(cellsInBand(0)).toBe(359);
    expect(cellsInBand(-1)).toBe(359);
    expect(cellsInBand(59)).toBe(180); // cos 60° = 1/2
    expect(cellsInBand(-60)).toBe(180);
    expect(cellsInBand(88)).toBe(6);
    expect(cellsInBand(MAX_BAND)).toBe(1);
    expect(cellsInBand(MIN_BAND)).toBe(1);
    for (let band = MIN_BAND; band <= MAX_BAND; band++) {
      const n = cellsInBand(band);
      const poleward = Math.max(Math.abs(band), Math.abs(band + 1));
      // Every cell is at least ~1° of great circle wide, everywhere in its band.
      if (n > 1) expect((360 / n) * Math.cos((poleward * Math.PI) / 180)).toBeGreaterThanOrEqual(1 - 1e-9);
      if (band > 0) expect(n).toBeLessThanOrEqual(cellsInBand(band - 1));
    }
  });

  it('puts -180 in the first cell and 180 in the last, one meridian at the two ends', () => {
    expect(cellOf({ lat: 10.5, lng: -180 })).toEqual({ band: 10, index: 0 });
    expect(cellOf({ lat: 10.5, lng: 180 })).toEqual({ band: 10, index: cellsInBand(10) - 1 });
    expect(cellOf({ lat: 90, lng: 123 })).toEqual({ band: 89, index: 0 });
    expect(cellOf({ lat: -90, lng: -45 })).toEqual({ band: -90, index: 0 });
  });

  it('gives a 50 km disc away from cell edges its own cell only', () => {
    expect(cellsWithin({ lat: 0.5, lng: 0 }, R50KM)).toEqual([cellOf({ lat: 0.5, lng: 0 })]);
  });

  it('takes the neighbouring cells a disc reaches, sorted by band then index', () => {
    const cells = cellsWithin({ lat: 36.02, lng: 29.99 }, R50KM);
    expect(cells.length).toBe(4);
    expect([...cells].sort(compareCells)).toEqual(cells);
    expect(new Set(cells.map((c) => c.band))).toEqual(new Set([35, 36]));
  });

  it('wraps at ±180: a disc on the antimeridian takes the cells at both ends of its band', () => {
    const cells = cellsWithin({ lat: -16.5, lng: 179.9 }, R50KM);
    const n = cellsInBand(-17);
    expect(keys(cells)).toEqual([`-17:0`, `-17:${n - 1}`]);
    expect(keys(cellsWithin({ lat: -16.5, lng: -179.9 }, R50KM))).toEqual(keys(cells));
  });

  it('takes the polar cell (and only it) for a disc around a pole', () => {
    expect(keys(cellsWithin({ lat: 89.9, lng: 10 }, R50KM))).toEqual(['89:0']);
    expect(keys(cellsWithin({ lat: -89.8, lng: -170 }, R50KM))).toEqual(['-90:0']);
    // Near, not around, the pole: the polar cell and some of the next band's few wide cells.
    const near = cellsWithin({ lat: 89.2, lng: 0 }, R50KM);
    expect(keys(near)).toContain('89:0');
    expect(near.every((c) => c.band >= 88)).toBe(true);
  });

  it('never needs more than a handful of locks for a 50 km disc', () => {
    let most = 0;
    for (let lat = -90; lat <= 90; lat += 0.1) {
      for (const lng of [-180, -179.95, -0.02, 0, 0.5, 179.97, 180]) {
        most = Math.max(most, cellsWithin({ lat, lng }, R50KM).length);
      }
    }
    expect(most).toBeLessThanOrEqual(8);
  });

  it('holds the cell of every point within the radius (so creators that can see each other share a lock)', () => {
    const latitude = fc.oneof(
      fc.double({ min: -90, max: 90, noNaN: true }),
      fc.double({ min: 88, max: 90, noNaN: true }),
      fc.double({ min: -90, max: -88, noNaN: true }),
    );
    const longitude = fc.oneof(
      fc.double({ min: -180, max: 180, noNaN: true }),
      fc.double({ min: 179, max: 180, noNaN: true }),
      fc.double({ min: -180, max: -179, noNaN: true }),
    );
    fc.assert(
      fc.property(
        latitude,
        longitude,
        fc.double({ min: 0, max: R50KM, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        (lat, lng, distanceM, bearing) => {
          const center = { lat, lng };
          const other = destination(center, distanceM, bearing);
          if (haversineMeters(center, other) > R50KM) return; // rounding at the very edge
          const cells = keys(cellsWithin(center, R50KM));
          expect(cells).toContain(key(cellOf(other)));
          // … and symmetrically, the other creator's set holds this one's cell.
          expect(keys(cellsWithin(other, R50KM))).toContain(key(cellOf(center)));
        },
      ),
      { numRuns: 20_000, seed: 13 },
    );
  });
});
