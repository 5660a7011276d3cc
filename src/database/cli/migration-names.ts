import { CliError } from './errors';

/** TypeORM reads a migration's timestamp from the last 13 digits of its class name. */
const CLASS_NAME = /^(.*?)(\d{13})$/;
const FILE_NAME = /^(\d{13})-([A-Za-z0-9_]+?)(?:\.[jt]s)?$/;

/**
 * Finds the migration a user means. Accepted forms, all exact (case-sensitive):
 * the class name TypeORM records (`CreateDiveSites1700000000003`), the file name with or without its
 * extension (`1700000000003-CreateDiveSites[.ts]`), the bare name (`CreateDiveSites`) and the
 * timestamp (`1700000000003`). Returns undefined when nothing matches; throws when several do.
 */
export function resolveMigrationName(ref: string, names: readonly string[]): string | undefined {
  const unique = [...new Set(names)];
  if (unique.includes(ref)) return ref;
  const file = FILE_NAME.exec(ref);
  if (file) {
    const className = `${file[2]}${file[1]}`;
    return unique.includes(className) ? className : undefined;
  }
  const matches = /^\d{13}$/.test(ref)
    ? unique.filter((n) => n.endsWith(ref))
    : unique.filter((n) => CLASS_NAME.exec(n)?.[1] === ref);
  if (matches.length > 1) {
    throw new CliError(`"${ref}" is ambiguous: it matches ${matches.join(', ')}; use the full name`);
  }
  return matches[0];
}

/** The ISO date of the 13-digit timestamp at the end of a migration name (when it was written). */
export function migrationDate(name: string): string | undefined {
  const match = CLASS_NAME.exec(name);
  if (!match) return undefined;
  const date = new Date(Number(match[2]));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
