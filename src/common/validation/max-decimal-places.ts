import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * How many digits a number has after the decimal point, exponent notation included: 1.25 → 2,
 * 1e-7 → 7, 2.5e-324 → 325, 1e21 → 0. NaN and ±Infinity have none.
 */
export function decimalPlaces(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const m = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!m) return 0;
  return Math.max(0, (m[1]?.length ?? 0) - Number(m[2] ?? 0));
}

/**
 * At most `places` decimals. Use with `@IsNumber({ allowNaN: false, allowInfinity: false })` instead
 * of its `maxDecimalPlaces` option, which throws (a 500) on a number JavaScript writes in exponent
 * notation, such as 1e-7 or 5e-324. Values that are not numbers are left to @IsNumber.
 */
export const MaxDecimalPlaces = (places: number, options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'maxDecimalPlaces',
      constraints: [places],
      validator: {
        validate: (value: unknown) => typeof value !== 'number' || decimalPlaces(value) <= places,
        defaultMessage: (args) => `${args?.property ?? 'value'} must have at most ${places} decimal places`,
      },
    },
    options,
  );
