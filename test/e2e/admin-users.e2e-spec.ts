import request from 'supertest';
import type { App } from 'supertest/types';
import { RefreshToken } from '../../src/modules/auth/entities/refresh-token.entity';
import { PasswordService } from '../../src/modules/auth/password.service';
import { User } from '../../src/modules/users/entities/user.entity';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { bearer, createUser, STRONG_PASSWORD, tokenFor } from '../support/factories';
import { syncRatingAggregates } from '../support/ratings';

/** Every response of this file goes through this: no password hash may ever leave the API. */
function noPasswordHash(res: request.Response): void {
  expect(JSON.stringify(res.body ?? null)).not.toMatch(/password_?hash/i);
  expect(res.text ?? '').not.toMatch(/\$argon2/);
}

const LIST_FIELDS = [
  'id',
  'username',
  'email',
  'name',
  'is_admin',
  'is_moderator',
  'enabled',
  'created_at',
  'last_accessed_at',
  'deleted_at',
].sort();

const USERS = '/users/admin/users';

describe('admin user management (/users/admin/users)', () => {
  let t: TestApp;
  let server: App;
  let admin: User;
  let adminToken: string;

  const call = (method: 'get' | 'put' | 'post' | 'delete', url: string, token?: string) => {
    const req = request(server)[method](`/api/v1${url}`).expect(noPasswordHash);
    return token ? req.set(bearer(token)) : req;
  };
  const asAdmin = (method: 'get' | 'put' | 'post' | 'delete', url: string) => call(method, url, adminToken);

  beforeAll(async () => {
    t = await createTestApp();
    server = t.app.getHttpServer();
  });
  beforeEach(async () => {
    await resetDatabase(t.ds);
    admin = await createUser(t.ds, { username: 'the_admin', email: 'the_admin@example.org', isAdmin: true });
    adminToken = tokenFor(t, admin);
  });
  afterAll(() => t?.app.close());

  const reload = (id: number) => t.ds.getRepository(User).findOneBy({ id });
  const sessionsOf = (userId: number) => t.ds.getRepository(RefreshToken).findBy({ userId });
  const login = (username: string, password = STRONG_PASSWORD) =>
    call('post', '/auth/login').send({ username, password });

  function pageHeaders(res: request.Response) {
    return {
      total: res.headers['x-total-count'],
      pages: res.headers['x-total-pages'],
      page: res.headers['x-current-page'],
      size: res.headers['x-page-size'],
      next: res.headers['x-has-next-page'],
      prev: res.headers['x-has-prev-page'],
    };
  }

  describe('access', () => {
    it('401 without a token on every admin route', async () => {
      await call('get', USERS).expect(401);
      await call('post', USERS).send({}).expect(401);
      await call('put', `${USERS}/1`).send({}).expect(401);
      await call('delete', `${USERS}/1`).expect(401);
      await call('post', `${USERS}/1/restore`).expect(401);
    });

    it('403 for a plain user on every admin route, and for a moderator on the list', async () => {
      const user = await createUser(t.ds);
      const token = tokenFor(t, user);
      for (const req of [
        call('get', USERS, token),
        call('post', USERS, token).send({
          username: 'x_user',
          email: 'x@example.org',
          password: STRONG_PASSWORD,
        }),
        call('put', `${USERS}/${admin.id}`, token).send({ is_admin: false }),
        call('delete', `${USERS}/${admin.id}`, token),
        call('post', `${USERS}/${admin.id}/restore`, token),
      ]) {
        const res = await req.expect(403);
        expect(res.body.detail).toBe('Not enough permissions');
      }
      const moderator = await createUser(t.ds, { isModerator: true });
      await call('get', USERS, tokenFor(t, moderator)).expect(403);
      expect((await reload(admin.id))?.isAdmin).toBe(true);
    });

    it('a demoted admin loses admin rights on their next call (their old token → 403)', async () => {
      const other = await createUser(t.ds, { isAdmin: true });
      const otherToken = tokenFor(t, other);
      await call('get', USERS, otherToken).expect(200);
      const res = await asAdmin('put', `${USERS}/${other.id}`).send({ is_admin: false }).expect(200);
      expect(res.body.is_admin).toBe(false);
      await call('get', USERS, otherToken).expect(403);
    });

    it('a disabled user’s old token answers 403 "User account is disabled"; their sessions are revoked', async () => {
      const user = await createUser(t.ds, { username: 'to_disable' });
      const session = await login('to_disable').expect(200);
      const token = tokenFor(t, user);
      await call('get', '/auth/me', token).expect(200);
      const res = await asAdmin('put', `${USERS}/${user.id}`).send({ enabled: false }).expect(200);
      expect(res.body.enabled).toBe(false);
      const denied = await call('get', '/auth/me', token).expect(403);
      expect(denied.body.detail).toBe('User account is disabled');
      expect((await sessionsOf(user.id)).every((s) => s.revokedReason === 'account_disabled')).toBe(true);
      await call('post', '/auth/refresh').send({ refresh_token: session.body.refresh_token }).expect(401);
    });
  });

  describe('GET list', () => {
    it('answers a bare array of list items with the pagination headers (one page)', async () => {
      await createUser(t.ds, { username: 'second', name: 'Second' });
      const res = await asAdmin('get', USERS).expect(200);
      expect(Array.isArray(res.body)).toBe(true);
      expect(res.body).toHaveLength(2);
      expect(Object.keys(res.body[0]).sort()).toEqual(LIST_FIELDS);
      expect(res.body[0]).toMatchObject({
        id: admin.id,
        username: 'the_admin',
        is_admin: true,
        enabled: true,
      });
      expect(pageHeaders(res)).toEqual({
        total: '2',
        pages: '1',
        page: '1',
        size: '25',
        next: 'false',
        prev: 'false',
      });
      // The collection path with a trailing slash is the same route.
      await asAdmin('get', `${USERS}/`).expect(200);
    });

    it('0 matching users: empty array, 0 pages', async () => {
      const res = await asAdmin('get', `${USERS}?search=nobody-matches-this`).expect(200);
      expect(res.body).toEqual([]);
      expect(pageHeaders(res)).toEqual({
        total: '0',
        pages: '0',
        page: '1',
        size: '25',
        next: 'false',
        prev: 'false',
      });
    });

    it('several pages: 23 users, page_size=10 → 3 pages, the last with 3 items', async () => {
      for (let i = 0; i < 22; i++) await createUser(t.ds, { username: `bulk_${String(i).padStart(2, '0')}` });
      const first = await asAdmin('get', `${USERS}?page_size=10`).expect(200);
      expect(first.body).toHaveLength(10);
      expect(pageHeaders(first)).toEqual({
        total: '23',
        pages: '3',
        page: '1',
        size: '10',
        next: 'true',
        prev: 'false',
      });
      const middle = await asAdmin('get', `${USERS}?page_size=10&page=2`).expect(200);
      expect(pageHeaders(middle)).toMatchObject({ page: '2', next: 'true', prev: 'true' });
      const last = await asAdmin('get', `${USERS}?page_size=10&page=3`).expect(200);
      expect(last.body).toHaveLength(3);
      expect(pageHeaders(last)).toMatchObject({
        total: '23',
        pages: '3',
        page: '3',
        next: 'false',
        prev: 'true',
      });
      const ids = [...first.body, ...middle.body, ...last.body].map((u: { id: number }) => u.id);
      expect(new Set(ids).size).toBe(23);
      const beyond = await asAdmin('get', `${USERS}?page_size=10&page=4`).expect(200);
      expect(beyond.body).toEqual([]);
      expect(pageHeaders(beyond)).toMatchObject({ page: '4', next: 'false', prev: 'true' });
    });

    it('filters: search (username or e-mail, % and _ literal), enabled=false, is_admin=true, is_moderator', async () => {
      await createUser(t.ds, { username: 'reef_shark', email: 'shark@example.org' });
      await createUser(t.ds, { username: 'manta', email: 'manta@reefmail.org', enabled: false });
      await createUser(t.ds, { username: 'reefXshark', email: 'x@example.org', isModerator: true });
      const names = (res: request.Response) =>
        (res.body as Array<{ username: string }>).map((u) => u.username);

      expect(names(await asAdmin('get', `${USERS}?search=REEF`).expect(200))).toEqual([
        'reef_shark',
        'manta',
        'reefXshark',
      ]);
      expect(names(await asAdmin('get', `${USERS}?search=reef_`).expect(200))).toEqual(['reef_shark']);
      expect(names(await asAdmin('get', `${USERS}?search=%25`).expect(200))).toEqual([]);
      const disabled = await asAdmin('get', `${USERS}?enabled=false`).expect(200);
      expect(names(disabled)).toEqual(['manta']);
      expect(disabled.headers['x-total-count']).toBe('1');
      expect(names(await asAdmin('get', `${USERS}?enabled=0`).expect(200))).toEqual(['manta']);
      expect(names(await asAdmin('get', `${USERS}?is_admin=true`).expect(200))).toEqual(['the_admin']);
      expect(names(await asAdmin('get', `${USERS}?is_admin=false&enabled=true`).expect(200))).toEqual([
        'reef_shark',
        'reefXshark',
      ]);
      expect(names(await asAdmin('get', `${USERS}?is_moderator=1`).expect(200))).toEqual(['reefXshark']);
    });

    it('sorts by username desc (and any allowed field), default id asc', async () => {
      await createUser(t.ds, { username: 'bravo' });
      await createUser(t.ds, { username: 'alpha' });
      await createUser(t.ds, { username: 'charlie' });
      const names = (res: request.Response) =>
        (res.body as Array<{ username: string }>).map((u) => u.username);
      expect(names(await asAdmin('get', `${USERS}?sort_by=username&sort_order=desc`).expect(200))).toEqual([
        'the_admin',
        'charlie',
        'bravo',
        'alpha',
      ]);
      expect(names(await asAdmin('get', `${USERS}?sort_by=username`).expect(200))).toEqual([
        'alpha',
        'bravo',
        'charlie',
        'the_admin',
      ]);
      expect(names(await asAdmin('get', USERS).expect(200))).toEqual([
        'the_admin',
        'bravo',
        'alpha',
        'charlie',
      ]);
      expect(names(await asAdmin('get', `${USERS}?sort_order=desc`).expect(200))).toEqual([
        'charlie',
        'alpha',
        'bravo',
        'the_admin',
      ]);
      for (const field of ['id', 'email', 'created_at', 'is_admin', 'enabled', 'last_accessed_at']) {
        await asAdmin('get', `${USERS}?sort_by=${field}&sort_order=asc`).expect(200);
      }
    });

    it('400 for page_size outside the set, an unknown sort_by or sort_order', async () => {
      for (const size of [0, 2, 26, 5000]) {
        const res = await asAdmin('get', `${USERS}?page_size=${size}`).expect(400);
        expect(res.body.detail).toBe('page_size must be one of: 1, 3, 5, 10, 15, 20, 25, 50, 100, 250, 1000');
      }
      const sortBy = await asAdmin('get', `${USERS}?sort_by=password_hash`).expect(400);
      expect(sortBy.body.detail).toBe(
        'Invalid sort_by field. Must be one of: id, username, email, created_at, is_admin, enabled, last_accessed_at',
      );
      const order = await asAdmin('get', `${USERS}?sort_by=id&sort_order=up`).expect(400);
      expect(order.body.detail).toBe("sort_order must be 'asc' or 'desc'");
    });

    it('422 for page < 1, non-numbers, non-booleans and a search over 200 characters', async () => {
      const locs = async (query: string) => {
        const res = await asAdmin('get', `${USERS}?${query}`).expect(422);
        return [...new Set((res.body.detail as Array<{ loc: string[] }>).map((d) => d.loc.join('.')))];
      };
      expect(await locs('page=0')).toEqual(['query.page']);
      expect(await locs('page=abc')).toEqual(['query.page']);
      expect(await locs('page_size=ten')).toEqual(['query.page_size']);
      expect(await locs('enabled=maybe')).toEqual(['query.enabled']);
      expect(await locs(`search=${'a'.repeat(201)}`)).toEqual(['query.search']);
    });
  });

  describe('POST create', () => {
    const NEW = { username: 'created_one', email: 'created@example.org', password: 'Cr3ated-Pass!' };

    it('201 with the list item; defaults: not admin, not moderator, enabled; the user can log in', async () => {
      const res = await asAdmin('post', USERS)
        .send({ ...NEW, name: 'Created One' })
        .expect(201);
      expect(Object.keys(res.body).sort()).toEqual(LIST_FIELDS);
      expect(res.body).toMatchObject({
        username: 'created_one',
        email: 'created@example.org',
        name: 'Created One',
        is_admin: false,
        is_moderator: false,
        enabled: true,
        deleted_at: null,
      });
      const stored = await reload(res.body.id);
      expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
      await login('created_one', NEW.password).expect(200);
    });

    it('sets the role and enabled flags given', async () => {
      const res = await asAdmin('post', USERS)
        .send({ ...NEW, is_admin: true, is_moderator: true, enabled: false })
        .expect(201);
      expect(res.body).toMatchObject({ is_admin: true, is_moderator: true, enabled: false });
    });

    it('400 for a duplicate username or e-mail, and for a weak password', async () => {
      await asAdmin('post', USERS).send(NEW).expect(201);
      for (const body of [
        { ...NEW, email: 'other@example.org' },
        { ...NEW, username: 'other_name', email: 'CREATED@example.org' },
      ]) {
        const res = await asAdmin('post', USERS).send(body).expect(400);
        expect(res.body.detail).toBe('Username or email already registered');
      }
      const weak = await asAdmin('post', USERS)
        .send({ username: 'weakling', email: 'weak@example.org', password: 'weakpassword' })
        .expect(400);
      expect(weak.body.detail).toMatch(/uppercase/);
      expect(await t.ds.getRepository(User).countBy({ username: 'weakling' })).toBe(0);
    });

    it('422 for invalid fields', async () => {
      const res = await asAdmin('post', USERS)
        .send({ username: 'no spaces', email: 'nope', password: 'short', is_admin: 'yes' })
        .expect(422);
      expect((res.body.detail as Array<{ loc: string[] }>).map((d) => d.loc.join('.'))).toEqual(
        expect.arrayContaining(['body.username', 'body.email', 'body.password', 'body.is_admin']),
      );
    });
  });

  describe('PUT update', () => {
    it('changes any subset of fields and answers the list item', async () => {
      const user = await createUser(t.ds);
      const res = await asAdmin('put', `${USERS}/${user.id}`)
        .send({ username: 'renamed', email: 'renamed@example.org', name: 'Renamed', is_moderator: true })
        .expect(200);
      expect(res.body).toMatchObject({
        id: user.id,
        username: 'renamed',
        email: 'renamed@example.org',
        name: 'Renamed',
        is_moderator: true,
        is_admin: false,
        enabled: true,
      });
      const empty = await asAdmin('put', `${USERS}/${user.id}`).send({}).expect(200);
      expect(empty.body.username).toBe('renamed');
    });

    it('a new password is hashed (strength rule) and ends the user’s sessions', async () => {
      const user = await createUser(t.ds, { username: 'reset_me' });
      await login('reset_me').expect(200);
      const weak = await asAdmin('put', `${USERS}/${user.id}`).send({ password: 'weakpassword' }).expect(400);
      expect(weak.body.detail).toMatch(/uppercase/);
      await asAdmin('put', `${USERS}/${user.id}`).send({ password: 'Res3t-Pass!' }).expect(200);
      const stored = await reload(user.id);
      expect(await new PasswordService().verify(stored?.passwordHash, 'Res3t-Pass!')).toBe(true);
      expect((await sessionsOf(user.id)).every((s) => s.revokedReason === 'password_reset')).toBe(true);
      await login('reset_me').expect(401);
      await login('reset_me', 'Res3t-Pass!').expect(200);
    });

    it('400 for duplicates; 400 for demoting or disabling yourself', async () => {
      const user = await createUser(t.ds);
      const dup = await asAdmin('put', `${USERS}/${user.id}`).send({ username: 'THE_ADMIN' }).expect(400);
      expect(dup.body.detail).toBe('Username or email already registered');
      await asAdmin('put', `${USERS}/${user.id}`).send({ email: admin.email }).expect(400);

      const demote = await asAdmin('put', `${USERS}/${admin.id}`).send({ is_admin: false }).expect(400);
      expect(demote.body.detail).toBe('You cannot remove your own admin rights');
      const disable = await asAdmin('put', `${USERS}/${admin.id}`).send({ enabled: false }).expect(400);
      expect(disable.body.detail).toBe('You cannot disable your own account');
      expect(await reload(admin.id)).toMatchObject({ isAdmin: true, enabled: true });
      // Other changes to yourself are fine.
      await asAdmin('put', `${USERS}/${admin.id}`).send({ name: 'Boss', is_admin: true }).expect(200);
    });

    it('404 for an unknown user; 422 for a bad id or body', async () => {
      const res = await asAdmin('put', `${USERS}/999999`).send({ name: 'X' }).expect(404);
      expect(res.body.detail).toBe('User not found');
      await asAdmin('put', `${USERS}/abc`).send({ name: 'X' }).expect(422);
      const user = await createUser(t.ds);
      const bad = await asAdmin('put', `${USERS}/${user.id}`)
        .send({ email: 'nope', enabled: 'no', username: null })
        .expect(422);
      expect((bad.body.detail as Array<{ loc: string[] }>).map((d) => d.loc.join('.'))).toEqual(
        expect.arrayContaining(['body.email', 'body.enabled', 'body.username']),
      );
    });
  });

  describe('DELETE and restore', () => {
    async function addDive(userId: number): Promise<void> {
      await t.ds.query("INSERT INTO dives (user_id, dive_date) VALUES (?, '2024-06-01')", [userId]);
    }

    it('archives by default (force=false too): deleted_at, disabled, sessions revoked, login 403', async () => {
      const user = await createUser(t.ds, { username: 'archive_me' });
      await login('archive_me').expect(200);
      const res = await asAdmin('delete', `${USERS}/${user.id}?force=false`).expect(200);
      expect(res.body).toEqual({ message: 'User archived successfully' });
      const stored = await reload(user.id);
      expect(stored?.deletedAt).not.toBeNull();
      expect(stored?.enabled).toBe(false);
      expect((await sessionsOf(user.id)).every((s) => s.revokedAt !== null)).toBe(true);
      const denied = await login('archive_me').expect(403);
      expect(denied.body.detail).toBe('Account is disabled or archived');
      await call('get', '/auth/me', tokenFor(t, user)).expect(401);

      const archived = await asAdmin('get', `${USERS}?enabled=false`).expect(200);
      expect(archived.body[0]).toMatchObject({ id: user.id, deleted_at: expect.any(String) });
    });

    it('force=true refuses with 409 while the user has dives; the user stays', async () => {
      const user = await createUser(t.ds);
      await addDive(user.id);
      const res = await asAdmin('delete', `${USERS}/${user.id}?force=true`).expect(409);
      expect(res.body.detail).toBe('User has dives; archive the account instead');
      expect(await reload(user.id)).not.toBeNull();
    });

    it('force=true deletes a user without dives, with their ratings and sessions', async () => {
      const user = await createUser(t.ds, { username: 'goner' });
      await login('goner').expect(200);
      const site = Number(
        (await t.ds.query<{ insertId: number }>("INSERT INTO dive_sites (name) VALUES ('Site')")).insertId,
      );
      await t.ds.query('INSERT INTO site_ratings (dive_site_id, user_id, score) VALUES (?, ?, 7)', [
        site,
        user.id,
      ]);
      const other = await createUser(t.ds, { username: 'other_rater', email: 'other_rater@example.org' });
      await t.ds.query('INSERT INTO site_ratings (dive_site_id, user_id, score) VALUES (?, ?, 4)', [
        site,
        other.id,
      ]);
      await syncRatingAggregates(t.ds);
      await t.ds.query(
        "INSERT INTO site_comments (dive_site_id, user_id, comment_text) VALUES (?, ?, 'hi')",
        [site, user.id],
      );
      const res = await asAdmin('delete', `${USERS}/${user.id}?force=true`).expect(200);
      expect(res.body).toEqual({ message: 'User permanently deleted' });
      expect(await reload(user.id)).toBeNull();
      expect(await t.ds.query('SELECT id FROM site_ratings WHERE user_id = ?', [user.id])).toEqual([]);
      // The site's rating aggregates lost the deleted user's 7, in the same transaction.
      expect(
        await t.ds.query('SELECT rating_count, rating_sum FROM dive_sites WHERE id = ?', [site]),
      ).toEqual([{ rating_count: 1, rating_sum: 4 }]);
      expect(await t.ds.query('SELECT id FROM site_comments WHERE user_id = ?', [user.id])).toEqual([]);
      expect(await sessionsOf(user.id)).toEqual([]);
      // The site itself stays.
      expect(await t.ds.query('SELECT id FROM dive_sites WHERE id = ?', [site])).toHaveLength(1);
      await asAdmin('delete', `${USERS}/${user.id}?force=true`).expect(404);
    });

    it('400 for yourself (archive or force), 404 unknown, 422 for a bad id or force value', async () => {
      for (const query of ['', '?force=true']) {
        const res = await asAdmin('delete', `${USERS}/${admin.id}${query}`).expect(400);
        expect(res.body.detail).toBe('Cannot delete your own account');
      }
      const missing = await asAdmin('delete', `${USERS}/999999`).expect(404);
      expect(missing.body.detail).toBe('User not found');
      await asAdmin('delete', `${USERS}/0`).expect(422);
      const user = await createUser(t.ds);
      await asAdmin('delete', `${USERS}/${user.id}?force=perhaps`).expect(422);
      expect((await reload(user.id))?.deletedAt).toBeNull();
    });

    it('restore un-archives and enables; 400 when not archived; 404 unknown', async () => {
      const user = await createUser(t.ds, { username: 'comeback' });
      const notArchived = await asAdmin('post', `${USERS}/${user.id}/restore`).expect(400);
      expect(notArchived.body.detail).toBe('User is not archived');
      await asAdmin('delete', `${USERS}/${user.id}`).expect(200);
      const res = await asAdmin('post', `${USERS}/${user.id}/restore`).expect(200);
      expect(res.body).toMatchObject({ id: user.id, enabled: true, deleted_at: null });
      expect(Object.keys(res.body).sort()).toEqual(LIST_FIELDS);
      await login('comeback').expect(200);
      const missing = await asAdmin('post', `${USERS}/999999/restore`).expect(404);
      expect(missing.body.detail).toBe('User not found');
    });
  });
});
