import { isReservedUsername } from '../../users/users.service';

export const USERNAME_MAX = 50;

/**
 * The username a new Google user starts from (spec/api.md §4): the e-mail's local part without a
 * `+suffix`, dots as underscores, anything but [A-Za-z0-9_] dropped, `user` when nothing is left,
 * at most 50 characters.
 */
export function usernameBase(email: string): string {
  const at = email.lastIndexOf('@');
  const local = (at >= 0 ? email.slice(0, at) : email).split('+')[0];
  const cleaned = local.replace(/\./g, '_').replace(/[^A-Za-z0-9_]/g, '');
  return (cleaned || 'user').slice(0, USERNAME_MAX);
}

/** `base` with the numeric suffix `n` (none for 0), cut so the result stays within 50 characters. */
export function usernameCandidate(base: string, n: number): string {
  if (n === 0) return base.slice(0, USERNAME_MAX);
  const suffix = String(n);
  return base.slice(0, USERNAME_MAX - suffix.length) + suffix;
}

/**
 * The first free, non-reserved username of `base`, `base1`, `base2`… `taken` holds lower-cased
 * names (usernames compare case-insensitively, as the column's collation does).
 */
export function pickUsername(base: string, taken: ReadonlySet<string>): string {
  for (let n = 0; ; n += 1) {
    const candidate = usernameCandidate(base, n);
    if (!taken.has(candidate.toLowerCase()) && !isReservedUsername(candidate)) return candidate;
  }
}

/** The prefix every candidate of `base` shares (candidates cut the base by at most 10 characters). */
export function usernamePrefix(base: string): string {
  return base.slice(0, USERNAME_MAX - 10);
}
