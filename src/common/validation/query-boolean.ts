import { Transform } from 'class-transformer';

const TRUE = new Set(['true', '1']);
const FALSE = new Set(['false', '0']);

/**
 * The boolean a query-string value means: "true"/"1" and "false"/"0" (case-insensitive), or the
 * value itself (a real boolean, or anything else for @IsBoolean to refuse with 422).
 */
export function parseBooleanParam(value: unknown): unknown {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return value;
}

/**
 * Parses a boolean query parameter explicitly (DECISIONS.md D22): `@Type(() => Boolean)` would turn
 * the string "false" into true. Pair with `@IsBoolean()`, which refuses anything else with 422.
 */
export const QueryBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => parseBooleanParam(value));
