import type { Request, Response } from 'express';
import {
  GOOGLE_STATE_COOKIE,
  GOOGLE_STATE_COOKIE_PATH,
  GOOGLE_STATE_TTL_SECONDS,
  SignedCookieStateStore,
} from './google-state.store';

const SECRET = 'a-test-secret-of-enough-length';

interface Jar {
  set: Record<string, { value: string; options: Record<string, unknown> }>;
  cleared: string[];
}

function fakeRequest(cookies: Record<string, string> = {}): { req: Request; jar: Jar } {
  const jar: Jar = { set: {}, cleared: [] };
  const res = {
    cookie: (name: string, value: string, options: Record<string, unknown>) =>
      (jar.set[name] = { value, options }),
    clearCookie: (name: string) => jar.cleared.push(name),
  } as unknown as Response;
  return { req: { cookies, res } as unknown as Request, jar };
}

function store(
  s: SignedCookieStateStore,
  verifier = 'v'.repeat(43),
): { state: string; cookie: string; jar: Jar } {
  const { req, jar } = fakeRequest();
  let state = '';
  s.store(req, verifier, undefined, {}, (err, value) => {
    expect(err).toBeNull();
    state = value!;
  });
  return { state, cookie: jar.set[GOOGLE_STATE_COOKIE].value, jar };
}

function verify(s: SignedCookieStateStore, cookie: string | undefined, state: unknown) {
  const { req, jar } = fakeRequest(cookie === undefined ? {} : { [GOOGLE_STATE_COOKIE]: cookie });
  let result: { ok: string | false; info?: { message: string } } | undefined;
  s.verify(req, state, {}, (err, ok, info) => {
    expect(err).toBeNull();
    result = { ok, info };
  });
  return { ...result!, jar };
}

describe('SignedCookieStateStore', () => {
  it('has the arities passport-oauth2 dispatches on (PKCE store: 5, verify: 4)', () => {
    const s = new SignedCookieStateStore(SECRET, false);
    expect(s.store.length).toBe(5);
    expect(s.verify.length).toBe(4);
  });

  it('stores a nonce as the state in a short-lived, HttpOnly, Lax cookie scoped to the Google routes', () => {
    const { state, jar } = store(new SignedCookieStateStore(SECRET, true));
    expect(state).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(jar.set[GOOGLE_STATE_COOKIE].options).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      path: GOOGLE_STATE_COOKIE_PATH,
      maxAge: GOOGLE_STATE_TTL_SECONDS * 1000,
    });
  });

  it('verifies its own cookie, hands back the PKCE verifier and clears the cookie', () => {
    const s = new SignedCookieStateStore(SECRET, false);
    const { state, cookie } = store(s, 'the-verifier');
    const result = verify(s, cookie, state);
    expect(result.ok).toBe('the-verifier');
    expect(result.jar.cleared).toEqual([GOOGLE_STATE_COOKIE]);
  });

  it('refuses a missing, tampered, foreign, mismatched or expired state, and still clears the cookie', () => {
    let now = 1_000_000;
    const s = new SignedCookieStateStore(SECRET, false, () => now);
    const { state, cookie } = store(s);
    const [body, mac] = cookie.split('.');
    const forgedBody = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), v: 'attacker' }),
    ).toString('base64url');
    const other = new SignedCookieStateStore('another-secret-of-enough-length', false, () => now);
    const cases: Array<[string | undefined, unknown]> = [
      [undefined, state],
      ['', state],
      ['garbage', state],
      [`${forgedBody}.${mac}`, state],
      [`${body}.${mac.slice(0, -1)}`, state],
      [store(other).cookie, state],
      [cookie, 'another-state'],
      [cookie, undefined],
      [cookie, ['array']],
    ];
    for (const [value, provided] of cases) {
      const result = verify(s, value, provided);
      expect(result.ok).toBe(false);
      expect(result.info?.message).toMatch(/state/);
      expect(result.jar.cleared).toEqual([GOOGLE_STATE_COOKIE]);
    }
    expect(verify(s, cookie, state).ok).not.toBe(false);
    now += GOOGLE_STATE_TTL_SECONDS * 1000;
    expect(verify(s, cookie, state).ok).toBe(false);
  });
});
