import { Injectable, Logger, ServiceUnavailableException, type ExecutionContext } from '@nestjs/common';
import { AuthGuard, type AuthGuardAuthenticateOptions } from '@nestjs/passport';
import type { Request } from 'express';
import type { GoogleFailureCode } from './google-failure';
import type { GoogleIdentity } from './google-identity';
import { GOOGLE_NOT_CONFIGURED, GoogleSettings } from './google-settings';
import { GOOGLE_STRATEGY } from './google.strategy';

/** What the callback guard leaves on the request for the controller: who, or why not. */
export type GoogleAuthOutcome = { identity: GoogleIdentity } | { failure: GoogleFailureCode };

/** Request property the callback guard writes (not `user`: that is the access-token caller). */
export const GOOGLE_AUTH_PROPERTY = 'googleAuth';

export type RequestWithGoogleAuth = Request & { [GOOGLE_AUTH_PROPERTY]?: GoogleAuthOutcome };

/**
 * GET /auth/google: passport-google-oauth20 through @nestjs/passport's AuthGuard. The strategy sets
 * the state cookie and redirects to Google's authorization URL (the handler never runs). Without
 * the Google settings (never mounted so: GoogleAuthModule) it would answer 503 before passport is involved.
 */
@Injectable()
export class GoogleOAuthGuard extends AuthGuard(GOOGLE_STRATEGY) {
  constructor(protected readonly settings: GoogleSettings) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.settings.redirectConfigured) throw new ServiceUnavailableException(GOOGLE_NOT_CONFIGURED);
    return (await super.canActivate(context)) as boolean;
  }

  override getAuthenticateOptions(): AuthGuardAuthenticateOptions {
    return { session: false, property: GOOGLE_AUTH_PROPERTY, prompt: 'select_account' };
  }
}

/**
 * GET /auth/google/callback: verifies the state cookie, exchanges the code (with the PKCE verifier)
 * and reads Google's userinfo. Never throws for a failed sign-in: it records the outcome, and the
 * controller answers it (redirect with `?error=` or JSON), so a browser is never left on a raw error.
 */
@Injectable()
export class GoogleOAuthCallbackGuard extends GoogleOAuthGuard {
  private readonly logger = new Logger('GoogleSignIn');

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.settings.redirectConfigured) throw new ServiceUnavailableException(GOOGLE_NOT_CONFIGURED);
    const req = context.switchToHttp().getRequest<RequestWithGoogleAuth>();
    // Without `code` or `error`, passport would start a new authorization: a callback never does.
    if (!this.queryValue(req, 'code') && !this.queryValue(req, 'error')) {
      req[GOOGLE_AUTH_PROPERTY] = { failure: 'invalid_request' };
      return true;
    }
    return super.canActivate(context);
  }

  override handleRequest<TUser = GoogleAuthOutcome>(
    err: unknown,
    user: unknown,
    _info: unknown,
    context: ExecutionContext,
    status?: unknown,
  ): TUser {
    return this.outcome(err, user, context, status) as TUser;
  }

  private outcome(
    err: unknown,
    user: unknown,
    context: ExecutionContext,
    status: unknown,
  ): GoogleAuthOutcome {
    if (!err && user) return { identity: user as GoogleIdentity };
    const req = context.switchToHttp().getRequest<Request>();
    const providerError = this.queryValue(req, 'error');
    if (providerError)
      return { failure: providerError === 'access_denied' ? 'access_denied' : 'google_error' };
    // The state store refuses with 403 (missing, forged, expired or mismatched state).
    if (!err && status === 403) return { failure: 'invalid_state' };
    // Token exchange or userinfo failed: the provider's message only (never tokens or codes).
    this.logger.warn(`Google sign-in failed: ${err instanceof Error ? err.message : 'no user'}`);
    return { failure: 'google_error' };
  }

  private queryValue(req: Request, name: string): string | undefined {
    const value: unknown = (req.query as Record<string, unknown> | undefined)?.[name];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }
}
