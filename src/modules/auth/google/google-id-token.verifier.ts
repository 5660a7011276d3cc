import { Injectable, Logger, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import type { OAuth2Client } from 'google-auth-library';
import { identityFromClaims, type GoogleIdentity } from './google-identity';
import { GOOGLE_NOT_CONFIGURED, GoogleSettings } from './google-settings';

export const INVALID_GOOGLE_TOKEN = 'Invalid Google token';
export const GOOGLE_UNAVAILABLE = 'Google sign-in is temporarily unavailable';
/** The issuers Google's ID tokens carry. */
export const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const FETCH_TIMEOUT_MS = 5000;
/** Certificates are kept as long as Google's Cache-Control says, within these bounds. */
const MIN_CACHE_MS = 60_000;
const MAX_CACHE_MS = 24 * 3600_000;
const DEFAULT_CACHE_MS = 300_000;
/** An unknown `kid` (Google rotated its keys) refetches at most this often. */
const UNKNOWN_KID_REFETCH_MS = 60_000;

type Certificates = Record<string, string>;

/** Google's signing certificates (a `{kid: PEM}` map from GOOGLE_CERTS_URL), cached per Cache-Control. */
export class GoogleCertificates {
  private cache?: { certs: Certificates; expiresAt: number };
  private inflight?: Promise<Certificates>;
  private lastForcedRefetch = 0;

  constructor(
    private readonly url: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The certificates, refetched once when `kid` is unknown (keys rotate) but not more than once a minute. */
  async forKid(kid: string): Promise<Certificates> {
    const certs = await this.current();
    if (kid in certs || this.now() - this.lastForcedRefetch < UNKNOWN_KID_REFETCH_MS) return certs;
    this.lastForcedRefetch = this.now();
    return this.refetch();
  }

  private current(): Promise<Certificates> {
    if (this.cache && this.cache.expiresAt > this.now()) return Promise.resolve(this.cache.certs);
    return this.refetch();
  }

  private refetch(): Promise<Certificates> {
    this.inflight ??= this.fetchCertificates().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetchCertificates(): Promise<Certificates> {
    const res = await fetch(this.url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`GET ${this.url} answered ${res.status}`);
    const body: unknown = await res.json();
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new Error('Certificates are not a map');
    const certs = Object.fromEntries(
      Object.entries(body as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === 'string',
      ),
    );
    const maxAge = /max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1];
    const ttl = maxAge
      ? Math.min(Math.max(Number(maxAge) * 1000, MIN_CACHE_MS), MAX_CACHE_MS)
      : DEFAULT_CACHE_MS;
    this.cache = { certs, expiresAt: this.now() + ttl };
    return certs;
  }
}

/**
 * Verifies Google ID tokens for POST /auth/google-login with google-auth-library: RS256 signature
 * against the certificates of GOOGLE_CERTS_URL, audience = GOOGLE_CLIENT_ID, issuer Google's,
 * not expired (the library allows 5 minutes of clock skew). Anything wrong with the token is 401
 * "Invalid Google token"; certificates we cannot fetch are 503 (not the caller's fault).
 */
@Injectable()
export class GoogleIdTokenVerifier {
  private readonly logger = new Logger('GoogleSignIn');
  /** google-auth-library loads on the first sign-in, not at start-up (it costs the cold start ~90 ms). */
  private client?: Promise<OAuth2Client>;
  private readonly certificates: GoogleCertificates;

  constructor(private readonly settings: GoogleSettings) {
    this.certificates = new GoogleCertificates(settings.certsUrl);
  }

  async verify(idToken: string): Promise<GoogleIdentity> {
    const clientId = this.settings.clientId;
    if (!clientId) throw new ServiceUnavailableException(GOOGLE_NOT_CONFIGURED);
    const kid = JWT_SHAPE.test(idToken) ? this.keyId(idToken) : undefined;
    if (!kid) throw new UnauthorizedException(INVALID_GOOGLE_TOKEN);
    let certs: Certificates;
    try {
      certs = await this.certificates.forKid(kid);
    } catch (error) {
      this.logger.error(
        `Cannot fetch Google certificates: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw new ServiceUnavailableException(GOOGLE_UNAVAILABLE);
    }
    this.client ??= import('google-auth-library').then(({ OAuth2Client }) => new OAuth2Client({ clientId }));
    const client = await this.client;
    let claims: Record<string, unknown> | undefined;
    try {
      const ticket = await client.verifySignedJwtWithCertsAsync(idToken, certs, clientId, GOOGLE_ISSUERS);
      claims = ticket.getPayload() as Record<string, unknown> | undefined;
    } catch {
      // The library's messages quote the token: never logged, never echoed.
      throw new UnauthorizedException(INVALID_GOOGLE_TOKEN);
    }
    const identity = claims ? identityFromClaims(claims) : null;
    if (!identity) throw new UnauthorizedException(INVALID_GOOGLE_TOKEN);
    return identity;
  }

  /** The `kid` of an RS256 token's header (Google signs with RS256), else undefined. */
  private keyId(token: string): string | undefined {
    try {
      const header: unknown = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
      const { kid, alg } = (header ?? {}) as { kid?: unknown; alg?: unknown };
      return alg === 'RS256' && typeof kid === 'string' && kid.length > 0 ? kid : undefined;
    } catch {
      return undefined;
    }
  }
}
