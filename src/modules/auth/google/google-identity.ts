/** What we keep of a Google account, from a verified ID token or from the userinfo endpoint. */
export interface GoogleIdentity {
  /** Google's stable account id (`sub`), stored as users.google_id. */
  sub: string;
  email: string | null;
  /** Google vouches that the account owns `email`: the only case where we link by e-mail (D15). */
  emailVerified: boolean;
  name: string | null;
  picture: string | null;
}

const MAX_SUB = 255;

function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  return v.length > 0 && v.length <= max ? v : null;
}

/**
 * The identity in OpenID claims (ID-token payload or userinfo body); null without a usable `sub`.
 * `email_verified` is true only for a boolean true or the string "true" (older Google endpoints).
 */
export function identityFromClaims(claims: Record<string, unknown>): GoogleIdentity | null {
  const sub = text(claims.sub, MAX_SUB);
  if (!sub) return null;
  const email = text(claims.email, 255);
  return {
    sub,
    email,
    emailVerified: Boolean(email) && (claims.email_verified === true || claims.email_verified === 'true'),
    name: text(claims.name, 255),
    picture: text(claims.picture, 500),
  };
}
