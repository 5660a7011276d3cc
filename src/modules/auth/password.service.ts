import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/** Special characters the original's strength rule accepts (spec/api.md §4). */
const SPECIALS = '!@#$%^&*(),.?":{}|<>';

/**
 * Password hashing with argon2id (OWASP parameters: 19 MiB, t=2, p=1) and the contract's strength
 * rule. argon2.verify compares in constant time; unknown users are checked against a dummy hash so
 * a login's duration never tells whether the account exists.
 */
@Injectable()
export class PasswordService {
  private static readonly OPTIONS: argon2.HashOptions & { raw?: false } = {
    type: argon2.argon2id,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
  };
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, PasswordService.OPTIONS);
  }

  /** Verifies `password` against `hash`; with no hash (no such user) burns the same time and fails. */
  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    if (!hash || !hash.startsWith('$argon2')) {
      this.dummyHash ??= this.hash('dummy-password-for-timing');
      await argon2.verify(await this.dummyHash, password).catch(() => false);
      return false;
    }
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** The first rule `password` breaks, as the 400 message; null when it is strong enough. */
  strengthProblem(password: string): string | null {
    if (password.length < 8) return 'Password must be at least 8 characters long';
    if (!/[A-Z]/.test(password)) return 'Password must contain at least one uppercase letter';
    if (!/[a-z]/.test(password)) return 'Password must contain at least one lowercase letter';
    if (!/[0-9]/.test(password)) return 'Password must contain at least one digit';
    if (![...password].some((c) => SPECIALS.includes(c))) {
      return `Password must contain at least one special character (${SPECIALS})`;
    }
    return null;
  }
}
