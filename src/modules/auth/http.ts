import type { CookieOptions, Request, Response } from 'express';
import type { ClientInfo } from './refresh-sessions.service';

export const REFRESH_COOKIE = 'refresh_token';
/** The cookie travels only to the auth routes that need it (DECISIONS.md D13). */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

/** Device and address of a request, for the session list (req.ip honours TRUST_PROXY). */
export function clientInfo(req: Request): ClientInfo {
  return { userAgent: req.get('user-agent') ?? undefined, ip: req.ip };
}

/** The refresh cookie's attributes (D13): HttpOnly, SameSite=Strict, Secure in production, Path /api/v1/auth. */
export function refreshCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: REFRESH_COOKIE_PATH };
}

/** Sets the refresh cookie for `maxAgeSeconds` (the session lifetime), as login does. */
export function setRefreshCookie(res: Response, token: string, maxAgeSeconds: number, secure: boolean): void {
  res.cookie(REFRESH_COOKIE, token, { ...refreshCookieOptions(secure), maxAge: maxAgeSeconds * 1000 });
}
