/**
 * What other modules' SQL may read of the users table (issue 14): a plain projection that MySQL and
 * MariaDB merge into the outer query. Never the e-mail, password hash or account state.
 */
export const UserReadModel = {
  /** Every user's public name: id, username */
  users: '(SELECT id, username FROM users)',
} as const;
