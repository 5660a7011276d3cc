import { toEnvelopeB } from './envelope-b';

describe('envelope B', () => {
  it.each([
    [0, 1, 100, 0],
    [1, 1, 100, 1],
    [100, 1, 100, 1],
    [101, 2, 100, 2],
    [7, 3, 3, 3],
  ])('total %p, page %p of size %p: %p pages', (total, page, size, pages) => {
    expect(toEnvelopeB(['x'], total, page, size)).toEqual({ items: ['x'], total, page, size, pages });
  });
});
