/** Value transforms for the diving-center DTOs (class-transformer `@Transform` callbacks). */

type TransformArgs = { value: unknown };

/** Strings trimmed; anything else untouched. */
export const trimString = ({ value }: TransformArgs): unknown =>
  typeof value === 'string' ? value.trim() : value;

/**
 * A number from a query string: '' and absent are absent; anything non-numeric becomes NaN (and
 * fails @IsNumber with 422). Unlike `@Type(() => Number)`, an empty value is not silently 0.
 */
export const queryNumber = ({ value }: TransformArgs): unknown => {
  if (value === undefined || value === null) return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim() === '' ? undefined : Number(value);
  return NaN;
};

/**
 * Longitude -180 is stored and searched as 180: the same meridian, and MySQL's geographic longitudes
 * lie in (-180, 180] (spec/spatial-notes.md §2).
 */
export const normalizeLongitude = ({ value }: TransformArgs): unknown => (value === -180 ? 180 : value);

/** A longitude from a query string (see queryNumber), -180 as 180. */
export const queryLongitude = (args: TransformArgs): unknown =>
  normalizeLongitude({ value: queryNumber(args) });
