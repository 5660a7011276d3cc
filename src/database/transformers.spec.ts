import { decimalTransformer } from './transformers';

describe('decimalTransformer', () => {
  it('turns the strings mysql2 returns for DECIMAL into numbers', () => {
    expect(decimalTransformer.from('37.98380000')).toBe(37.9838);
    expect(decimalTransformer.from('-122.41941550')).toBe(-122.4194155);
    expect(decimalTransformer.from('999.999')).toBe(999.999);
    expect(decimalTransformer.from('0.00')).toBe(0);
    expect(decimalTransformer.from('12.50')).toBe(12.5);
  });

  it('keeps numbers as they are', () => {
    expect(decimalTransformer.from(32.125)).toBe(32.125);
  });

  it('keeps null and undefined', () => {
    expect(decimalTransformer.from(null)).toBeNull();
    expect(decimalTransformer.from(undefined)).toBeUndefined();
  });

  it('writes numbers and null through unchanged', () => {
    expect(decimalTransformer.to(12.5)).toBe(12.5);
    expect(decimalTransformer.to(null)).toBeNull();
    expect(decimalTransformer.to(undefined)).toBeUndefined();
  });
});
