import type { EntityManager } from 'typeorm';

/**
 * The ports through which account operations (the users module) reach what the auth module owns,
 * without importing it: auth depends on users (it signs users in), so users depending on auth would
 * be a cycle (issue 14). AuthPortsModule binds these tokens to the auth module's services, globally.
 */

/** Password hashing (argon2id) and the contract's strength rule. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Constant-time; with no hash it burns the same time and fails. */
  verify(hash: string | null | undefined, password: string): Promise<boolean>;
  /** The first rule `password` breaks, as the 400 message; null when it is strong enough. */
  strengthProblem(password: string): string | null;
}

/** Ends every refresh session of a user (password changed, account disabled or archived). */
export interface SessionRevoker {
  revokeAllForUser(userId: number, reason: string, em?: EntityManager): Promise<void>;
}

export const PASSWORD_HASHER = Symbol('PasswordHasher');
export const SESSION_REVOKER = Symbol('SessionRevoker');
