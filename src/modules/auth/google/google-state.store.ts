import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';

export const GOOGLE_STATE_COOKIE = 'google_oauth_state';
/** The cookie travels only to GET /auth/google and its callback. */
export const GOOGLE_STATE_COOKIE_PATH = '/api/v1/auth/google';
export const GOOGLE_STATE_TTL_SECONDS = 600;
export const INVALID_STATE = 'Invalid or expired sign-in state';

interface StatePayload {
  /** The `state` parameter sent to Google. */
  n: string;
  /** The PKCE code verifier. */
  v: string;
  /** Expiry, ms since the epoch. */
  exp: number;
}

type StoreCallback = (err: Error | null, state?: string) => void;
type VerifyCallback = (err: Error | null, ok: string | false, info?: { message: string }) => void;

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function stateCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: GOOGLE_STATE_COOKIE_PATH };
}

export function clearStateCookie(res: Response, secure: boolean): void {
  res.clearCookie(GOOGLE_STATE_COOKIE, stateCookieOptions(secure));
}

/**
 * passport-oauth2 state store for the PKCE redirect flow without a session store (DECISIONS.md D15).
 * `store` puts a random nonce (the `state` sent to Google) and the PKCE verifier into a short-lived,
 * HttpOnly, SameSite=Lax cookie signed with HMAC-SHA256 (key derived from JWT_SECRET) and scoped to
 * /api/v1/auth/google; `verify` checks signature, expiry and that the returned `state` is that
 * nonce, clears the cookie (single use) and hands passport the verifier for the token request.
 *
 * passport-oauth2 picks the call shape by arity: `store` must take 5 parameters and `verify` 4.
 */
export class SignedCookieStateStore {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly secure: boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.key = createHmac('sha256', secret).update('divemap:google-oauth-state:v1').digest();
  }

  store(req: Request, verifier: string, _state: unknown, _meta: unknown, callback: StoreCallback): void {
    try {
      if (!req.res) throw new Error('No response to set the Google state cookie on');
      const nonce = randomBytes(24).toString('base64url');
      const payload: StatePayload = {
        n: nonce,
        v: verifier,
        exp: this.now() + GOOGLE_STATE_TTL_SECONDS * 1000,
      };
      req.res.cookie(GOOGLE_STATE_COOKIE, this.seal(payload), {
        ...stateCookieOptions(this.secure),
        maxAge: GOOGLE_STATE_TTL_SECONDS * 1000,
      });
      callback(null, nonce);
    } catch (error) {
      callback(error instanceof Error ? error : new Error(String(error)));
    }
  }

  verify(req: Request, providedState: unknown, _meta: unknown, callback: VerifyCallback): void {
    const cookies = req.cookies as Record<string, unknown> | undefined;
    const raw = cookies?.[GOOGLE_STATE_COOKIE];
    if (req.res) clearStateCookie(req.res, this.secure);
    const payload = typeof raw === 'string' ? this.open(raw) : null;
    if (!payload || typeof providedState !== 'string' || !safeEqual(payload.n, providedState)) {
      callback(null, false, { message: INVALID_STATE });
      return;
    }
    callback(null, payload.v);
  }

  /** `base64url(JSON).base64url(HMAC)`. */
  seal(payload: StatePayload): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The payload of a sealed value when its signature is right and it has not expired; else null. */
  open(value: string): StatePayload | null {
    const dot = value.lastIndexOf('.');
    if (dot <= 0) return null;
    const body = value.slice(0, dot);
    if (!safeEqual(value.slice(dot + 1), this.sign(body))) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    const p = parsed as Partial<StatePayload> | null;
    if (!p || typeof p.n !== 'string' || typeof p.v !== 'string' || typeof p.exp !== 'number') return null;
    if (!p.n || !p.v || p.exp <= this.now()) return null;
    return { n: p.n, v: p.v, exp: p.exp };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
