import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { AuthenticatedUser, Role } from './authenticated-user';

export const IS_PUBLIC_KEY = 'auth:isPublic';
export const ROLES_KEY = 'auth:roles';
/** The Swagger plugin's metadata key for security requirements (@nestjs/swagger DECORATORS.API_SECURITY). */
const SWAGGER_SECURITY_KEY = 'swagger/apiSecurity';
export const BEARER_SCHEME = 'bearer';

/**
 * Opens a route to anonymous callers (everything else needs a valid access token: deny by default).
 * A valid token sent anyway identifies the caller; an invalid one is treated as anonymous (D12). The
 * OpenAPI document says the same: security `[{}, {bearer: []}]` — anonymous, or a bearer token.
 */
export const Public = () =>
  applyDecorators(
    SetMetadata(IS_PUBLIC_KEY, true),
    SetMetadata(SWAGGER_SECURITY_KEY, [{}, { [BEARER_SCHEME]: [] }]),
  );

/**
 * Requires one of the roles (handler metadata overrides the class's). Enforced by the roles guard and
 * declared in the OpenAPI document by the same decorator, so docs and enforcement cannot disagree.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiForbiddenResponse({
      description: `Requires the ${roles.join(' or ')} role ("Not enough permissions")`,
    }),
  );

/** Documents the 401 every authenticated route can answer (the guard enforces it globally). */
export const ApiAuthErrors = () =>
  applyDecorators(
    ApiUnauthorizedResponse({ description: 'Missing, malformed, invalid or expired access token' }),
  );

interface RequestWithUser {
  user?: AuthenticatedUser;
}

/** The authenticated caller; `undefined` on a public route called anonymously. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthenticatedUser | undefined =>
    ctx.switchToHttp().getRequest<RequestWithUser>().user,
);
