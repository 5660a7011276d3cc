import { IsNumber, validateSync } from 'class-validator';
import { decimalPlaces, MaxDecimalPlaces } from './max-decimal-places';

class Price {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(2)
  cost!: unknown;
}

function errors(cost: unknown): string[] {
  const p = new Price();
  p.cost = cost;
  return validateSync(p).flatMap((e) => Object.keys(e.constraints ?? {}));
}

describe('MaxDecimalPlaces', () => {
  it('counts decimals in plain and exponent notation', () => {
    expect([1, 1.5, 1.25, 1e21, 1e-7, 1.5e-7, 5e-324, -0.125, NaN].map(decimalPlaces)).toEqual([
      0, 1, 2, 0, 7, 8, 324, 3, 0,
    ]);
  });

  it('accepts up to the limit and refuses more, without throwing on exponent notation', () => {
    expect(errors(12.5)).toEqual([]);
    expect(errors(12.25)).toEqual([]);
    expect(errors(12.125)).toEqual(['maxDecimalPlaces']);
    expect(errors(5e-324)).toEqual(['maxDecimalPlaces']);
    expect(errors(1e-7)).toEqual(['maxDecimalPlaces']);
    expect(errors('1.5')).toEqual(['isNumber']);
  });
});
