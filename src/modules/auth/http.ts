import type { Request } from 'express';
import type { ClientInfo } from './refresh-sessions.service';

export const REFRESH_COOKIE = 'refresh_token';
/** The cookie travels only to the auth routes that need it (DECISIONS.md D13). */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

/** Device and address of a request, for the session list (req.ip honours TRUST_PROXY). */
export function clientInfo(req: Request): ClientInfo {
  return { userAgent: req.get('user-agent') ?? undefined, ip: req.ip };
}
