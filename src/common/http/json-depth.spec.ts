import { jsonDepthExceeds } from './json-depth';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? { a: value } : [value];
  return value;
};

describe('jsonDepthExceeds', () => {
  it('counts objects and arrays, the top level as 1; scalars add nothing', () => {
    expect(jsonDepthExceeds('text', 0)).toBe(false);
    expect(jsonDepthExceeds({ a: 1, b: 'x', c: null }, 1)).toBe(false);
    expect(jsonDepthExceeds({ a: [1] }, 1)).toBe(true);
    expect(jsonDepthExceeds({ a: [1] }, 2)).toBe(false);
    expect(jsonDepthExceeds(nested(64), 64)).toBe(false);
    expect(jsonDepthExceeds(nested(65), 64)).toBe(true);
  });

  it('finds the deep branch among shallow ones, and survives 100,000 levels without recursion', () => {
    expect(jsonDepthExceeds({ a: 1, b: [nested(3), nested(70)], c: {} }, 64)).toBe(true);
    expect(jsonDepthExceeds(nested(100_000), 64)).toBe(true);
  });
});
