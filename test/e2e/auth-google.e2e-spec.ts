import request from 'supertest';
import { RefreshToken } from '../../src/modules/auth/entities/refresh-token.entity';
import { User } from '../../src/modules/users/entities/user.entity';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { bearer, createUser, STRONG_PASSWORD } from '../support/factories';
import {
  startGoogleStandIn,
  TEST_GOOGLE_CALLBACK_URL,
  TEST_GOOGLE_CLIENT_ID,
  type GoogleStandIn,
  type GoogleUserinfo,
} from '../support/google';

const FRONTEND = 'http://frontend.test';
const INVALID_TOKEN = { statusCode: 401, detail: 'Invalid Google token' };
const NEMO: GoogleUserinfo = {
  sub: '104000000000000000001',
  email: 'nemo.diver+maps@gmail.com',
  email_verified: true,
  name: 'Nemo Diver',
  picture: 'https://lh3.googleusercontent.com/a/nemo',
};

function setCookies(res: request.Response): string[] {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []);
}

function cookieNamed(res: request.Response, name: string): string | undefined {
  return setCookies(res).find((c) => c.startsWith(`${name}=`));
}

/** `name=value` of a Set-Cookie line, as a browser sends it back. */
function pair(setCookie: string): string {
  return setCookie.split(';')[0];
}

/** The attributes of a Set-Cookie line, without its value and its (time-dependent) Expires. */
function attributes(setCookie: string): string[] {
  return setCookie
    .split(';')
    .slice(1)
    .map((a) => a.trim())
    .filter((a) => !/^expires=/i.test(a))
    .sort();
}

