import {
  BadRequestException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  PASSWORD_HASHER,
  SESSION_REVOKER,
  type PasswordHasher,
  type SessionRevoker,
} from '../../common/auth/credentials';
import type { ChangePasswordDto } from './dto/change-password.dto';
import type { UpdateMeDto } from './dto/update-me.dto';
import { User } from './entities/user.entity';
import { isDuplicateKeyError } from '../../database/errors';
import { isReservedUsername, UsersService } from './users.service';

export const USE_CHANGE_PASSWORD = 'Use /users/me/change-password';
export const USERNAME_RESERVED = 'This username is reserved';
export const USERNAME_TAKEN = 'Username already registered';

/** What a signed-in user does to their own account (public profiles: the profiles module). */
@Injectable()
export class AccountService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    @Inject(PASSWORD_HASHER) private readonly passwords: PasswordHasher,
    @Inject(SESSION_REVOKER) private readonly sessions: SessionRevoker,
  ) {}

  /** `PUT /users/me` (D16). The unique index decides a username race: 400, never a 500. */
  async updateMe(userId: number, dto: UpdateMeDto): Promise<User> {
    if (dto.password !== undefined) throw new BadRequestException(USE_CHANGE_PASSWORD);
    const user = await this.caller(userId);
    const changes: Partial<User> = {};
    if (dto.username !== undefined && dto.username !== user.username) {
      if (isReservedUsername(dto.username)) throw new BadRequestException(USERNAME_RESERVED);
      changes.username = dto.username;
    }
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.number_of_dives !== undefined) changes.numberOfDives = dto.number_of_dives;
    if (dto.diving_certification !== undefined) {
      changes.divingCertification = dto.diving_certification || null;
    }
    if (dto.buddy_visibility !== undefined) changes.buddyVisibility = dto.buddy_visibility;
    if (Object.keys(changes).length === 0) return user;
    try {
      // The answer is read in the write's transaction, on the primary (D25).
      return await this.dataSource.transaction(async (em) => {
        await em.update(User, { id: userId }, changes);
        return em.findOneOrFail(User, { where: { id: userId } });
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new BadRequestException(USERNAME_TAKEN);
      throw error;
    }
  }

  /** Checks the current password, stores the new one and ends every refresh session of the user. */
  async changePassword(userId: number, dto: ChangePasswordDto): Promise<string> {
    const user = await this.caller(userId);
    if (!(await this.passwords.verify(user.passwordHash, dto.current_password))) {
      throw new BadRequestException('Current password is incorrect');
    }
    const weakness = this.passwords.strengthProblem(dto.new_password);
    if (weakness) throw new BadRequestException(weakness);
    const passwordHash = await this.passwords.hash(dto.new_password);
    await this.dataSource.transaction(async (em) => {
      await em.update(User, { id: userId }, { passwordHash });
      await this.sessions.revokeAllForUser(userId, 'password_changed', em);
    });
    return 'Password changed successfully; all sessions were signed out, sign in again with the new password';
  }

  /** `DELETE /users/me`: archives the caller (D17); their sessions end and login answers 403. */
  async archiveSelf(userId: number): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.update(User, { id: userId }, { deletedAt: new Date(), enabled: false });
      await this.sessions.revokeAllForUser(userId, 'account_archived', em);
    });
  }

  /** The caller's row (the guard has just read it; gone only if deleted in between). */
  private async caller(userId: number): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user) throw new UnauthorizedException('Could not validate credentials');
    return user;
  }
}
