import request from 'supertest';
import type { App } from 'supertest/types';
import { RefreshToken } from '../../src/modules/auth/entities/refresh-token.entity';
import { User } from '../../src/modules/users/entities/user.entity';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { bearer, createUser, STRONG_PASSWORD, tokenFor } from '../support/factories';

const REGISTER = { username: 'nemo_diver', email: 'nemo@example.org', password: STRONG_PASSWORD };

function refreshCookie(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith('refresh_token='));
}

describe('auth', () => {
  let t: TestApp;
  let http: App;

  beforeAll(async () => {
    t = await createTestApp();
    http = t.app.getHttpServer();
  });
  beforeEach(() => resetDatabase(t.ds));
  afterAll(() => t?.app.close());

  describe('register', () => {
    it('creates the user and signs them in: 201, tokens, cookie, no password hash', async () => {
      const res = await request(http).post('/api/v1/auth/register').send(REGISTER).expect(201);
      expect(res.body).toMatchObject({
        token_type: 'bearer',
        expires_in: 1800,
        message: expect.any(String),
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        user: { username: 'nemo_diver', email: 'nemo@example.org', is_admin: false, enabled: true },
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password/i);
      const cookie = refreshCookie(res)!;
      expect(cookie).toContain(`refresh_token=${res.body.refresh_token}`);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
      const stored = await t.ds.getRepository(User).findOneByOrFail({ username: 'nemo_diver' });
      expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
      const sessions = await t.ds.getRepository(RefreshToken).findBy({ userId: stored.id });
      expect(sessions).toHaveLength(1);
      expect(sessions[0].tokenHash).not.toBe(res.body.refresh_token);
    });

    it.each([
      [{ ...REGISTER, password: 'alllowercase1!' }, /uppercase/],
      [{ ...REGISTER, password: 'NoDigitsHere!!' }, /digit/],
      [{ ...REGISTER, password: 'NoSpecials123' }, /special/],
      [{ ...REGISTER, username: 'Admin' }, /reserved/],
    ])('refuses %j with 400 and the reason', async (body, reason) => {
      const res = await request(http).post('/api/v1/auth/register').send(body).expect(400);
      expect(res.body.detail).toMatch(reason);
      expect(await t.ds.getRepository(User).count()).toBe(0);
    });

    it('answers 422 with the field named for schema violations', async () => {
      const res = await request(http)
        .post('/api/v1/auth/register')
        .send({ username: 'a b', email: 'not-an-email', password: 'short' })
        .expect(422);
      const locs = (res.body.detail as Array<{ loc: string[] }>).map((d) => d.loc.join('.'));
      expect(locs).toEqual(expect.arrayContaining(['body.username', 'body.email', 'body.password']));
    });

    it('refuses a taken username or e-mail with 400, also when two requests race', async () => {
      await request(http).post('/api/v1/auth/register').send(REGISTER).expect(201);
      const again = await request(http)
        .post('/api/v1/auth/register')
        .send({ ...REGISTER, username: 'other_name', email: 'NEMO@example.org' })
        .expect(400);
      expect(again.body.detail).toBe('Username or email already registered');

      const race = { username: 'racer', email: 'racer@example.org', password: STRONG_PASSWORD };
      const results = await Promise.all(
        [1, 2, 3].map(() => request(http).post('/api/v1/auth/register').send(race)),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 400, 400]);
      expect(await t.ds.getRepository(User).countBy({ username: 'racer' })).toBe(1);
    });
  });

  describe('login, me, refresh, logout', () => {
    beforeEach(() => request(http).post('/api/v1/auth/register').send(REGISTER).expect(201));

    it('logs in by username and by e-mail; wrong password and unknown user get the same 401', async () => {
      const byName = await request(http)
        .post('/api/v1/auth/login')
        .send({ username: 'nemo_diver', password: STRONG_PASSWORD })
        .expect(200);
      expect(byName.body.user.username).toBe('nemo_diver');
      expect(refreshCookie(byName)).toBeDefined();
      await request(http)
        .post('/api/v1/auth/login')
        .send({ username: 'nemo@example.org', password: STRONG_PASSWORD })
        .expect(200);
      const wrong = await request(http)
        .post('/api/v1/auth/login')
        .send({ username: 'nemo_diver', password: 'Wrong-pass1!' })
        .expect(401);
      const unknown = await request(http)
        .post('/api/v1/auth/login')
        .send({ username: 'nobody', password: 'Wrong-pass1!' })
        .expect(401);
      expect(wrong.body.detail).toBe('Incorrect username/email or password');
      expect(unknown.body).toEqual(wrong.body);
      const user = await t.ds.getRepository(User).findOneByOrFail({ username: 'nemo_diver' });
      expect(user.lastAccessedAt).not.toBeNull();
    });

    it('GET /auth/me answers the caller', async () => {
      const login = await request(http)
        .post('/api/v1/auth/login')
        .send({ username: 'nemo_diver', password: STRONG_PASSWORD });
      const me = await request(http).get('/api/v1/auth/me').set(bearer(login.body.access_token)).expect(200);
      expect(me.body).toMatchObject({ username: 'nemo_diver', email: 'nemo@example.org' });
      expect(me.body).not.toHaveProperty('password_hash');
    });

    it('rotates refresh tokens (cookie or body); the old one is rejected; reuse after the grace ends the session', async () => {
      const login = await request(http)
        .post('/api/v1/auth/login')
        .send({ username: 'nemo_diver', password: STRONG_PASSWORD });
      const first = login.body.refresh_token as string;

      const byCookie = await request(http)
        .post('/api/v1/auth/refresh')
        .set('Cookie', `refresh_token=${first}`)
        .expect(200);
      const second = byCookie.body.refresh_token as string;
      expect(second).not.toBe(first);
      expect(refreshCookie(byCookie)).toContain(second);
      await request(http).get('/api/v1/auth/me').set(bearer(byCookie.body.access_token)).expect(200);

      // Within the grace (two tabs racing): 401, and nothing else happens.
      const raced = await request(http)
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: first })
        .expect(401);
      expect(raced.body.detail).toBe('Token refresh failed');
      const byBody = await request(http)
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: second })
        .expect(200);
      const third = byBody.body.refresh_token as string;

      // After the grace, presenting a rotated token revokes its whole session.
      await t.ds.query('UPDATE refresh_tokens SET rotated_at = DATE_SUB(rotated_at, INTERVAL 1 MINUTE)');
      await request(http).post('/api/v1/auth/refresh').send({ refresh_token: second }).expect(401);
      await request(http).post('/api/v1/auth/refresh').send({ refresh_token: third }).expect(401);
      // Exactly that session (its 3 tokens) is revoked; the registration's session is untouched.
      const rows = await t.ds.getRepository(RefreshToken).find();
      const reused = rows.filter((r) => r.revokedReason === 'reuse_detected');
      expect(reused).toHaveLength(3);
      expect(new Set(reused.map((r) => r.sessionId)).size).toBe(1);
      expect(rows.filter((r) => r.revokedAt === null)).toHaveLength(1);
    });

    it('refresh without a token, or with garbage, is 401', async () => {
      const none = await request(http).post('/api/v1/auth/refresh').expect(401);
      expect(none.body.detail).toBe('Refresh token not found');
      await request(http).post('/api/v1/auth/refresh').send({ refresh_token: 'garbage' }).expect(401);
    });

    it('logout revokes the session and clears the cookie; the refresh token then fails', async () => {
      const login = await request(http)
        .post('/api/v1/auth/login')
        .send({ username: 'nemo_diver', password: STRONG_PASSWORD });
      const out = await request(http)
        .post('/api/v1/auth/logout')
        .set('Cookie', `refresh_token=${login.body.refresh_token}`)
        .expect(200);
      expect(out.body).toEqual({ message: 'Logged out successfully' });
      expect(refreshCookie(out)).toMatch(/refresh_token=;/);
      await request(http)
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: login.body.refresh_token })
        .expect(401);
      await request(http).post('/api/v1/auth/logout').expect(200);
    });

    it('keeps at most 5 sessions: the 6th login revokes the oldest', async () => {
      // register already opened session 1
      const logins: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await request(http)
          .post('/api/v1/auth/login')
          .set('User-Agent', `device-${i}`)
          .send({ username: 'nemo_diver', password: STRONG_PASSWORD });
        logins.push(res.body.refresh_token as string);
      }
      const access = (await request(http).post('/api/v1/auth/refresh').send({ refresh_token: logins[4] }))
        .body.access_token as string;
      const list = await request(http).get('/api/v1/auth/tokens').set(bearer(access)).expect(200);
      expect(list.body).toHaveLength(5);
      expect((list.body as Array<{ device_info: string }>).map((s) => s.device_info)).toEqual(
        expect.arrayContaining(['device-0', 'device-1', 'device-2', 'device-3', 'device-4']),
      );
      // The oldest (the registration's) is gone; the 2nd-oldest still works.
      await request(http).post('/api/v1/auth/refresh').send({ refresh_token: logins[0] }).expect(200);
    });

    it('lists and revokes the caller’s own sessions only', async () => {
      const login = await request(http)
        .post('/api/v1/auth/login')
        .send({ username: 'nemo_diver', password: STRONG_PASSWORD });
      const token = login.body.access_token as string;
      const list = await request(http).get('/api/v1/auth/tokens').set(bearer(token)).expect(200);
      expect(list.body).toHaveLength(2);
      const other = await createUser(t.ds);
      await request(http)
        .delete(`/api/v1/auth/tokens/${list.body[0].id}`)
        .set(bearer(tokenFor(t, other)))
        .expect(404);
      await request(http).delete(`/api/v1/auth/tokens/${list.body[0].id}`).set(bearer(token)).expect(200);
      await request(http).delete(`/api/v1/auth/tokens/${list.body[0].id}`).set(bearer(token)).expect(404);
      await request(http).delete('/api/v1/auth/tokens/not-a-uuid').set(bearer(token)).expect(404);
      expect((await request(http).get('/api/v1/auth/tokens').set(bearer(token))).body).toHaveLength(1);
    });
  });

  describe('the access-token guard', () => {
    it('401 Not authenticated (with WWW-Authenticate) without or with a malformed header', async () => {
      const none = await request(http).get('/api/v1/auth/me').expect(401);
      expect(none.body.detail).toBe('Not authenticated');
      expect(none.headers['www-authenticate']).toBe('Bearer');
      await request(http).get('/api/v1/auth/me').set('Authorization', 'Basic abc').expect(401);
    });

    it('401 for forged and expired tokens and for deleted users', async () => {
      const user = await createUser(t.ds);
      const forged = tokenFor(
        { ...t, config: { ...t.config, jwt: { ...t.config.jwt, secret: 'x'.repeat(40) } } },
        user,
      );
      const res = await request(http).get('/api/v1/auth/me').set(bearer(forged)).expect(401);
      expect(res.body.detail).toBe('Could not validate credentials');
      await request(http)
        .get('/api/v1/auth/me')
        .set(bearer(tokenFor(t, user, -10)))
        .expect(401);
      const ghost = tokenFor(t, { ...user, id: user.id + 1000 });
      await request(http).get('/api/v1/auth/me').set(bearer(ghost)).expect(401);
    });

    it('a disabled user’s token gets 403 from the next call on; archived users 401', async () => {
      const user = await createUser(t.ds);
      const token = tokenFor(t, user);
      await request(http).get('/api/v1/auth/me').set(bearer(token)).expect(200);
      await t.ds.getRepository(User).update(user.id, { enabled: false });
      const res = await request(http).get('/api/v1/auth/me').set(bearer(token)).expect(403);
      expect(res.body.detail).toBe('User account is disabled');
      await t.ds.getRepository(User).update(user.id, { deletedAt: new Date() });
      await request(http).get('/api/v1/auth/me').set(bearer(token)).expect(401);
    });

    it('disabled accounts cannot log in: 403 after a correct password only', async () => {
      await createUser(t.ds, { username: 'sleeper', enabled: false });
      const res = await request(http)
        .post('/api/v1/auth/login')
        .send({ username: 'sleeper', password: STRONG_PASSWORD })
        .expect(403);
      expect(res.body.detail).toBe('Account is disabled or archived');
      await request(http)
        .post('/api/v1/auth/login')
        .send({ username: 'sleeper', password: 'Wrong-pass1!' })
        .expect(401);
    });

    it('public routes ignore invalid tokens', async () => {
      await request(http).get('/').set(bearer('garbage')).expect(200);
    });
  });
});

describe('rate limits (D18)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_LOGIN_PER_MINUTE: '3', TRUST_PROXY: '1' } });
  });
  afterAll(() => t?.app.close());

  it('answers 429 with Retry-After and the contract body past the limit, per client IP', async () => {
    const http = t.app.getHttpServer() as App;
    const attempt = (ip: string) =>
      request(http)
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ username: 'x', password: 'y' });
    for (let i = 0; i < 3; i++) expect((await attempt('203.0.113.7')).status).toBe(401);
    const limited = await attempt('203.0.113.7');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({
      detail: 'Rate limit exceeded. Please try again later.',
      error: 'rate_limit_exceeded',
    });
    // Another client is not affected; unrelated routes are not limited.
    expect((await attempt('198.51.100.9')).status).toBe(401);
    for (let i = 0; i < 5; i++)
      await request(http).get('/health/live').set('X-Forwarded-For', '203.0.113.7').expect(200);
  });
});
