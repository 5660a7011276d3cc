import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ROLES_KEY } from '../../../common/auth/auth.decorators';
import { hasAnyRole, type AuthenticatedUser, type Role } from '../../../common/auth/authenticated-user';

export const NOT_ENOUGH_PERMISSIONS = 'Not enough permissions';

/** @Roles(...) on the handler (or else the class): the caller must hold one of them, else 403. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (!user || !hasAnyRole(user, roles)) throw new ForbiddenException(NOT_ENOUGH_PERMISSIONS);
    return true;
  }
}
