/** The caller, as the access-token guard loaded them from their row on this request (DECISIONS.md D12). */
export interface AuthenticatedUser {
  id: number;
  username: string;
  email: string;
  isAdmin: boolean;
  isModerator: boolean;
}

export type Role = 'admin' | 'moderator';

/** Whether `user` holds at least one of `roles` (an admin is not implicitly a moderator here). */
export function hasAnyRole(
  user: Pick<AuthenticatedUser, 'isAdmin' | 'isModerator'>,
  roles: readonly Role[],
): boolean {
  return roles.some((role) => (role === 'admin' ? user.isAdmin : user.isModerator));
}
