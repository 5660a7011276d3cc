import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import type { DataSource } from 'typeorm';
import { User } from '../../src/modules/users/entities/user.entity';
import type { TestApp } from './app';

/** A password that satisfies the strength rule. */
export const STRONG_PASSWORD = 'Sup3r-Secret!';

let counter = 0;
let cachedHash: Promise<string> | undefined;

/** Inserts a user directly (fast: the argon2 hash of STRONG_PASSWORD is computed once per file). */
export async function createUser(
  ds: DataSource,
  overrides: Partial<User> & { password?: string } = {},
): Promise<User> {
  const n = ++counter; // taken before any await: concurrent calls get distinct names
  const { password, ...fields } = overrides;
  cachedHash ??= argon2.hash(STRONG_PASSWORD, {
    type: argon2.argon2id,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
  });
  const passwordHash = password ? await argon2.hash(password, { type: argon2.argon2id }) : await cachedHash;
  const repo = ds.getRepository(User);
  const user = repo.create({
    username: `diver_${process.pid}_${n}`,
    email: `diver_${process.pid}_${n}@example.org`,
    passwordHash,
    ...fields,
  });
  await repo.insert(user);
  return repo.findOneOrFail({ where: { id: user.id } });
}

/** A valid access token for `user`, signed like the app signs them (only auth tests go through login). */
export function tokenFor(
  t: TestApp,
  user: Pick<User, 'id' | 'username' | 'isAdmin' | 'isModerator'>,
  expiresIn = 600,
): string {
  const jwt = new JwtService({ secret: t.config.jwt.secret });
  return jwt.sign(
    {
      sub: String(user.id),
      username: user.username,
      is_admin: user.isAdmin,
      is_moderator: user.isModerator,
      type: 'access',
    },
    { algorithm: 'HS256', expiresIn },
  );
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}
