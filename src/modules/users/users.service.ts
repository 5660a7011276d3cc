import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type EntityManager, type Repository } from 'typeorm';
import { isDuplicateKeyError } from '../../database/errors';
import { User } from './entities/user.entity';

export const DUPLICATE_USER = 'Username or email already registered';
export const USER_NOT_FOUND = 'User not found';

/** Names nobody may register or rename to (case-insensitive), as the original reserves them. */
export const RESERVED_USERNAMES = ['admin', 'divemap', 'moderator', 'system', 'support', 'root'];

export function isReservedUsername(username: string): boolean {
  return RESERVED_USERNAMES.includes(username.toLowerCase());
}

export interface NewUser {
  username: string;
  email: string;
  passwordHash: string;
  name?: string | null;
  googleId?: string | null;
  avatarUrl?: string | null;
  isAdmin?: boolean;
  isModerator?: boolean;
  enabled?: boolean;
}

/** Users: lookups for authentication and the writes other modules need. */
@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findById(id: number, em?: EntityManager): Promise<User | null> {
    return (em?.getRepository(User) ?? this.users).findOne({ where: { id } });
  }

  /** An enabled, not archived user by username (what a public profile may show). */
  findActiveByUsername(username: string): Promise<User | null> {
    return this.users.findOne({ where: { username, enabled: true, deletedAt: IsNull() } });
  }

  /** By username or e-mail (both unique, compared case-insensitively by the collation). */
  findByLogin(login: string): Promise<User | null> {
    return this.users.findOne({ where: [{ username: login }, { email: login }] });
  }

  findByEmail(email: string, em?: EntityManager): Promise<User | null> {
    return (em?.getRepository(User) ?? this.users).findOne({ where: { email } });
  }

  findByGoogleId(googleId: string, em?: EntityManager): Promise<User | null> {
    return (em?.getRepository(User) ?? this.users).findOne({ where: { googleId } });
  }

  /** Inserts a user; a duplicate username or e-mail (even from a race) is the contract's 400. */
  async create(data: NewUser, em?: EntityManager): Promise<User> {
    const repo = em?.getRepository(User) ?? this.users;
    const entity = repo.create({
      username: data.username,
      email: data.email,
      passwordHash: data.passwordHash,
      name: data.name ?? null,
      googleId: data.googleId ?? null,
      avatarUrl: data.avatarUrl ?? null,
      isAdmin: data.isAdmin ?? false,
      isModerator: data.isModerator ?? false,
      enabled: data.enabled ?? true,
    });
    try {
      await repo.insert(entity);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new BadRequestException(DUPLICATE_USER);
      throw error;
    }
    return await repo.findOneOrFail({ where: { id: entity.id } });
  }

  async touchLastAccessed(id: number): Promise<void> {
    // A plain UPDATE of one column; updated_at keeps its value (it records profile changes).
    await this.users
      .createQueryBuilder()
      .update(User)
      .set({ lastAccessedAt: () => 'CURRENT_TIMESTAMP(6)', updatedAt: () => 'updated_at' })
      .where('id = :id', { id })
      .execute();
  }
}
