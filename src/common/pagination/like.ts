/** The escape character of the LIKE patterns below: not a backslash, whose meaning depends on sql_mode. */
export const LIKE_ESCAPE = '!';

/** `term` with LIKE's wildcards (and the escape character itself) escaped, so it matches literally. */
export function escapeLike(term: string): string {
  return term.replace(/[!%_]/g, (c) => `${LIKE_ESCAPE}${c}`);
}

/** A LIKE pattern matching values that contain `term`; use it with `ESCAPE '!'` (LIKE_ESCAPE). */
export function containsPattern(term: string): string {
  return `%${escapeLike(term)}%`;
}
