import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { IS_PUBLIC_KEY } from '../../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../../common/auth/authenticated-user';
import { UsersService } from '../../users/users.service';
import { AccessTokenService } from '../access-token.service';

export const NOT_AUTHENTICATED = 'Not authenticated';
export const INVALID_CREDENTIALS = 'Could not validate credentials';
export const USER_DISABLED = 'User account is disabled';

type RequestWithUser = Request & { user?: AuthenticatedUser };

/**
 * Deny by default: every route needs a valid access token unless it is @Public(). The user's row is
 * read on every request (DECISIONS.md D12), so disabling, archiving, deleting or demoting a user takes
 * effect on their very next call, whatever their token says. On public routes a valid token
 * identifies the caller and an invalid one is ignored (anonymous).
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<RequestWithUser>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      if (isPublic) return true;
      throw new UnauthorizedException(NOT_AUTHENTICATED);
    }
    const userId = await this.tokens.verify(match[1]);
    const user = userId ? await this.users.findById(userId) : null;
    if (!user || user.deletedAt) {
      if (isPublic) return true;
      throw new UnauthorizedException(INVALID_CREDENTIALS);
    }
    if (!user.enabled) {
      if (isPublic) return true;
      throw new ForbiddenException(USER_DISABLED);
    }
    req.user = {
      id: user.id,
      username: user.username,
      email: user.email,
      isAdmin: user.isAdmin,
      isModerator: user.isModerator,
    };
    return true;
  }
}
