import { buildMessage, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';

/** Value checks and transforms of the dive DTOs (dates, times, depths, empty strings). */

type TransformArgs = { value: unknown };

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Whether `value` is a real calendar day written `YYYY-MM-DD` (2024-02-29 yes, 2023-02-29 and
 * 2024-13-01 no). Years 1000–9999: the range of a MariaDB/MySQL DATE.
 */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** The time of day `value` means as `HH:MM:SS` (from `HH:MM:SS` or `HH:MM`, 00–23:00–59:00–59), or null. */
function parseTimeOfDay(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = TIME_PATTERN.exec(value.trim());
  if (!m) return null;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? '0')];
  if (h > 23 || min > 59 || s > 59) return null;
  return `${m[1]}:${m[2]}:${m[3] ?? '00'}`;
}

/** `HH:MM:SS` or `HH:MM` as `HH:MM:SS`; anything else is left as it is, for the validator to refuse. */
export function normalizeTimeOfDay(value: unknown): unknown {
  return parseTimeOfDay(value) ?? value;
}

/** Whether `value` is a valid time of day written `HH:MM:SS`. */
export function isTimeOfDay(value: unknown): value is string {
  return typeof value === 'string' && parseTimeOfDay(value) === value;
}

/** A real calendar day `YYYY-MM-DD` (an impossible date such as 2023-02-30 is a 422 naming the field). */
export const IsCalendarDate = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a real date written YYYY-MM-DD`,
          options,
        ),
      },
    },
    options,
  );

/** A time of day `HH:MM:SS` (`HH:MM` is accepted and normalised by {@link timeOfDay}). */
export const IsTimeOfDay = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isTimeOfDay',
      validator: {
        validate: (value: unknown) => isTimeOfDay(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a time written HH:MM:SS or HH:MM`,
          options,
        ),
      },
    },
    options,
  );

/**
 * Validates the property whenever it is present, null included: for fields that may be left out of
 * an update but never cleared (`@IsOptional()` would let a null through to a NOT NULL column).
 */
export const IsOptionalButNotNull = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

/** `@Transform` callback: a time of day normalised to `HH:MM:SS`. */
export const timeOfDay = ({ value }: TransformArgs): unknown => normalizeTimeOfDay(value);

/** `@Transform` callback: "" (and blank strings) become null, e.g. `suit_type: ""` means "none". */
export const emptyToNull = ({ value }: TransformArgs): unknown =>
  typeof value === 'string' && value.trim() === '' ? null : value;

/**
 * `@Transform` callback: a depth rounded to the column's 3 decimals, so the range check sees the
 * value that will be stored (999.9996 would be stored as 1000.000, beyond DECIMAL(6,3)).
 */
export const depth = ({ value }: TransformArgs): unknown =>
  typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 1000) / 1000 : value;