describe('Google sign-in', () => {
  let google: GoogleStandIn;
  /** FRONTEND_URL set: the callback redirects. */
  let web: TestApp;
  /** No FRONTEND_URL: the callback answers JSON. */
  let api: TestApp;
  /** No GOOGLE_* settings at all. */
  let off: TestApp;

  beforeAll(async () => {
    google = await startGoogleStandIn();
    // Both configured apps share the Google settings (passport's strategy registry is per process).
    web = await createTestApp({ env: google.env({ FRONTEND_URL: FRONTEND }) });
    api = await createTestApp({ env: google.env() });
    off = await createTestApp();
  });
  beforeEach(async () => {
    await resetDatabase(web.ds);
    await google.reset();
  });
  afterAll(async () => {
    await Promise.all([web?.app.close(), api?.app.close(), off?.app.close()]);
    await google?.stop();
  });

  const users = () => web.ds.getRepository(User);

  /** GET /auth/google: the redirect to the authorization server and the state cookie. */
  async function start(t: TestApp): Promise<{ authorizeUrl: URL; stateCookie: string }> {
    const res = await request(t.app.getHttpServer()).get('/api/v1/auth/google').expect(302);
    const stateCookie = cookieNamed(res, 'google_oauth_state');
    expect(stateCookie).toBeDefined();
    return { authorizeUrl: new URL(res.headers.location), stateCookie: stateCookie! };
  }

  /** The browser at the authorization server: it redirects back to our callback with code and state. */
  async function authorize(authorizeUrl: URL): Promise<URL> {
    const res = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!);
  }

  /** The browser back at our callback, with the given cookie header (if any). */
  function callback(t: TestApp, callbackUrl: URL, cookie?: string): Promise<request.Response> {
    const req = request(t.app.getHttpServer()).get(`${callbackUrl.pathname}${callbackUrl.search}`);
    return cookie ? req.set('Cookie', cookie) : req;
  }

  /** The whole browser round trip: our app → authorization server → our callback. */
  async function signIn(t: TestApp): Promise<request.Response> {
    const { authorizeUrl, stateCookie } = await start(t);
    return callback(t, await authorize(authorizeUrl), pair(stateCookie));
  }

  function expectFrontendError(res: request.Response, code: string): void {
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${FRONTEND}/auth/callback?error=${code}`);
    expect(cookieNamed(res, 'refresh_token')).toBeUndefined();
  }

  describe('redirect flow', () => {
    it('GET /auth/google redirects to the authorization URL with PKCE and a signed, scoped state cookie', async () => {
      const { authorizeUrl, stateCookie } = await start(web);
      expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${google.oauthUrl}/authorize`);
      const q = authorizeUrl.searchParams;
      expect(q.get('client_id')).toBe(TEST_GOOGLE_CLIENT_ID);
      expect(q.get('redirect_uri')).toBe(TEST_GOOGLE_CALLBACK_URL);
      expect(q.get('response_type')).toBe('code');
      expect(q.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));
      expect(q.get('code_challenge_method')).toBe('S256');
      expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{32,}$/);
      expect(stateCookie).toMatch(/HttpOnly/);
      expect(stateCookie).toMatch(/SameSite=Lax/);
      expect(stateCookie).toMatch(/Path=\/api\/v1\/auth\/google(;|$)/);
      expect(stateCookie).toMatch(/Max-Age=600/);
      // The verifier never leaves us in the clear: Google gets only its S256 challenge.
      expect(authorizeUrl.search).not.toContain('code_verifier');
    });

    it('first sign-in creates the user and lands on the frontend without tokens; the cookie refreshes; a second sign-in reuses the user', async () => {
      await google.setUserinfo(NEMO);
      const res = await signIn(web);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`${FRONTEND}/auth/callback`);
      expect(res.headers['cache-control']).toBe('no-store');
      const refresh = cookieNamed(res, 'refresh_token')!;
      expect(refresh).toBeDefined();
      expect(refresh).toMatch(/HttpOnly/);
      expect(refresh).toMatch(/SameSite=Strict/);
      expect(refresh).toMatch(/Path=\/api\/v1\/auth(;|$)/);
      const refreshValue = pair(refresh).split('=')[1];
      expect(res.headers.location).not.toContain(refreshValue);
      expect(res.headers.location).not.toMatch(/token|code|state/i);
      // The single-use state cookie is cleared.
      expect(cookieNamed(res, 'google_oauth_state')).toMatch(
        /^google_oauth_state=;.*Expires=Thu, 01 Jan 1970/,
      );

      const user = await users().findOneByOrFail({ googleId: NEMO.sub });
      expect(user).toMatchObject({
        username: 'nemo_diver',
        email: NEMO.email,
        name: 'Nemo Diver',
        avatarUrl: NEMO.picture,
        enabled: true,
        isAdmin: false,
      });
      expect(user.passwordHash).toMatch(/^\$argon2id\$/);

      // PKCE: the token request carried the verifier and the server checked it against the challenge.
      const seen = await google.seen();
      expect(seen.token).toHaveLength(1);
      expect(seen.token[0].code_verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
      expect(seen.token[0].client_id).toBe(TEST_GOOGLE_CLIENT_ID);

      // The frontend then calls /auth/refresh with the cookie.
      const refreshed = await request(web.app.getHttpServer())
        .post('/api/v1/auth/refresh')
        .set('Cookie', pair(refresh))
        .expect(200);
      expect(refreshed.body.user).toMatchObject({ id: user.id, username: 'nemo_diver' });
      await request(web.app.getHttpServer())
        .get('/api/v1/auth/me')
        .set(bearer(refreshed.body.access_token))
        .expect(200);

      const again = await signIn(web);
      expect(again.headers.location).toBe(`${FRONTEND}/auth/callback`);
      expect(await users().count()).toBe(1);
      expect(await web.ds.getRepository(RefreshToken).countBy({ userId: user.id })).toBeGreaterThanOrEqual(2);
    });

    it('without FRONTEND_URL the callback answers the token JSON and sets the cookie', async () => {
      await google.setUserinfo(NEMO);
      const res = await signIn(api);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        token_type: 'bearer',
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        user: { username: 'nemo_diver', email: NEMO.email },
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password/i);
      expect(cookieNamed(res, 'refresh_token')).toContain(`refresh_token=${res.body.refresh_token}`);
      await request(api.app.getHttpServer())
        .get('/api/v1/auth/me')
        .set(bearer(res.body.access_token))
        .expect(200);
    });

    it('links to an existing local account by e-mail when Google verified it, filling only empty fields', async () => {
      const local = await createUser(web.ds, {
        username: 'captain',
        email: 'nemo@example.org',
        name: 'Captain Nemo',
      });
      await google.setUserinfo({ ...NEMO, email: 'nemo@example.org' });
      const res = await signIn(web);
      expect(res.headers.location).toBe(`${FRONTEND}/auth/callback`);
      expect(await users().count()).toBe(1);
      const linked = await users().findOneByOrFail({ id: local.id });
      expect(linked).toMatchObject({
        googleId: NEMO.sub,
        username: 'captain',
        name: 'Captain Nemo',
        avatarUrl: NEMO.picture,
      });
      // The password still works: linking adds a way in, it does not replace one.
      await request(web.app.getHttpServer())
        .post('/api/v1/auth/login')
        .send({ username: 'captain', password: STRONG_PASSWORD })
        .expect(200);
    });

    it('refuses to link when Google has not verified the e-mail', async () => {
      const local = await createUser(web.ds, { username: 'captain', email: 'nemo@example.org' });
      await google.setUserinfo({ ...NEMO, email: 'nemo@example.org', email_verified: false });
      expectFrontendError(await signIn(web), 'email_not_verified');
      const json = await signIn(api);
      expect(json.status).toBe(400);
      expect(json.body).toMatchObject({
        error: 'email_not_verified',
        detail: expect.stringMatching(/not verified/),
      });
      expect(await users().count()).toBe(1);
      expect((await users().findOneByOrFail({ id: local.id })).googleId).toBeNull();
    });

    it('refuses a disabled account, linked or found by e-mail, without linking it', async () => {
      await createUser(web.ds, {
        username: 'gone',
        email: 'gone@example.org',
        googleId: NEMO.sub,
        enabled: false,
      });
      await google.setUserinfo(NEMO);
      expectFrontendError(await signIn(web), 'account_disabled');
      const json = await signIn(api);
      expect(json.status).toBe(403);
      expect(json.body.detail).toBe('Account is disabled or archived');

      const archived = await createUser(web.ds, {
        username: 'archived',
        email: 'archived@example.org',
        enabled: false,
        deletedAt: new Date(),
      });
      await google.setUserinfo({
        sub: '104000000000000000002',
        email: 'archived@example.org',
        email_verified: true,
      });
      expectFrontendError(await signIn(web), 'account_disabled');
      expect((await users().findOneByOrFail({ id: archived.id })).googleId).toBeNull();
      expect(await web.ds.getRepository(RefreshToken).count()).toBe(0);
    });

    it('rejects a missing, tampered or foreign state before talking to the token endpoint', async () => {
      await google.setUserinfo(NEMO);
      const { authorizeUrl, stateCookie } = await start(web);
      const callbackUrl = await authorize(authorizeUrl);

      expectFrontendError(await callback(web, callbackUrl), 'invalid_state');

      const value = pair(stateCookie);
      const tampered = value.slice(0, -2) + (value.endsWith('AA') ? 'BB' : 'AA');
      expectFrontendError(await callback(web, callbackUrl, tampered), 'invalid_state');

      // A genuine cookie of another sign-in does not match this callback's state.
      const other = await start(web);
      expectFrontendError(await callback(web, callbackUrl, pair(other.stateCookie)), 'invalid_state');

      // Without FRONTEND_URL the refusal is the JSON error.
      const json = await callback(api, callbackUrl);
      expect(json.status).toBe(401);
      expect(json.body).toMatchObject({ detail: 'Invalid or expired sign-in state', error: 'invalid_state' });

      expect((await google.seen()).token).toHaveLength(0);
      expect(await users().count()).toBe(0);
    });

    it('reports a declined consent and a callback without a code', async () => {
      await google.denyConsent(true);
      expectFrontendError(await signIn(web), 'access_denied');
      const json = await signIn(api);
      expect(json.status).toBe(401);
      expect(json.body.error).toBe('access_denied');

      const res = await request(web.app.getHttpServer()).get('/api/v1/auth/google/callback?state=x');
      expectFrontendError(res, 'invalid_request');
      expect(await users().count()).toBe(0);
    });

    it('reports a failed code exchange (a replayed callback: the code and its PKCE challenge are spent)', async () => {
      await google.setUserinfo(NEMO);
      const { authorizeUrl, stateCookie } = await start(web);
      const callbackUrl = await authorize(authorizeUrl);
      expect((await callback(web, callbackUrl, pair(stateCookie))).headers.location).toBe(
        `${FRONTEND}/auth/callback`,
      );
      expectFrontendError(await callback(web, callbackUrl, pair(stateCookie)), 'google_error');
      const json = await callback(api, callbackUrl, pair(stateCookie));
      expect(json.status).toBe(401);
      expect(json.body).toMatchObject({ detail: 'Google authentication failed', error: 'google_error' });
      expect(await web.ds.getRepository(RefreshToken).count()).toBe(1);
    });

    it('gives a new user whose derived username is taken a numeric suffix', async () => {
      await createUser(web.ds, { username: 'nemo', email: 'nemo@example.org' });
      await createUser(web.ds, { username: 'Nemo1', email: 'nemo1@example.org' });
      await google.setUserinfo({
        sub: '104000000000000000003',
        email: 'nemo@gmail.com',
        email_verified: true,
      });
      expect((await signIn(web)).headers.location).toBe(`${FRONTEND}/auth/callback`);
      expect((await users().findOneByOrFail({ googleId: '104000000000000000003' })).username).toBe('nemo2');
    });
  });

  describe('ID-token flow (POST /auth/google-login)', () => {
    const login = (t: TestApp, body: object) =>
      request(t.app.getHttpServer()).post('/api/v1/auth/google-login').send(body);

    it('accepts a valid token: 200, tokens, the refresh cookie as login sets it; the same user next time', async () => {
      const token = await google.idToken({ claims: { ...NEMO } });
      const res = await login(web, { token }).expect(200);
      expect(res.body).toMatchObject({
        token_type: 'bearer',
        expires_in: 1800,
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        user: { username: 'nemo_diver', email: NEMO.email, name: 'Nemo Diver', enabled: true },
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password/i);
      const cookie = cookieNamed(res, 'refresh_token')!;
      expect(pair(cookie)).toBe(`refresh_token=${res.body.refresh_token}`);

      const registered = await request(web.app.getHttpServer())
        .post('/api/v1/auth/register')
        .send({ username: 'someone', email: 'someone@example.org', password: STRONG_PASSWORD })
        .expect(201);
      expect(attributes(cookie)).toEqual(attributes(cookieNamed(registered, 'refresh_token')!));

      await request(web.app.getHttpServer())
        .get('/api/v1/auth/me')
        .set(bearer(res.body.access_token))
        .expect(200);
      const again = await login(web, { token: await google.idToken({ claims: { ...NEMO } }) }).expect(200);
      expect(again.body.user.id).toBe(res.body.user.id);
      expect(await users().countBy({ googleId: NEMO.sub })).toBe(1);
    });

    it.each([
      ['issued to another audience', { claims: { ...NEMO, aud: 'someone-else.apps.googleusercontent.com' } }],
      ['from another issuer', { claims: { ...NEMO, iss: 'https://evil.example' } }],
      [
        'expired an hour ago',
        { claims: { ...NEMO }, issuedAt: Math.floor(Date.now() / 1000) - 7200, expiresIn: 3600 },
      ],
    ])('rejects a token %s: 401', async (_case, options) => {
      const res = await login(web, { token: await google.idToken(options) }).expect(401);
      expect(res.body).toMatchObject(INVALID_TOKEN);
      expect(await users().count()).toBe(0);
    });

    it('rejects garbage, a forged signature and a foreign key with 401, never 500', async () => {
      const good = await google.idToken({ claims: { ...NEMO } });
      const [header, payload, signature] = good.split('.');
      const forgedPayload = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'someone-else' }),
      ).toString('base64url');
      const unknownKid = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(header, 'base64url').toString()), kid: 'unknown' }),
      ).toString('base64url');
      const noneAlg = Buffer.from(JSON.stringify({ alg: 'none', kid: google.kid })).toString('base64url');
      for (const token of [
        'garbage',
        'a.b.c',
        `${header}.${payload}`,
        `${header}.${forgedPayload}.${signature}`,
        `${unknownKid}.${payload}.${signature}`,
        `${noneAlg}.${payload}.`,
        `${header}.${payload}.${signature.slice(0, -4)}AAAA`,
      ]) {
        const res = await login(web, { token });
        expect({ token, status: res.status }).toEqual({ token, status: 401 });
        expect(res.body).toMatchObject(INVALID_TOKEN);
      }
      expect(await users().count()).toBe(0);
    });

    it('answers 422 without a token', async () => {
      const res = await login(web, {}).expect(422);
      expect((res.body.detail as Array<{ loc: string[] }>)[0].loc).toEqual(['body', 'token']);
    });

    it('links by verified e-mail, refuses an unverified one, refuses a disabled account', async () => {
      const local = await createUser(web.ds, { username: 'captain', email: 'nemo@example.org' });
      const unverified = await google.idToken({
        claims: { ...NEMO, email: 'nemo@example.org', email_verified: false },
      });
      const refused = await login(web, { token: unverified }).expect(400);
      expect(refused.body.error).toBe('email_not_verified');
      expect((await users().findOneByOrFail({ id: local.id })).googleId).toBeNull();

      const verified = await google.idToken({ claims: { ...NEMO, email: 'nemo@example.org' } });
      const res = await login(web, { token: verified }).expect(200);
      expect(res.body.user).toMatchObject({ id: local.id, username: 'captain' });
      expect((await users().findOneByOrFail({ id: local.id })).googleId).toBe(NEMO.sub);

      await users().update({ id: local.id }, { enabled: false });
      const disabled = await login(web, { token: verified }).expect(403);
      expect(disabled.body.detail).toBe('Account is disabled or archived');

      // Another Google account with the same (verified) e-mail does not take the account over.
      await users().update({ id: local.id }, { enabled: true });
      const otherAccount = await google.idToken({
        claims: { sub: '104000000000000000999', email: 'nemo@example.org', email_verified: true },
      });
      const conflict = await login(web, { token: otherAccount }).expect(400);
      expect(conflict.body.error).toBe('account_conflict');
      expect((await users().findOneByOrFail({ id: local.id })).googleId).toBe(NEMO.sub);
    });

    it('derives usernames race-safely: concurrent new users get nemo, nemo1, nemo2; one Google account makes one user', async () => {
      const tokens = await Promise.all(
        ['a', 'b', 'c'].map((s, i) =>
          google.idToken({
            claims: { sub: `10400000000000000010${i}`, email: `nemo@${s}.example.org`, email_verified: true },
          }),
        ),
      );
      const results = await Promise.all(tokens.map((token) => login(web, { token })));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(results.map((r) => r.body.user.username as string).sort()).toEqual(['nemo', 'nemo1', 'nemo2']);

      const same = await google.idToken({ claims: { ...NEMO } });
      const twice = await Promise.all([1, 2, 3].map(() => login(web, { token: same })));
      expect(twice.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(new Set(twice.map((r) => r.body.user.id as number)).size).toBe(1);
      expect(await users().countBy({ googleId: NEMO.sub })).toBe(1);
    });

    it('never gives a reserved name: admin@… becomes admin1', async () => {
      const token = await google.idToken({
        claims: { sub: '104000000000000000200', email: 'Admin@example.org', email_verified: true },
      });
      const res = await login(web, { token }).expect(200);
      expect(res.body.user.username).toBe('Admin1');
    });
  });

  describe('not configured', () => {
    it('mounts no Google route: 404, absent from /openapi.json, and the app serves the rest', async () => {
      const http = off.app.getHttpServer();
      for (const res of [
        await request(http).post('/api/v1/auth/google-login').send({ token: 'a.b.c' }),
        await request(http).get('/api/v1/auth/google'),
        await request(http).get('/api/v1/auth/google/callback?code=x&state=y'),
      ]) {
        expect(res.status).toBe(404);
      }
      const paths = Object.keys((await request(http).get('/openapi.json').expect(200)).body.paths as object);
      expect(paths.filter((p) => p.includes('google'))).toEqual([]);
      expect(paths).toContain('/api/v1/auth/login');
      await request(http)
        .post('/api/v1/auth/register')
        .send({ username: 'still_up', email: 'up@example.org', password: STRONG_PASSWORD })
        .expect(201);
    });

    it('with only GOOGLE_CLIENT_ID mounts the ID-token flow and not the redirect flow', async () => {
      const idOnly = await createTestApp({ env: { GOOGLE_CLIENT_ID: TEST_GOOGLE_CLIENT_ID } });
      try {
        const http = idOnly.app.getHttpServer();
        const paths = Object.keys(
          (await request(http).get('/openapi.json').expect(200)).body.paths as object,
        );
        expect(paths.filter((p) => p.includes('google'))).toEqual(['/api/v1/auth/google-login']);
        await request(http).get('/api/v1/auth/google').expect(404);
        await request(http).get('/api/v1/auth/google/callback?code=x&state=y').expect(404);
        // Mounted: a token that is not a JWT is the caller's mistake, not a missing route.
        const res = await request(http).post('/api/v1/auth/google-login').send({ token: 'a.b.c' });
        expect(res.status).toBe(401);
      } finally {
        await idOnly.app.close();
      }
    });
  });
});
