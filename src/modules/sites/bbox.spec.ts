import { bboxRanges } from './dive-sites.service';

describe('bboxRanges (list bbox filter, widened by 5 % per side)', () => {
  it('widens an ordinary box', () => {
    expect(bboxRanges(40, 30, 30, 20)).toEqual({ south: 29.5, north: 40.5, lngRanges: [[19.5, 30.5]] });
  });

  it('splits a box that crosses ±180 (west > east) into two longitude ranges', () => {
    expect(bboxRanges(0, -30, -170, 170)).toEqual({
      south: -31.5,
      north: 1.5,
      lngRanges: [
        [169, 180],
        [-180, -169],
      ],
    });
  });

  it('wraps a box that the margin pushes past ±180', () => {
    const west = bboxRanges(10, 0, -170, -179.9);
    expect(west.lngRanges).toHaveLength(2);
    expect(west.lngRanges[0][0]).toBeCloseTo(179.605, 6);
    expect(west.lngRanges[0][1]).toBe(180);
    expect(west.lngRanges[1][0]).toBe(-180);
    expect(west.lngRanges[1][1]).toBeCloseTo(-169.505, 6);
    const east = bboxRanges(10, 0, 179.9, 170);
    expect(east.lngRanges[0]).toEqual([expect.closeTo(169.505, 6), 180]);
    expect(east.lngRanges[1]).toEqual([-180, expect.closeTo(-179.605, 6)]);
  });

  it('clamps latitudes at the poles and takes every longitude when the widened box wraps the globe', () => {
    expect(bboxRanges(90, -90, 180, -180)).toEqual({ south: -90, north: 90, lngRanges: [[-180, 180]] });
    expect(bboxRanges(10, 0, 169, 170).lngRanges).toEqual([[-180, 180]]); // 359° wide
  });
});
