import { PassportStrategy } from '@nestjs/passport';
import { Strategy, type Profile } from 'passport-google-oauth20';
import type { StateStore } from 'passport-oauth2';
import { identityFromClaims, type GoogleIdentity } from './google-identity';
import type { GoogleSettings } from './google-settings';
import { SignedCookieStateStore } from './google-state.store';

export const GOOGLE_STRATEGY = 'google';

/**
 * The redirect flow's passport strategy: authorization code with PKCE (S256), `state` kept in a
 * signed cookie (no session store), Google's URLs from configuration (tests point them at a local
 * OAuth2 server). It only establishes *who* the Google account is; finding or creating our user is
 * the controller's business, so the same strategy serves whatever the callback then decides.
 *
 * passport's strategy registry is process-wide: the last constructed instance answers for "google".
 * Its behaviour depends only on configuration, which is the same for every app of one process.
 */
export class GoogleStrategy extends PassportStrategy(Strategy, GOOGLE_STRATEGY) {
  constructor(settings: GoogleSettings) {
    super({
      clientID: settings.clientId!,
      clientSecret: settings.clientSecret!,
      callbackURL: settings.callbackUrl!,
      authorizationURL: settings.authorizationUrl,
      tokenURL: settings.tokenUrl,
      userProfileURL: settings.userInfoUrl,
      scope: ['openid', 'email', 'profile'],
      pkce: true,
      state: true,
      store: new SignedCookieStateStore(
        settings.stateSecret,
        settings.secureCookies,
      ) as unknown as StateStore,
    });
  }

  /** The userinfo claims as our GoogleIdentity (`email_verified` as Google states it). */
  validate(_accessToken: string, _refreshToken: string | undefined, profile: Profile): GoogleIdentity {
    const identity = identityFromClaims(profile._json ?? {});
    if (!identity) throw new Error('Google userinfo has no subject');
    return identity;
  }
}

/** The strategy when the redirect flow is configured; null otherwise (its routes are not mounted). */
export function createGoogleStrategy(settings: GoogleSettings): GoogleStrategy | null {
  return settings.redirectConfigured ? new GoogleStrategy(settings) : null;
}
