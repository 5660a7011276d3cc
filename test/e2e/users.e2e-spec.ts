import request from 'supertest';
import type { App } from 'supertest/types';
import { RefreshToken } from '../../src/modules/auth/entities/refresh-token.entity';
import { PasswordService } from '../../src/modules/auth/password.service';
import { User } from '../../src/modules/users/entities/user.entity';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { bearer, createUser, STRONG_PASSWORD, tokenFor } from '../support/factories';

/** Every response of this file goes through this: no password hash may ever leave the API. */
function noPasswordHash(res: request.Response): void {
  expect(JSON.stringify(res.body ?? null)).not.toMatch(/password_?hash/i);
  expect(res.text ?? '').not.toMatch(/\$argon2/);
}

describe('users: /users/me and public profiles', () => {
  let t: TestApp;
  let server: App;

  const call = (method: 'get' | 'put' | 'post' | 'delete', url: string, token?: string) => {
    const req = request(server)[method](`/api/v1${url}`).expect(noPasswordHash);
    return token ? req.set(bearer(token)) : req;
  };

  beforeAll(async () => {
    t = await createTestApp();
    server = t.app.getHttpServer();
  });
  beforeEach(() => resetDatabase(t.ds));
  afterAll(() => t?.app.close());

  const reload = (id: number) => t.ds.getRepository(User).findOneByOrFail({ id });

  /** Opens `n` refresh sessions for a user by logging in (sessions are what these endpoints revoke). */
  async function login(username: string, password = STRONG_PASSWORD): Promise<request.Response> {
    return call('post', '/auth/login').send({ username, password });
  }

  describe('PUT /users/me', () => {
    it('updates the profile fields and answers the user (never the hash); e-mail is ignored', async () => {
      const user = await createUser(t.ds, { username: 'old_name' });
      const res = await call('put', '/users/me', tokenFor(t, user))
        .send({
          username: 'new_name',
          name: '  Jacques <b>Cousteau</b> ',
          number_of_dives: 120,
          diving_certification: 'CMAS ***',
          buddy_visibility: 'private',
          email: 'changed@example.org',
        })
        .expect(200);
      expect(res.body).toMatchObject({
        id: user.id,
        username: 'new_name',
        name: 'Jacques Cousteau',
        number_of_dives: 120,
        diving_certification: 'CMAS ***',
        buddy_visibility: 'private',
        email: user.email,
      });
      const stored = await reload(user.id);
      expect(stored).toMatchObject({ username: 'new_name', email: user.email, buddyVisibility: 'private' });
    });

    it('a renamed user keeps using their token (sub is the id)', async () => {
      const user = await createUser(t.ds);
      const token = tokenFor(t, user);
      await call('put', '/users/me', token).send({ username: 'renamed_diver' }).expect(200);
      const me = await call('get', '/auth/me', token).expect(200);
      expect(me.body.username).toBe('renamed_diver');
    });

    it('null clears name and certification; an empty body changes nothing', async () => {
      const user = await createUser(t.ds, { name: 'Someone', divingCertification: 'PADI OW' });
      const token = tokenFor(t, user);
      const same = await call('put', '/users/me', token).send({}).expect(200);
      expect(same.body).toMatchObject({ name: 'Someone', diving_certification: 'PADI OW' });
      const cleared = await call('put', '/users/me', token)
        .send({ name: null, diving_certification: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ name: null, diving_certification: null });
    });

    it('refuses a password field with 400 (change-password exists for that)', async () => {
      const user = await createUser(t.ds);
      const res = await call('put', '/users/me', tokenFor(t, user))
        .send({ name: 'X', password: 'An0ther-Secret!' })
        .expect(400);
      expect(res.body.detail).toBe('Use /users/me/change-password');
      expect((await reload(user.id)).passwordHash).toBe(user.passwordHash);
      expect((await reload(user.id)).name).toBeNull();
    });

    it.each(['admin', 'ROOT', 'Support'])('refuses the reserved username %p with 400', async (username) => {
      const user = await createUser(t.ds);
      const res = await call('put', '/users/me', tokenFor(t, user)).send({ username }).expect(400);
      expect(res.body.detail).toBe('This username is reserved');
    });

    it('refuses a taken username (any case) with 400, also when two users race for it', async () => {
      await createUser(t.ds, { username: 'taken_name' });
      const user = await createUser(t.ds);
      const res = await call('put', '/users/me', tokenFor(t, user))
        .send({ username: 'TAKEN_name' })
        .expect(400);
      expect(res.body.detail).toBe('Username already registered');

      const a = await createUser(t.ds);
      const b = await createUser(t.ds);
      const results = await Promise.all(
        [a, b].map((u) => call('put', '/users/me', tokenFor(t, u)).send({ username: 'contested' })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
      expect(results.find((r) => r.status === 400)?.body.detail).toBe('Username already registered');
      expect(await t.ds.getRepository(User).countBy({ username: 'contested' })).toBe(1);
    });

    it('a case-only rename of yourself is allowed', async () => {
      const user = await createUser(t.ds, { username: 'cased_name' });
      const res = await call('put', '/users/me', tokenFor(t, user))
        .send({ username: 'Cased_Name' })
        .expect(200);
      expect(res.body.username).toBe('Cased_Name');
    });

    it('answers 422 for invalid fields, naming each', async () => {
      const user = await createUser(t.ds);
      const res = await call('put', '/users/me', tokenFor(t, user))
        .send({
          username: 'a b',
          name: '',
          number_of_dives: -1,
          diving_certification: 'x'.repeat(101),
          buddy_visibility: 'friends',
        })
        .expect(422);
      const locs = (res.body.detail as Array<{ loc: string[] }>).map((d) => d.loc.join('.'));
      expect(locs).toEqual(
        expect.arrayContaining([
          'body.username',
          'body.name',
          'body.number_of_dives',
          'body.diving_certification',
          'body.buddy_visibility',
        ]),
      );
      const nulls = await call('put', '/users/me', tokenFor(t, user))
        .send({ username: null, number_of_dives: 1.5 })
        .expect(422);
      expect((nulls.body.detail as Array<{ loc: string[] }>).map((d) => d.loc.join('.'))).toEqual(
        expect.arrayContaining(['body.username', 'body.number_of_dives']),
      );
    });

    it('401 without a token; 403 for a disabled user', async () => {
      const res = await call('put', '/users/me').send({ name: 'X' }).expect(401);
      expect(res.body.detail).toBe('Not authenticated');
      const user = await createUser(t.ds, { enabled: false });
      const disabled = await call('put', '/users/me', tokenFor(t, user)).send({ name: 'X' }).expect(403);
      expect(disabled.body.detail).toBe('User account is disabled');
    });
  });

  describe('POST /users/me/change-password', () => {
    const NEW_PASSWORD = 'N3w-Passw0rd!';

    it('changes the password and revokes every refresh session; the new password logs in', async () => {
      const user = await createUser(t.ds, { username: 'changer' });
      const session = await login('changer');
      expect(session.status).toBe(200);
      const res = await call('post', '/users/me/change-password', tokenFor(t, user))
        .send({ current_password: STRONG_PASSWORD, new_password: NEW_PASSWORD })
        .expect(200);
      expect(res.body.message).toMatch(/^Password changed successfully; all sessions were signed out/);
      const rows = await t.ds.getRepository(RefreshToken).findBy({ userId: user.id });
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.revokedAt !== null && r.revokedReason === 'password_changed')).toBe(true);
      await call('post', '/auth/refresh').send({ refresh_token: session.body.refresh_token }).expect(401);
      expect((await login('changer')).status).toBe(401);
      expect((await login('changer', NEW_PASSWORD)).status).toBe(200);
      expect(await new PasswordService().verify((await reload(user.id)).passwordHash, NEW_PASSWORD)).toBe(
        true,
      );
    });

    it('400 when the current password is wrong, and nothing changes', async () => {
      const user = await createUser(t.ds);
      const res = await call('post', '/users/me/change-password', tokenFor(t, user))
        .send({ current_password: 'Wrong-pass1!', new_password: NEW_PASSWORD })
        .expect(400);
      expect(res.body.detail).toBe('Current password is incorrect');
      expect((await reload(user.id)).passwordHash).toBe(user.passwordHash);
    });

    it.each([
      ['alllowercase1!', /uppercase/],
      ['NoDigitsHere!!', /digit/],
      ['NoSpecials123', /special/],
    ])('400 with the reason for the weak new password %p', async (weak, reason) => {
      const user = await createUser(t.ds);
      const res = await call('post', '/users/me/change-password', tokenFor(t, user))
        .send({ current_password: STRONG_PASSWORD, new_password: weak })
        .expect(400);
      expect(res.body.detail).toMatch(reason);
    });

    it('422 for missing or out-of-range fields; 401 without a token', async () => {
      const user = await createUser(t.ds);
      const res = await call('post', '/users/me/change-password', tokenFor(t, user))
        .send({ new_password: 'short' })
        .expect(422);
      expect((res.body.detail as Array<{ loc: string[] }>).map((d) => d.loc.join('.'))).toEqual(
        expect.arrayContaining(['body.current_password', 'body.new_password']),
      );
      await call('post', '/users/me/change-password', tokenFor(t, user))
        .send({ current_password: STRONG_PASSWORD, new_password: `Aa1!${'x'.repeat(125)}` })
        .expect(422);
      await call('post', '/users/me/change-password')
        .send({ current_password: STRONG_PASSWORD, new_password: NEW_PASSWORD })
        .expect(401);
    });
  });

  describe('DELETE /users/me', () => {
    it('archives the caller: sessions revoked, the old token 401, login 403', async () => {
      const user = await createUser(t.ds, { username: 'leaver' });
      const session = await login('leaver');
      const token = tokenFor(t, user);
      const res = await call('delete', '/users/me', token).expect(200);
      expect(res.body).toEqual({ message: 'Account archived successfully' });
      const stored = await reload(user.id);
      expect(stored.deletedAt).not.toBeNull();
      expect(stored.enabled).toBe(false);
      await call('get', '/auth/me', token).expect(401);
      await call('post', '/auth/refresh').send({ refresh_token: session.body.refresh_token }).expect(401);
      const again = await login('leaver');
      expect(again.status).toBe(403);
      expect(again.body.detail).toBe('Account is disabled or archived');
      await call('get', '/users/leaver/public').expect(404);
    });

    it('401 without a token', async () => {
      await call('delete', '/users/me').expect(401);
    });
  });

  describe('GET /users/{username}/public', () => {
    it('answers the public profile with counts from the existing tables, anonymously', async () => {
      const user = await createUser(t.ds, {
        username: 'public_diver',
        name: 'Public Diver',
        numberOfDives: 42,
        isModerator: true,
      });
      const other = await createUser(t.ds);
      const site = async (createdBy: number, archived = false) =>
        Number(
          (
            await t.ds.query<{ insertId: number }>(
              'INSERT INTO dive_sites (name, created_by, deleted_at) VALUES (?, ?, ?)',
              [`Site ${Math.random()}`, createdBy, archived ? new Date() : null],
            )
          ).insertId,
        );
      const s1 = await site(user.id);
      const s2 = await site(user.id);
      await site(user.id, true); // archived: not counted
      await site(other.id);
      const center = Number(
        (await t.ds.query<{ insertId: number }>("INSERT INTO diving_centers (name) VALUES ('Center')"))
          .insertId,
      );
      await t.ds.query(
        'INSERT INTO site_ratings (dive_site_id, user_id, score) VALUES (?, ?, 8), (?, ?, 9)',
        [s1, user.id, s2, user.id],
      );
      await t.ds.query('INSERT INTO site_ratings (dive_site_id, user_id, score) VALUES (?, ?, 5)', [
        s1,
        other.id,
      ]);
      await t.ds.query(
        "INSERT INTO site_comments (dive_site_id, user_id, comment_text) VALUES (?, ?, 'a'), (?, ?, 'b')",
        [s1, user.id, s2, user.id],
      );
      await t.ds.query(
        "INSERT INTO center_comments (diving_center_id, user_id, comment_text) VALUES (?, ?, 'c')",
        [center, user.id],
      );
      await t.ds.query(
        "INSERT INTO dives (user_id, dive_date, is_private) VALUES (?, '2024-05-01', 0), (?, '2024-05-02', 0), (?, '2024-05-03', 1), (?, '2024-05-03', 0)",
        [user.id, user.id, user.id, other.id],
      );

      const res = await call('get', '/users/public_diver/public').expect(200);
      expect(res.body).toEqual({
        id: user.id,
        username: 'public_diver',
        name: 'Public Diver',
        avatar_url: null,
        is_admin: false,
        is_moderator: true,
        number_of_dives: 42,
        member_since: user.createdAt.toISOString(),
        certifications: [],
        stats: { dive_sites_created: 2, comments_posted: 3, dive_sites_rated: 2, dives_logged: 2 },
      });
      expect(res.body).not.toHaveProperty('email');
      // A valid token changes nothing; an invalid one is ignored on a public route.
      await call('get', '/users/public_diver/public', tokenFor(t, other)).expect(200);
      await call('get', '/users/public_diver/public', 'garbage').expect(200);
    });

    it('zero counts for a new user', async () => {
      const user = await createUser(t.ds);
      const res = await call('get', `/users/${user.username}/public`).expect(200);
      expect(res.body.stats).toEqual({
        dive_sites_created: 0,
        comments_posted: 0,
        dive_sites_rated: 0,
        dives_logged: 0,
      });
    });

    it('404 "User not found" for unknown, disabled and archived users', async () => {
      await createUser(t.ds, { username: 'disabled_one', enabled: false });
      await createUser(t.ds, { username: 'archived_one', enabled: false, deletedAt: new Date() });
      for (const name of ['nobody_here', 'disabled_one', 'archived_one', 'x'.repeat(300)]) {
        const res = await call('get', `/users/${name}/public`).expect(404);
        expect(res.body.detail).toBe('User not found');
      }
    });
  });
});
