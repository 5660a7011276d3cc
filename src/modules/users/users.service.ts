import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type DataSource, type EntityManager, type Repository } from 'typeorm';
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

/** A name and a picture from an identity provider (Google), for an account's empty name and avatar. */
export interface ProfileFill {
  name: string | null;
  picture: string | null;
}

/** `value` for a LIKE pattern with `!` as the escape character. */
function escapeLike(value: string): string {
  return value.replace(/[!%_]/g, '!$&');
}

/** Users: lookups for authentication and the writes other modules need. */
@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /** The service outside Nest (the database CLI), over this DataSource's users table. */
  static forDataSource(ds: DataSource): UsersService {
    return new UsersService(ds.getRepository(User));
  }

  findById(id: number, em?: EntityManager): Promise<User | null> {
    return (em?.getRepository(User) ?? this.users).findOne({ where: { id } });
  }

  /** An enabled, not archived user by username (what a public profile may show). */
  findActiveByUsername(username: string): Promise<User | null> {
    return this.users.findOne({ where: { username, enabled: true, deletedAt: IsNull() } });
  }

  /** By username (unique, compared case-insensitively by the collation), archived users included. */
  findByUsername(username: string, em?: EntityManager): Promise<User | null> {
    return (em?.getRepository(User) ?? this.users).findOne({ where: { username } });
  }

  /** The id of the user with this username unless archived (disabled users included); null if none. */
  async findUnarchivedIdByUsername(username: string): Promise<number | null> {
    const user = await this.users.findOne({
      where: { username, deletedAt: IsNull() },
      select: { id: true },
    });
    return user?.id ?? null;
  }

  /** Whether an enabled user has this username (archived users are disabled as well). */
  async isEnabledUsername(username: string): Promise<boolean> {
    const user = await this.users.findOne({ where: { username, enabled: true }, select: { id: true } });
    return user !== null;
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

  /**
   * Locks the user's row (SELECT ... FOR UPDATE) until the transaction of `em` ends, serialising
   * concurrent work on one user (e.g. the refresh-session cap of concurrent logins). An unknown id
   * locks nothing.
   */
  async lockForUpdate(id: number, em: EntityManager): Promise<void> {
    await em
      .createQueryBuilder(User, 'u')
      .select('u.id')
      .where('u.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Makes the user an enabled, un-archived admin; the password and everything else stay. */
  async promoteToAdmin(id: number): Promise<void> {
    await this.users.update({ id }, { isAdmin: true, enabled: true, deletedAt: null });
  }

  /**
   * Links a Google account to a user who has none yet: sets google_id and fills an empty name and
   * avatar from `profile`. False when the user already has a google_id (a concurrent link won).
   */
  async linkGoogleAccount(id: number, googleId: string, profile: ProfileFill): Promise<boolean> {
    const result = await this.profileFillUpdate(profile)
      .set({
        googleId,
        name: () => "COALESCE(NULLIF(name, ''), :fillName)",
        avatarUrl: () => "COALESCE(NULLIF(avatar_url, ''), :fillPicture)",
      })
      .where('id = :id AND google_id IS NULL', { id })
      .execute();
    return Boolean(result.affected);
  }

  /** Fills the user's empty (NULL or '') name and avatar from `profile`; never overwrites what is set. */
  async fillEmptyProfile(id: number, profile: ProfileFill): Promise<void> {
    await this.profileFillUpdate(profile)
      .set({
        name: () => "COALESCE(NULLIF(name, ''), :fillName)",
        avatarUrl: () => "COALESCE(NULLIF(avatar_url, ''), :fillPicture)",
      })
      .where('id = :id', { id })
      .execute();
  }

  /** The usernames that start with `prefix` (compared case-insensitively by the collation), as stored. */
  async usernamesStartingWith(prefix: string): Promise<string[]> {
    const rows = await this.users
      .createQueryBuilder('u')
      .select('u.username', 'username')
      .where("u.username LIKE :prefix ESCAPE '!'", { prefix: `${escapeLike(prefix)}%` })
      .getRawMany<{ username: string }>();
    return rows.map((r) => r.username);
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

  private profileFillUpdate(profile: ProfileFill) {
    return this.users
      .createQueryBuilder()
      .update(User)
      .setParameters({ fillName: profile.name, fillPicture: profile.picture });
  }
}
