import { BadRequestException } from '@nestjs/common';
import { RequestValidationException } from '../pipes/api-validation.pipe';
import { bboxRanges as ranges, resolveBoundingBox, SITE_BBOX_MARGIN } from './bbox';

describe('bboxRanges widened by 5 % per side (dive sites, spec/api.md §6)', () => {
  const bboxRanges = (n: number, s: number, e: number, w: number) => ranges(n, s, e, w, SITE_BBOX_MARGIN);
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

describe('bboxRanges without a margin (diving centers)', () => {
  it('one range, or two when west > east (across ±180); a box from -180 includes 180', () => {
    expect(ranges(40, 20, 30, 10)).toEqual({ north: 40, south: 20, lngRanges: [[10, 30]] });
    expect(ranges(0, -20, -170, 170).lngRanges).toEqual([
      [170, 180],
      [-180, -170],
    ]);
    expect(ranges(0, -20, -170, -180).lngRanges).toEqual([
      [-180, -170],
      [180, 180],
    ]);
  });
});

describe('resolveBoundingBox', () => {
  it('is undefined without bbox parameters and ranges with all four', () => {
    expect(resolveBoundingBox({})).toBeUndefined();
    expect(resolveBoundingBox({ north: 2, south: 1, east: 4, west: 3 })).toEqual({
      north: 2,
      south: 1,
      lngRanges: [[3, 4]],
    });
  });

  it('answers 422 naming the missing parameters when only some are given', () => {
    try {
      resolveBoundingBox({ north: 2, east: 4 });
      throw new Error('expected a 422');
    } catch (error) {
      expect(error).toBeInstanceOf(RequestValidationException);
      expect((error as RequestValidationException).problems.map((p) => p.loc)).toEqual([
        ['query', 'south'],
        ['query', 'west'],
      ]);
    }
  });

  it('answers 400 when north ≤ south', () => {
    expect(() => resolveBoundingBox({ north: 1, south: 1, east: 4, west: 3 })).toThrow(BadRequestException);
  });
});
