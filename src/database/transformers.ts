import type { ValueTransformer } from 'typeorm';

/**
 * DECIMAL columns (coordinates, depths, prices) as `number` in TypeScript. mysql2 returns DECIMAL as a
 * string to keep its precision; every DECIMAL here fits a double exactly enough (at most 11 digits),
 * so the entity sees a number. NULL stays null; writes pass through (mysql2 sends numbers as-is).
 */
export const decimalTransformer: ValueTransformer = {
  to(value: number | null | undefined): number | null | undefined {
    return value;
  },
  from(value: string | number | null | undefined): number | null | undefined {
    if (value === null || value === undefined) return value;
    return typeof value === 'number' ? value : Number(value);
  },
};
