/** Value transforms for query and body DTOs (class-transformer `@Transform` callbacks), shared by every module. */

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

/** Longitude -180 is stored as 180 (MySQL's geographic longitudes lie in (-180, 180]). */
export const normalizeLongitude = ({ value }: TransformArgs): unknown => (value === -180 ? 180 : value);

/** A longitude from a query string (see queryNumber), -180 as 180. */
export const queryLongitude = (args: TransformArgs): unknown =>
  normalizeLongitude({ value: queryNumber(args) });

/**
 * `tag_ids` as repeated parameters (`?tag_ids=1&tag_ids=2`) or a comma-separated list
 * (`?tag_ids=1,2`), or both. Integers become numbers; anything else stays a string so that
 * `@IsInt({ each: true })` answers 422.
 */
export const idList = ({ value }: TransformArgs): unknown => {
  if (value === undefined || value === null || value === '') return undefined;
  const parts = (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v).split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return parts.map((p) => (/^\d{1,10}$/.test(p) ? Number(p) : p));
};
