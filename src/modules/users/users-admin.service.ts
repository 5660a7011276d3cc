import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QueryFailedError, type DataSource } from 'typeorm';
import { mapPage, toPageRequest, type Page } from '../../common/pagination/pagination';
import { resolveSort } from '../../common/pagination/sorting';
import {
  PASSWORD_HASHER,
  SESSION_REVOKER,
  type PasswordHasher,
  type SessionRevoker,
} from '../../common/auth/credentials';
import type { CreateUserAdminDto } from './dto/create-user-admin.dto';
import { USER_SORT_FIELDS, type ListUsersQueryDto } from './dto/list-users.query.dto';
import type { UpdateUserAdminDto } from './dto/update-user-admin.dto';
import { toUserListResponse, type UserListResponseDto } from './dto/user-list.response.dto';
import { User } from './entities/user.entity';
import { UserRemovalParticipants } from './user-removal-participants.service';
import { UsersRepository } from './users.repository';
import { isDuplicateKeyError } from '../../database/errors';
import { DUPLICATE_USER, USER_NOT_FOUND, UsersService } from './users.service';

export const USER_HAS_DIVES = 'User has dives; archive the account instead';

/** A delete refused by a RESTRICT foreign key (dives.user_id). */
function isRestrictedByForeignKey(error: unknown): boolean {
  const code = error instanceof QueryFailedError ? (error.driverError as { code?: string })?.code : undefined;
  return code === 'ER_ROW_IS_REFERENCED_2' || code === 'ER_ROW_IS_REFERENCED';
}

/**
 * Admin user management (spec/api.md §5, DECISIONS.md D16, D17). Admins may give accounts the
 * reserved names (admin, support, …) that registration refuses: those exist for staff accounts.
 */
@Injectable()
export class UsersAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly usersQueries: UsersRepository,
    private readonly removals: UserRemovalParticipants,
    @Inject(PASSWORD_HASHER) private readonly passwords: PasswordHasher,
    @Inject(SESSION_REVOKER) private readonly sessions: SessionRevoker,
  ) {}

  async list(query: ListUsersQueryDto): Promise<Page<UserListResponseDto>> {
    const request = toPageRequest(query);
    const sort = resolveSort(query, { allowed: USER_SORT_FIELDS, defaultField: 'id' });
    const page = await this.usersQueries.list(
      {
        search: query.search || undefined,
        isAdmin: query.is_admin,
        isModerator: query.is_moderator,
        enabled: query.enabled,
      },
      sort,
      request,
    );
    return mapPage(page, toUserListResponse);
  }

  async create(dto: CreateUserAdminDto): Promise<User> {
    const passwordHash = await this.hashStrong(dto.password);
    // Inserted and read back in one transaction, on the primary (D25).
    return this.dataSource.transaction((em) =>
      this.users.create(
        {
          username: dto.username,
          email: dto.email,
          passwordHash,
          name: dto.name ?? null,
          isAdmin: dto.is_admin ?? false,
          isModerator: dto.is_moderator ?? false,
          enabled: dto.enabled ?? true,
        },
        em,
      ),
    );
  }

  /**
   * Partial update. An admin cannot take their own admin rights or disable themselves (400).
   * Disabling a user or setting their password ends their refresh sessions (D12), in the same
   * transaction as the change.
   */
  async update(callerId: number, id: number, dto: UpdateUserAdminDto): Promise<User> {
    if (id === callerId && dto.is_admin === false) {
      throw new BadRequestException('You cannot remove your own admin rights');
    }
    if (id === callerId && dto.enabled === false) {
      throw new BadRequestException('You cannot disable your own account');
    }
    await this.existing(id);
    const changes: Partial<User> = {};
    if (dto.username !== undefined) changes.username = dto.username;
    if (dto.email !== undefined) changes.email = dto.email;
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.is_admin !== undefined) changes.isAdmin = dto.is_admin;
    if (dto.is_moderator !== undefined) changes.isModerator = dto.is_moderator;
    if (dto.enabled !== undefined) changes.enabled = dto.enabled;
    if (dto.password !== undefined) changes.passwordHash = await this.hashStrong(dto.password);
    if (Object.keys(changes).length === 0) return this.existing(id);
    const revokeReason =
      dto.enabled === false ? 'account_disabled' : dto.password !== undefined ? 'password_reset' : null;
    try {
      return await this.dataSource.transaction(async (em) => {
        await em.update(User, { id }, changes);
        if (revokeReason) await this.sessions.revokeAllForUser(id, revokeReason, em);
        return em.findOneOrFail(User, { where: { id } });
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new BadRequestException(DUPLICATE_USER);
      throw error;
    }
  }

  /**
   * Archives (default) or, with `force`, deletes a user (D17). A forced delete is refused with 409
   * while the user has dives — the RESTRICT foreign key decides, so a dive logged meanwhile cannot
   * slip through; ratings, comments, certifications and sessions go with the user (CASCADE), after
   * the registered UserRemovalParticipants settled what summarises them (rating aggregates), all in
   * one transaction.
   */
  async remove(callerId: number, id: number, force: boolean): Promise<string> {
    if (id === callerId) throw new BadRequestException('Cannot delete your own account');
    const user = await this.existing(id);
    if (!force) {
      await this.dataSource.transaction(async (em) => {
        await em.update(User, { id }, { deletedAt: user.deletedAt ?? new Date(), enabled: false });
        await this.sessions.revokeAllForUser(id, 'account_archived', em);
      });
      return 'User archived successfully';
    }
    try {
      await this.dataSource.transaction(async (em) => {
        await this.removals.beforeUserDeleted(id, em);
        await em.delete(User, { id });
      });
    } catch (error) {
      if (isRestrictedByForeignKey(error)) throw new ConflictException(USER_HAS_DIVES);
      throw error;
    }
    return 'User permanently deleted';
  }

  /** Brings an archived user back (enabled again); 400 when the user is not archived. */
  async restore(id: number): Promise<User> {
    const user = await this.existing(id);
    if (!user.deletedAt) throw new BadRequestException('User is not archived');
    return this.dataSource.transaction(async (em) => {
      await em.update(User, { id }, { deletedAt: null, enabled: true });
      return em.findOneOrFail(User, { where: { id } });
    });
  }

  private async existing(id: number): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundException(USER_NOT_FOUND);
    return user;
  }

  private async hashStrong(password: string): Promise<string> {
    const weakness = this.passwords.strengthProblem(password);
    if (weakness) throw new BadRequestException(weakness);
    return this.passwords.hash(password);
  }
}
