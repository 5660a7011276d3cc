import type { OpenAPIV3 } from 'openapi-types';
import request from 'supertest';
import type { User } from '../../src/modules/users/entities/user.entity';
import { createTestApp, type TestApp } from '../support/app';
import { resetDatabase } from '../support/database';
import { bearer, createUser, STRONG_PASSWORD, tokenFor } from '../support/factories';

/**
 * Issue 13, point 4: who may call every mutating route of the OpenAPI document, and who may read the
 * private things. Expectations come from spec/api.md ("Our rules" first), DECISIONS.md and the routes'
 * @Public / @Roles, not from what the code happens to do. Each route × caller is one test on a fresh
 * fixture: new users every cell (so archiving, disabling or re-passwording a caller never leaks into
 * the next cell) and new objects owned by the cell's "owner".
 *
 * Callers: anonymous (no token), user (a plain active user who is not the owner), owner (the user the
 * object belongs to: the dive's user, the site's creator, the comment's author, the certification's
 * holder, the session's user, the account an admin route acts on...; for objects nobody owns — tags
 * being created, organizations, centers, trips, newsletters — the row says so and the owner is one
 * more plain user), moderator, admin.
 *
 * Three tables: ROWS (every mutating route, one row each; the first test fails when the document has a
 * mutating route without a row or a row names a route it no longer has), CROSS (another user's child
 * object named under the caller's own parent: 404 and untouched) and READS (private things others must
 * not read). A cell is an exact status, or for reads "200, hidden/shown" (the owner's object is absent
 * from / present in the answer).
 */

const CALLERS = ['anonymous', 'user', 'owner', 'moderator', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
type Member = Exclude<Caller, 'anonymous'>;
type Json = Record<string, unknown>;

/** The expected status of one cell. */
type Cell = number;
type Expectations = Record<Caller, Cell>;

/** Shorthands for the common shapes (status for anonymous, user, owner, moderator, admin). */
const row5 = (anonymous: Cell, user: Cell, owner: Cell, moderator: Cell, admin: Cell): Expectations => ({
  anonymous,
  user,
  owner,
  moderator,
  admin,
});
/** Any active caller may do it (and acts on their own account or a new object). */
const anyMember = (ok: number): Expectations => row5(401, ok, ok, ok, ok);
/** Admins and moderators only ("Not enough permissions" for the rest). */
const staff = (ok: number): Expectations => row5(401, 403, 403, ok, ok);
/** Admins only (moderators 403). */
const adminOnly = (ok: number): Expectations => row5(401, 403, 403, 403, ok);
/** Admins, moderators and the object's owner (D19: a site's creator). */
const ownerOrStaff = (ok: number): Expectations => row5(401, 403, ok, ok, ok);
/** The author and admins (comments: §7 "edit/delete only by author or admin"). */
const authorOrAdmin = (ok: number): Expectations => row5(401, 403, ok, 403, ok);
/** The owner only; everybody else is told it does not exist (dives §8, certifications §9). */
const ownerOnly404 = (ok: number): Expectations => row5(401, 404, ok, 404, 404);
/** Public: the token does not matter. */
const everyone = (ok: number): Expectations => row5(ok, ok, ok, ok, ok);

interface Ctx {
  t: TestApp;
  cast: Record<Member, User>;
  /** A number unique to this cell (names, acronyms, coordinates). */
  n: number;
  /** Runs an INSERT and returns its id. */
  insert(sql: string, params?: unknown[]): Promise<number>;
  token(who: Member): string;
}

interface Prepared {
  path?: Record<string, number | string>;
  query?: Record<string, string>;
  body?: Json;
  /** A multipart file instead of a JSON body. */
  file?: { field: string; content: string; name: string };
  /** Extra checks after the request (e.g. that another user's object was left alone). */
  verify?: (caller: Caller, res: request.Response) => Promise<void>;
}

interface MutationRow {
  route: string;
  /** Who "owner" is for this row. */
  owner: string;
  /** Where the expectation comes from. */
  source: string;
  expect: Expectations;
  /** Routes whose presence depends on configuration: not required, and public when present. */
  optional?: boolean;
  prepare(ctx: Ctx): Prepared | Promise<Prepared>;
}

// ---- fixtures ------------------------------------------------------------------------------------

const site = (c: Ctx, createdBy: number | null, archived = false) =>
  c.insert(
    `INSERT INTO dive_sites (name, created_by, deleted_at) VALUES (?, ?, ${archived ? 'CURRENT_TIMESTAMP(6)' : 'NULL'})`,
    [`Authz site ${c.n}`, createdBy],
  );
const dive = (c: Ctx, userId: number, siteId: number | null = null, isPrivate = true) =>
  c.insert(
    "INSERT INTO dives (user_id, dive_site_id, dive_date, is_private, name) VALUES (?, ?, '2025-06-01', ?, ?)",
    [userId, siteId, isPrivate ? 1 : 0, `Authz dive ${c.n}`],
  );
const diveMedia = (c: Ctx, diveId: number) =>
  c.insert("INSERT INTO dive_media (dive_id, media_type, url) VALUES (?, 'photo', ?)", [
    diveId,
    `https://example.org/dive-${c.n}.jpg`,
  ]);
const tag = (c: Ctx, createdBy: number | null = null) =>
  c.insert('INSERT INTO available_tags (name, created_by) VALUES (?, ?)', [`authz-tag-${c.n}`, createdBy]);
const center = (c: Ctx) =>
  c.insert('INSERT INTO diving_centers (name, description) VALUES (?, ?)', [
    `Authz center ${c.n}`,
    'A center',
  ]);
const organization = (c: Ctx) =>
  c.insert('INSERT INTO diving_organizations (name, acronym) VALUES (?, ?)', [
    `Authz org ${c.n}`,
    `AZ${c.n}`,
  ]);
const certification = async (c: Ctx, userId: number, active = true) =>
  c.insert(
    'INSERT INTO user_certifications (user_id, diving_organization_id, certification_level, is_active) VALUES (?, ?, ?, ?)',
    [userId, await organization(c), 'Open Water Diver', active ? 1 : 0],
  );
const siteComment = (c: Ctx, siteId: number, userId: number) =>
  c.insert("INSERT INTO site_comments (dive_site_id, user_id, comment_text) VALUES (?, ?, 'Mine')", [
    siteId,
    userId,
  ]);
const centerComment = (c: Ctx, centerId: number, userId: number) =>
  c.insert("INSERT INTO center_comments (diving_center_id, user_id, comment_text) VALUES (?, ?, 'Mine')", [
    centerId,
    userId,
  ]);
const newsletter = (c: Ctx) =>
  c.insert('INSERT INTO newsletters (content) VALUES (?)', [`Newsletter ${c.n}: no trips in here.`]);
const trip = async (c: Ctx) =>
  c.insert("INSERT INTO parsed_dive_trips (diving_center_id, trip_date) VALUES (?, '2027-05-01')", [
    await center(c),
  ]);

/** Signs the owner in (a real refresh session) and returns its refresh token and session id. */
async function ownerSession(c: Ctx): Promise<{ refresh: string; id: string }> {
  const http = c.t.app.getHttpServer();
  const login = await request(http)
    .post('/api/v1/auth/login')
    .send({ username: c.cast.owner.username, password: STRONG_PASSWORD })
    .expect(200);
  const sessions = await request(http)
    .get('/api/v1/auth/tokens')
    .set(bearer(c.token('owner')))
    .expect(200);
  const [session] = sessions.body as Array<{ id: string }>;
  return { refresh: (login.body as { refresh_token: string }).refresh_token, id: session.id };
}

async function userRow(
  c: Ctx,
  id: number,
): Promise<{ name: string | null; enabled: number; deleted_at: unknown }> {
  const [row] = await c.t.ds.query<Array<{ name: string | null; enabled: number; deleted_at: unknown }>>(
    'SELECT name, enabled, deleted_at FROM users WHERE id = ?',
    [id],
  );
  return row;
}

/** The owner's account is left as it was when somebody else called a /users/me route. */
const ownerUntouched = (c: Ctx) => async (caller: Caller) => {
  if (caller === 'owner') return;
  const row = await userRow(c, c.cast.owner.id);
  expect({ name: row.name, enabled: Number(row.enabled), archived: row.deleted_at !== null }).toEqual({
    name: c.cast.owner.name ?? null,
    enabled: 1,
    archived: false,
  });
};

// ---- the matrix of mutating routes ---------------------------------------------------------------

const ROWS: MutationRow[] = [
  // auth (public routes: the body is the credential)
  {
    route: 'POST /api/v1/auth/register',
    owner: 'nobody (a new account)',
    source: '§4, D14',
    expect: everyone(201),
    prepare: (c) => ({
      body: {
        username: `reg_${process.pid}_${c.n}`,
        email: `reg_${process.pid}_${c.n}@example.org`,
        password: STRONG_PASSWORD,
      },
    }),
  },
  {
    route: 'POST /api/v1/auth/login',
    owner: "the account signing in (the owner's credentials)",
    source: '§4',
    expect: everyone(200),
    prepare: (c) => ({ body: { username: c.cast.owner.username, password: STRONG_PASSWORD } }),
  },
  {
    route: 'POST /api/v1/auth/refresh',
    owner: "the session's user (the owner's refresh token in the body)",
    source: 'Our rules 3',
    expect: everyone(200),
    prepare: async (c) => ({ body: { refresh_token: (await ownerSession(c)).refresh } }),
  },
  {
    route: 'POST /api/v1/auth/logout',
    owner: "the session's user",
    source: '§4 (always 200)',
    expect: everyone(200),
    prepare: async (c) => ({ body: { refresh_token: (await ownerSession(c)).refresh } }),
  },
  {
    route: 'DELETE /api/v1/auth/tokens/{id}',
    owner: "the session's user",
    source: '§4 (own sessions; 404 "Token not found")',
    expect: ownerOnly404(200),
    prepare: async (c) => {
      const session = await ownerSession(c);
      return {
        path: { id: session.id },
        verify: async (caller) => {
          const [row] = await c.t.ds.query<Array<{ revoked: number }>>(
            'SELECT MAX(revoked_at IS NOT NULL) AS revoked FROM refresh_tokens WHERE session_id = ?',
            [session.id],
          );
          expect(Number(row.revoked)).toBe(caller === 'owner' ? 1 : 0);
        },
      };
    },
  },
  {
    route: 'POST /api/v1/auth/google-login',
    owner: 'nobody',
    source: 'Our rules 4, D30 (absent when Google is not configured)',
    expect: everyone(0), // not checked: optional rows only assert the answer is neither 401 nor 403
    optional: true,
    prepare: () => ({ body: { token: 'not-a-google-token' } }),
  },

  // users
  {
    route: 'PUT /api/v1/users/me',
    owner: 'the caller (acts on their own account only)',
    source: '§5, D16',
    expect: anyMember(200),
    prepare: (c) => ({ body: { name: `Renamed ${c.n}` }, verify: ownerUntouched(c) }),
  },
  {
    route: 'DELETE /api/v1/users/me',
    owner: 'the caller (acts on their own account only)',
    source: '§5, D17',
    expect: anyMember(200),
    prepare: (c) => ({ verify: ownerUntouched(c) }),
  },
  {
    route: 'POST /api/v1/users/me/change-password',
    owner: 'the caller (acts on their own account only)',
    source: '§5, D10 (200)',
    expect: anyMember(200),
    prepare: () => ({ body: { current_password: STRONG_PASSWORD, new_password: 'An0ther-Secret!' } }),
  },
  {
    route: 'POST /api/v1/users/admin/users',
    owner: 'nobody (a new account)',
    source: '§5 (admin; mods 403), Our rules 1 (201)',
    expect: adminOnly(201),
    prepare: (c) => ({
      body: {
        username: `made_${process.pid}_${c.n}`,
        email: `made_${process.pid}_${c.n}@example.org`,
        password: STRONG_PASSWORD,
      },
    }),
  },
  {
    route: 'PUT /api/v1/users/admin/users/{id}',
    owner: 'the account acted on',
    source: '§5 (admin)',
    expect: adminOnly(200),
    prepare: (c) => ({ path: { id: c.cast.owner.id }, body: { name: `Renamed ${c.n}` } }),
  },
  {
    route: 'DELETE /api/v1/users/admin/users/{id}',
    owner: 'the account acted on',
    source: '§5, D17 (admin)',
    expect: adminOnly(200),
    prepare: (c) => ({ path: { id: c.cast.owner.id } }),
  },
  {
    route: 'POST /api/v1/users/admin/users/{id}/restore',
    owner: 'the archived account acted on (its own token: 401, D12 "a deleted user → 401")',
    source: '§5 (admin), D12, D17',
    expect: row5(401, 403, 401, 403, 200),
    prepare: async (c) => {
      await c.t.ds.query('UPDATE users SET deleted_at = CURRENT_TIMESTAMP(6), enabled = 0 WHERE id = ?', [
        c.cast.owner.id,
      ]);
      return { path: { id: c.cast.owner.id } };
    },
  },

  // tags
  {
    route: 'POST /api/v1/tags',
    owner: 'nobody (a new tag): a plain user',
    source: '§10 (admin/mod)',
    expect: staff(201),
    prepare: (c) => ({ body: { name: `new-tag-${c.n}` } }),
  },
  {
    route: 'PUT /api/v1/tags/{id}',
    owner: "the tag's created_by",
    source: '§10 (admin/mod)',
    expect: staff(200),
    prepare: async (c) => ({ path: { id: await tag(c, c.cast.owner.id) }, body: { description: 'Changed' } }),
  },
  {
    route: 'DELETE /api/v1/tags/{id}',
    owner: "the tag's created_by",
    source: '§10 (admin/mod)',
    expect: staff(200),
    prepare: async (c) => ({ path: { id: await tag(c, c.cast.owner.id) } }),
  },

  // dive sites
  {
    route: 'POST /api/v1/dive-sites',
    owner: 'nobody (a new site, owned by its caller)',
    source: '§6 (active user), Our rules 1 (201)',
    expect: anyMember(201),
    // Far apart (≥ 1° latitude) so no proximity or similar-name 409 can answer instead.
    prepare: (c) => ({
      body: {
        name: `Created site ${c.n}`,
        latitude: -70 + (c.n % 140),
        longitude: -175 + Math.floor(c.n / 140) * 10,
      },
    }),
  },
  {
    route: 'PUT /api/v1/dive-sites/{id}',
    owner: "the site's creator",
    source: 'Our rules 12, D19 (admins, moderators, creator; others 403)',
    expect: ownerOrStaff(200),
    prepare: async (c) => ({
      path: { id: await site(c, c.cast.owner.id) },
      body: { description: 'Changed' },
    }),
  },
  {
    route: 'DELETE /api/v1/dive-sites/{id}',
    owner: "the site's creator",
    source: '§6, D19 (admin or creator; moderators 403)',
    expect: row5(401, 403, 200, 403, 200),
    prepare: async (c) => ({ path: { id: await site(c, c.cast.owner.id) } }),
  },
  {
    route: 'POST /api/v1/dive-sites/{id}/restore',
    owner: "the archived site's creator",
    source: '§6, D19 (admin)',
    expect: adminOnly(200),
    prepare: async (c) => ({ path: { id: await site(c, c.cast.owner.id, true) } }),
  },
  {
    route: 'POST /api/v1/dive-sites/{id}/aliases',
    owner: "the site's creator",
    source: '§6 (admin only)',
    expect: adminOnly(201),
    prepare: async (c) => ({ path: { id: await site(c, c.cast.owner.id) }, body: { alias: `Alias ${c.n}` } }),
  },
  {
    route: 'PUT /api/v1/dive-sites/{id}/aliases/{alias_id}',
    owner: "the site's creator",
    source: '§6 (admin only)',
    expect: adminOnly(200),
    prepare: async (c) => {
      const id = await site(c, c.cast.owner.id);
      const aliasId = await c.insert('INSERT INTO dive_site_aliases (dive_site_id, alias) VALUES (?, ?)', [
        id,
        'Old',
      ]);
      return { path: { id, alias_id: aliasId }, body: { alias: `Renamed ${c.n}` } };
    },
  },
  {
    route: 'DELETE /api/v1/dive-sites/{id}/aliases/{alias_id}',
    owner: "the site's creator",
    source: '§6 (admin only)',
    expect: adminOnly(200),
    prepare: async (c) => {
      const id = await site(c, c.cast.owner.id);
      const aliasId = await c.insert('INSERT INTO dive_site_aliases (dive_site_id, alias) VALUES (?, ?)', [
        id,
        'Old',
      ]);
      return { path: { id, alias_id: aliasId } };
    },
  },
  {
    route: 'POST /api/v1/dive-sites/{id}/rate',
    owner: "the site's creator",
    source: '§6 (active), D10 (200)',
    expect: anyMember(200),
    prepare: async (c) => ({ path: { id: await site(c, c.cast.owner.id) }, body: { score: 7 } }),
  },
  {
    route: 'POST /api/v1/dive-sites/{id}/comments',
    owner: "the site's creator",
    source: '§6 (active), Our rules 1 (201)',
    expect: anyMember(201),
    prepare: async (c) => ({
      path: { id: await site(c, c.cast.owner.id) },
      body: { comment_text: 'Lovely' },
    }),
  },
  {
    route: 'PUT /api/v1/dive-sites/{id}/comments/{comment_id}',
    owner: "the comment's author",
    source: 'as center comments §7 (author or admin; 403 otherwise)',
    expect: authorOrAdmin(200),
    prepare: async (c) => {
      const id = await site(c, null);
      return {
        path: { id, comment_id: await siteComment(c, id, c.cast.owner.id) },
        body: { comment_text: 'Edited' },
      };
    },
  },
  {
    route: 'DELETE /api/v1/dive-sites/{id}/comments/{comment_id}',
    owner: "the comment's author",
    source: 'as center comments §7 (author or admin; 403 otherwise)',
    expect: authorOrAdmin(200),
    prepare: async (c) => {
      const id = await site(c, null);
      return { path: { id, comment_id: await siteComment(c, id, c.cast.owner.id) } };
    },
  },
  {
    route: 'POST /api/v1/dive-sites/{id}/media',
    owner: "the site's creator",
    source: 'D19 (admin, moderator, creator; others 403, no 202)',
    expect: ownerOrStaff(201),
    prepare: async (c) => ({
      path: { id: await site(c, c.cast.owner.id) },
      body: { media_type: 'photo', url: `https://example.org/site-${c.n}.jpg` },
    }),
  },
  {
    route: 'PATCH /api/v1/dive-sites/{id}/media/{media_id}',
    owner: "the site's creator (who added the media)",
    source: 'D19',
    expect: ownerOrStaff(200),
    prepare: async (c) => {
      const id = await site(c, c.cast.owner.id);
      const mediaId = await c.insert(
        "INSERT INTO site_media (dive_site_id, user_id, media_type, url) VALUES (?, ?, 'photo', 'https://example.org/m.jpg')",
        [id, c.cast.owner.id],
      );
      return { path: { id, media_id: mediaId }, body: { description: 'Changed' } };
    },
  },
  {
    route: 'DELETE /api/v1/dive-sites/{id}/media/{media_id}',
    owner: "the site's creator (who added the media)",
    source: 'D19',
    expect: ownerOrStaff(200),
    prepare: async (c) => {
      const id = await site(c, c.cast.owner.id);
      const mediaId = await c.insert(
        "INSERT INTO site_media (dive_site_id, user_id, media_type, url) VALUES (?, ?, 'photo', 'https://example.org/m.jpg')",
        [id, c.cast.owner.id],
      );
      return { path: { id, media_id: mediaId } };
    },
  },
  {
    route: 'POST /api/v1/tags/dive-sites/{site_id}/tags',
    owner: "the site's creator",
    source: 'D19',
    expect: ownerOrStaff(201),
    prepare: async (c) => ({
      path: { site_id: await site(c, c.cast.owner.id) },
      body: { tag_id: await tag(c) },
    }),
  },
  {
    route: 'DELETE /api/v1/tags/dive-sites/{site_id}/tags/{tag_id}',
    owner: "the site's creator",
    source: 'D19',
    expect: ownerOrStaff(200),
    prepare: async (c) => {
      const siteId = await site(c, c.cast.owner.id);
      const tagId = await tag(c);
      await c.insert('INSERT INTO dive_site_tags (dive_site_id, tag_id) VALUES (?, ?)', [siteId, tagId]);
      return { path: { site_id: siteId, tag_id: tagId } };
    },
  },

  // organizations and certifications
  {
    route: 'POST /api/v1/diving-organizations',
    owner: 'nobody (organizations have no owner): a plain user',
    source: '§9 (admin/mod)',
    expect: staff(201),
    prepare: (c) => ({ body: { name: `New org ${c.n}`, acronym: `NO${c.n}` } }),
  },
  {
    route: 'PUT /api/v1/diving-organizations/{id}',
    owner: 'nobody: a plain user holding a certification of it',
    source: '§9 (admin/mod)',
    expect: staff(200),
    prepare: async (c) => {
      const id = await organization(c);
      await c.insert(
        "INSERT INTO user_certifications (user_id, diving_organization_id, certification_level) VALUES (?, ?, 'Open Water')",
        [c.cast.owner.id, id],
      );
      return { path: { id }, body: { description: 'Changed' } };
    },
  },
  {
    route: 'DELETE /api/v1/diving-organizations/{id}',
    owner: 'nobody: a plain user holding a certification of it',
    source: '§9 (admin/mod)',
    expect: staff(200),
    prepare: async (c) => {
      const id = await organization(c);
      await c.insert(
        "INSERT INTO user_certifications (user_id, diving_organization_id, certification_level) VALUES (?, ?, 'Open Water')",
        [c.cast.owner.id, id],
      );
      return { path: { id } };
    },
  },
  {
    route: 'POST /api/v1/user-certifications/my-certifications',
    owner: 'the caller (adds to their own list only)',
    source: '§9 (active), Our rules 1 (201)',
    expect: anyMember(201),
    prepare: async (c) => ({
      body: { diving_organization_id: await organization(c), certification_level: 'Rescue Diver' },
    }),
  },
  {
    route: 'PUT /api/v1/user-certifications/my-certifications/{id}',
    owner: "the certification's holder",
    source: '§9 (owner; other users\' → 404 "Certification not found")',
    expect: ownerOnly404(200),
    prepare: async (c) => ({
      path: { id: await certification(c, c.cast.owner.id) },
      body: { certification_level: 'Advanced Open Water Diver' },
    }),
  },
  {
    route: 'DELETE /api/v1/user-certifications/my-certifications/{id}',
    owner: "the certification's holder",
    source: '§9 (owner; 404 otherwise)',
    expect: ownerOnly404(200),
    prepare: async (c) => ({ path: { id: await certification(c, c.cast.owner.id) } }),
  },
  {
    route: 'PATCH /api/v1/user-certifications/my-certifications/{id}/toggle',
    owner: "the certification's holder",
    source: '§9 (owner), D10 (200)',
    expect: ownerOnly404(200),
    prepare: async (c) => ({ path: { id: await certification(c, c.cast.owner.id) } }),
  },

  // diving centers (no ownership yet: Our rules 12 — centers and gear rental by admins and moderators)
  {
    route: 'POST /api/v1/diving-centers',
    owner: 'nobody (centers have no owner yet): a plain user',
    source: 'Our rules 12 (admins and moderators)',
    expect: staff(201),
    prepare: (c) => ({ body: { name: `New center ${c.n}`, description: 'A center' } }),
  },
  {
    route: 'PUT /api/v1/diving-centers/{id}',
    owner: 'nobody (centers have no owner yet): a plain user',
    source: 'Our rules 12',
    expect: staff(200),
    prepare: async (c) => ({ path: { id: await center(c) }, body: { description: 'Changed' } }),
  },
  {
    route: 'DELETE /api/v1/diving-centers/{id}',
    owner: 'nobody: a plain user who logged a dive with the center',
    source: '§7 (admin/mod), D5 (the dive stays)',
    expect: staff(200),
    prepare: async (c) => {
      const id = await center(c);
      const diveId = await c.insert(
        "INSERT INTO dives (user_id, diving_center_id, dive_date) VALUES (?, ?, '2025-06-01')",
        [c.cast.owner.id, id],
      );
      return {
        path: { id },
        verify: async () => {
          const rows = await c.t.ds.query<unknown[]>('SELECT id FROM dives WHERE id = ?', [diveId]);
          expect(rows).toHaveLength(1);
        },
      };
    },
  },
  {
    route: 'POST /api/v1/diving-centers/{id}/rate',
    owner: 'nobody: a plain user',
    source: '§7 (active), D10 (200)',
    expect: anyMember(200),
    prepare: async (c) => ({ path: { id: await center(c) }, body: { score: 8 } }),
  },
  {
    route: 'POST /api/v1/diving-centers/{id}/comments',
    owner: 'nobody: a plain user',
    source: '§7 (active), Our rules 1 (201)',
    expect: anyMember(201),
    prepare: async (c) => ({ path: { id: await center(c) }, body: { comment_text: 'Friendly crew' } }),
  },
  {
    route: 'PUT /api/v1/diving-centers/{id}/comments/{commentId}',
    owner: "the comment's author",
    source: '§7 (author or admin; 403 "Not authorized to edit this comment")',
    expect: authorOrAdmin(200),
    prepare: async (c) => {
      const id = await center(c);
      return {
        path: { id, commentId: await centerComment(c, id, c.cast.owner.id) },
        body: { comment_text: 'Edited' },
      };
    },
  },
  {
    route: 'DELETE /api/v1/diving-centers/{id}/comments/{commentId}',
    owner: "the comment's author",
    source: '§7 (author or admin)',
    expect: authorOrAdmin(200),
    prepare: async (c) => {
      const id = await center(c);
      return { path: { id, commentId: await centerComment(c, id, c.cast.owner.id) } };
    },
  },
  {
    route: 'POST /api/v1/diving-centers/{id}/gear-rental',
    owner: 'nobody: a plain user',
    source: 'Our rules 12 (admins and moderators), Our rules 1 (201)',
    expect: staff(201),
    prepare: async (c) => ({ path: { id: await center(c) }, body: { item_name: 'Mask', cost: 5 } }),
  },
  {
    route: 'PUT /api/v1/diving-centers/{id}/gear-rental/{gearId}',
    owner: 'nobody: a plain user',
    source: 'Our rules 12, D20',
    expect: staff(200),
    prepare: async (c) => {
      const id = await center(c);
      const gearId = await c.insert(
        "INSERT INTO gear_rental_costs (diving_center_id, item_name, cost) VALUES (?, 'Fins', 4)",
        [id],
      );
      return { path: { id, gearId }, body: { cost: 6 } };
    },
  },
  {
    route: 'DELETE /api/v1/diving-centers/{id}/gear-rental/{gearId}',
    owner: 'nobody: a plain user',
    source: 'Our rules 12',
    expect: staff(200),
    prepare: async (c) => {
      const id = await center(c);
      const gearId = await c.insert(
        "INSERT INTO gear_rental_costs (diving_center_id, item_name, cost) VALUES (?, 'Fins', 4)",
        [id],
      );
      return { path: { id, gearId } };
    },
  },
  {
    route: 'POST /api/v1/diving-centers/{id}/organizations',
    owner: 'nobody: a plain user',
    source: '§7 (admin/mod; center owners do not exist yet: Our rules 12)',
    expect: staff(201),
    prepare: async (c) => ({
      path: { id: await center(c) },
      body: { diving_organization_id: await organization(c) },
    }),
  },
  {
    route: 'PUT /api/v1/diving-centers/{id}/organizations/{linkId}',
    owner: 'nobody: a plain user',
    source: '§7 (admin/mod)',
    expect: staff(200),
    prepare: async (c) => {
      const id = await center(c);
      const linkId = await c.insert(
        'INSERT INTO diving_center_organizations (diving_center_id, diving_organization_id) VALUES (?, ?)',
        [id, await organization(c)],
      );
      return { path: { id, linkId }, body: { is_primary: true } };
    },
  },
  {
    route: 'DELETE /api/v1/diving-centers/{id}/organizations/{linkId}',
    owner: 'nobody: a plain user',
    source: '§7 (admin/mod)',
    expect: staff(200),
    prepare: async (c) => {
      const id = await center(c);
      const linkId = await c.insert(
        'INSERT INTO diving_center_organizations (diving_center_id, diving_organization_id) VALUES (?, ?)',
        [id, await organization(c)],
      );
      return { path: { id, linkId } };
    },
  },
  {
    route: 'POST /api/v1/diving-centers/{id}/dive-sites',
    owner: "the site's creator (from the center's side: centers are staff-only, Our rules 12)",
    source: 'Our rules 12',
    expect: staff(201),
    prepare: async (c) => ({
      path: { id: await center(c) },
      body: { dive_site_id: await site(c, c.cast.owner.id) },
    }),
  },
  {
    route: 'DELETE /api/v1/diving-centers/{id}/dive-sites/{siteId}',
    owner: "the site's creator (from the center's side)",
    source: 'Our rules 12',
    expect: staff(200),
    prepare: async (c) => {
      const id = await center(c);
      const siteId = await site(c, c.cast.owner.id);
      await c.insert('INSERT INTO center_dive_sites (diving_center_id, dive_site_id) VALUES (?, ?)', [
        id,
        siteId,
      ]);
      return { path: { id, siteId } };
    },
  },
  {
    route: 'POST /api/v1/dive-sites/{id}/diving-centers',
    owner: "the site's creator",
    source: 'D19 (center links of a site: admin, moderator, creator; others 403)',
    expect: ownerOrStaff(201),
    prepare: async (c) => ({
      path: { id: await site(c, c.cast.owner.id) },
      body: { diving_center_id: await center(c) },
    }),
  },
  {
    route: 'DELETE /api/v1/dive-sites/{id}/diving-centers/{centerId}',
    owner: "the site's creator",
    source: 'D19',
    expect: ownerOrStaff(200),
    prepare: async (c) => {
      const id = await site(c, c.cast.owner.id);
      const centerId = await center(c);
      await c.insert('INSERT INTO center_dive_sites (diving_center_id, dive_site_id) VALUES (?, ?)', [
        centerId,
        id,
      ]);
      return { path: { id, centerId } };
    },
  },

  // dives (the owner's private dive)
  {
    route: 'PUT /api/v1/dives/admin/dives/{id}',
    owner: "the (private) dive's user",
    source: '§8 (admin)',
    expect: adminOnly(200),
    prepare: async (c) => ({ path: { id: await dive(c, c.cast.owner.id) }, body: { name: 'Changed' } }),
  },
  {
    route: 'DELETE /api/v1/dives/admin/dives/{id}',
    owner: "the (private) dive's user",
    source: '§8 (admin)',
    expect: adminOnly(200),
    prepare: async (c) => ({ path: { id: await dive(c, c.cast.owner.id) } }),
  },
  {
    route: 'POST /api/v1/dives',
    owner: 'nobody (a new dive, owned by its caller)',
    source: '§8 (active), Our rules 1 (201)',
    expect: anyMember(201),
    prepare: () => ({ body: { dive_date: '2025-07-01' } }),
  },
  {
    route: 'PUT /api/v1/dives/{id}',
    owner: "the (private) dive's user",
    source: '§8 (owner, admin any; others incl. moderators 404)',
    expect: row5(401, 404, 200, 404, 200),
    prepare: async (c) => ({ path: { id: await dive(c, c.cast.owner.id) }, body: { name: 'Changed' } }),
  },
  {
    route: 'DELETE /api/v1/dives/{id}',
    owner: "the (private) dive's user",
    source: '§8 (owner only; others, even admins, 404)',
    expect: ownerOnly404(200),
    prepare: async (c) => ({ path: { id: await dive(c, c.cast.owner.id) } }),
  },
  {
    route: 'POST /api/v1/dives/{id}/media',
    owner: "the (private) dive's user",
    source: '§8 (owner; non-owner 404)',
    expect: ownerOnly404(201),
    prepare: async (c) => ({
      path: { id: await dive(c, c.cast.owner.id) },
      body: { media_type: 'photo', url: `https://example.org/new-${c.n}.jpg` },
    }),
  },
  {
    route: 'PATCH /api/v1/dives/{id}/media/{mediaId}',
    owner: "the (private) dive's user",
    source: '§8 (owner; 404)',
    expect: ownerOnly404(200),
    prepare: async (c) => {
      const id = await dive(c, c.cast.owner.id);
      return { path: { id, mediaId: await diveMedia(c, id) }, body: { description: 'Changed' } };
    },
  },
  {
    route: 'DELETE /api/v1/dives/{id}/media/{mediaId}',
    owner: "the (private) dive's user",
    source: '§8 (owner; 404)',
    expect: ownerOnly404(200),
    prepare: async (c) => {
      const id = await dive(c, c.cast.owner.id);
      return { path: { id, mediaId: await diveMedia(c, id) } };
    },
  },
  {
    route: 'POST /api/v1/dives/{id}/tags',
    owner: "the (private) dive's user",
    source: '§8 (owner; like its media and PUT: 404)',
    expect: ownerOnly404(201),
    prepare: async (c) => ({ path: { id: await dive(c, c.cast.owner.id) }, body: { tag_id: await tag(c) } }),
  },
  {
    route: 'DELETE /api/v1/dives/{id}/tags/{tagId}',
    owner: "the (private) dive's user",
    source: '§8 (owner; 404)',
    expect: ownerOnly404(200),
    prepare: async (c) => {
      const id = await dive(c, c.cast.owner.id);
      const tagId = await tag(c);
      await c.insert('INSERT INTO dive_tags (dive_id, tag_id) VALUES (?, ?)', [id, tagId]);
      return { path: { id, tagId } };
    },
  },

  // trips and newsletters (Our rules 12: trips by admins and moderators; newsletters §11 admin/mod)
  {
    route: 'POST /api/v1/newsletters/trips',
    owner: 'nobody (center ownership does not exist yet): a plain user',
    source: 'Our rules 12, D10 (201)',
    expect: staff(201),
    prepare: async (c) => ({ body: { diving_center_id: await center(c), trip_date: '2027-06-01' } }),
  },
  {
    route: 'PUT /api/v1/newsletters/trips/{id}',
    owner: 'nobody: a plain user',
    source: 'Our rules 12',
    expect: staff(200),
    prepare: async (c) => ({ path: { id: await trip(c) }, body: { trip_description: 'Changed' } }),
  },
  {
    route: 'DELETE /api/v1/newsletters/trips/{id}',
    owner: 'nobody: a plain user',
    source: 'Our rules 12',
    expect: staff(200),
    prepare: async (c) => ({ path: { id: await trip(c) } }),
  },
  {
    route: 'POST /api/v1/newsletters/upload',
    owner: 'nobody: a plain user',
    source: '§11 (admin/mod), D10 (201)',
    expect: staff(201),
    prepare: (c) => ({
      file: { field: 'file', content: `Newsletter ${c.n}: nothing planned.`, name: 'n.txt' },
    }),
  },
  {
    route: 'POST /api/v1/newsletters/parse-text',
    owner: 'nobody: a plain user',
    source: '§11 (admin/mod), D10 (200)',
    expect: staff(200),
    prepare: (c) => ({ body: { content: `Newsletter ${c.n}: nothing planned.`, use_openai: false } }),
  },
  {
    route: 'DELETE /api/v1/newsletters',
    owner: 'nobody: a plain user',
    source: '§11 (admin/mod)',
    expect: staff(200),
    prepare: async (c) => ({ body: { newsletter_ids: [await newsletter(c)] } }),
  },
  {
    route: 'PUT /api/v1/newsletters/{id}',
    owner: 'nobody: a plain user',
    source: '§11 (admin/mod)',
    expect: staff(200),
    prepare: async (c) => ({ path: { id: await newsletter(c) }, body: { content: 'Changed text' } }),
  },
  {
    route: 'DELETE /api/v1/newsletters/{id}',
    owner: 'nobody: a plain user',
    source: '§11 (admin/mod)',
    expect: staff(200),
    prepare: async (c) => ({ path: { id: await newsletter(c) } }),
  },
  {
    route: 'POST /api/v1/newsletters/{id}/reparse',
    owner: 'nobody: a plain user',
    source: '§11 (admin/mod), D10 (200)',
    expect: staff(200),
    prepare: async (c) => ({ path: { id: await newsletter(c) } }),
  },
];

// ---- sensitive reads -----------------------------------------------------------------------------

/** A status, or 200 with the owner's private object absent from / present in the answer. */
type ReadCell = number | 'hidden' | 'shown';
type ReadExpectations = Record<Caller, ReadCell>;
const read5 = (
  anonymous: ReadCell,
  user: ReadCell,
  owner: ReadCell,
  moderator: ReadCell,
  admin: ReadCell,
): ReadExpectations => ({ anonymous, user, owner, moderator, admin });

interface ReadPrepared {
  path?: Record<string, number | string>;
  query?: Record<string, string>;
  found?: (body: unknown) => boolean;
}

interface ReadRow {
  route: string;
  what: string;
  source: string;
  expect: ReadExpectations;
  prepare(ctx: Ctx): ReadPrepared | Promise<ReadPrepared>;
}

const ids = (body: unknown): number[] => {
  const list = Array.isArray(body) ? body : ((body as { items?: unknown[] }).items ?? []);
  return (list as Json[]).map((item) => Number(item.id));
};
/** The owner's private dive (at a site of its own) with one media item. */
async function privateDive(c: Ctx): Promise<{ siteId: number; diveId: number; mediaId: number }> {
  const siteId = await site(c, null);
  const diveId = await dive(c, c.cast.owner.id, siteId, true);
  return { siteId, diveId, mediaId: await diveMedia(c, diveId) };
}

const READS: ReadRow[] = [
  {
    route: 'GET /api/v1/dives/{id}',
    what: "the owner's private dive",
    source: '§8 (403 "This dive is private"; admins too), D11',
    expect: read5(403, 403, 200, 403, 403),
    prepare: async (c) => ({ path: { id: (await privateDive(c)).diveId } }),
  },
  {
    route: 'GET /api/v1/dives/{id}/details',
    what: "the owner's private dive",
    source: '§8, Our rules 7',
    expect: read5(403, 403, 200, 403, 403),
    prepare: async (c) => ({ path: { id: (await privateDive(c)).diveId } }),
  },
  {
    route: 'GET /api/v1/dives/{id}/media',
    what: "the owner's private dive's media",
    source: '§8 (privacy rule), Our rules 7',
    expect: read5(403, 403, 200, 403, 403),
    prepare: async (c) => ({ path: { id: (await privateDive(c)).diveId } }),
  },
  {
    route: 'GET /api/v1/dives',
    what: "the owner's private dive in the list (user_id=owner)",
    source: "§8 (own + others' public)",
    expect: read5('hidden', 'hidden', 'shown', 'hidden', 'hidden'),
    prepare: async (c) => {
      const { diveId } = await privateDive(c);
      return { query: { user_id: String(c.cast.owner.id) }, found: (b) => ids(b).includes(diveId) };
    },
  },
  {
    route: 'GET /api/v1/dives/count',
    what: "the owner's private dive in the count (user_id=owner)",
    source: '§8',
    expect: read5('hidden', 'hidden', 'shown', 'hidden', 'hidden'),
    prepare: async (c) => {
      await privateDive(c);
      return {
        query: { user_id: String(c.cast.owner.id) },
        found: (b) => (b as { total: number }).total > 0,
      };
    },
  },
  {
    route: 'GET /api/v1/dive-sites/{id}/dives',
    what: "the owner's private dive at the site",
    source: "§6 (public dives + the caller's own)",
    expect: read5('hidden', 'hidden', 'shown', 'hidden', 'hidden'),
    prepare: async (c) => {
      const { siteId, diveId } = await privateDive(c);
      return { path: { id: siteId }, found: (b) => ids(b).includes(diveId) };
    },
  },
  {
    route: 'GET /api/v1/dive-sites/{id}/media',
    what: "the owner's private dive's media among the site's media",
    source: 'Our rules 7 (visible only to the owner, "including in GET /dive-sites/{id}/media")',
    expect: read5('hidden', 'hidden', 'shown', 'hidden', 'hidden'),
    prepare: async (c) => {
      const { siteId, diveId } = await privateDive(c);
      return {
        path: { id: siteId },
        found: (b) =>
          (Array.isArray(b) ? (b as Json[]) : ((b as { items?: Json[] }).items ?? [])).some(
            (m) => m.dive_id === diveId,
          ),
      };
    },
  },
  {
    route: 'GET /api/v1/users/{username}/visited-sites',
    what: "the owner's visited sites (one site, dived privately)",
    source: '§5 (owner or admin; 403 otherwise; admins see only public dives of others)',
    expect: read5(401, 403, 'shown', 403, 'hidden'),
    prepare: async (c) => {
      const { siteId } = await privateDive(c);
      return {
        path: { username: c.cast.owner.username },
        found: (b) => (b as Array<{ dive_site: { id: number } }>).some((v) => v.dive_site.id === siteId),
      };
    },
  },
  {
    route: 'GET /api/v1/user-certifications/users/{userId}/certifications',
    what: "the owner's inactive certification",
    source: '§9 (only is_active=true)',
    expect: read5('hidden', 'hidden', 'hidden', 'hidden', 'hidden'),
    prepare: async (c) => {
      const id = await certification(c, c.cast.owner.id, false);
      return { path: { userId: c.cast.owner.id }, found: (b) => ids(b).includes(id) };
    },
  },
  {
    route: 'GET /api/v1/user-certifications/my-certifications',
    what: "the owner's (inactive) certification",
    source: '§9 (all own certs)',
    expect: read5(401, 'hidden', 'shown', 'hidden', 'hidden'),
    prepare: async (c) => {
      const id = await certification(c, c.cast.owner.id, false);
      return { found: (b) => ids(b).includes(id) };
    },
  },
  {
    route: 'GET /api/v1/users/me/comments',
    what: "the owner's site comment",
    source: "§5 (the caller's own)",
    expect: read5(401, 'hidden', 'shown', 'hidden', 'hidden'),
    prepare: async (c) => {
      const id = await siteComment(c, await site(c, null), c.cast.owner.id);
      return { found: (b) => ids(b).includes(id) };
    },
  },
  {
    route: 'GET /api/v1/users/me/ratings',
    what: "the owner's site rating",
    source: "§5 (the caller's own)",
    expect: read5(401, 'hidden', 'shown', 'hidden', 'hidden'),
    prepare: async (c) => {
      const id = await c.insert('INSERT INTO site_ratings (dive_site_id, user_id, score) VALUES (?, ?, 6)', [
        await site(c, null),
        c.cast.owner.id,
      ]);
      return { found: (b) => ids(b).includes(id) };
    },
  },
  {
    route: 'GET /api/v1/auth/tokens',
    what: "the owner's refresh session",
    source: '§4 (own sessions)',
    expect: read5(401, 'hidden', 'shown', 'hidden', 'hidden'),
    prepare: async (c) => {
      const { id } = await ownerSession(c);
      return { found: (b) => (b as Array<{ id: string }>).some((s) => s.id === id) };
    },
  },
  {
    route: 'GET /api/v1/auth/me',
    what: "the owner's account",
    source: '§4 (the caller)',
    expect: read5(401, 'hidden', 'shown', 'hidden', 'hidden'),
    prepare: (c) => ({ found: (b) => (b as { id: number }).id === c.cast.owner.id }),
  },
  {
    route: 'GET /api/v1/dives/admin/dives',
    what: "the owner's private dive (admins only)",
    source: '§8 (admin: sees all dives incl. private)',
    expect: read5(401, 403, 403, 403, 'shown'),
    prepare: async (c) => {
      const { diveId } = await privateDive(c);
      return { query: { page_size: '1000' }, found: (b) => ids(b).includes(diveId) };
    },
  },
  {
    route: 'GET /api/v1/users/admin/users',
    what: 'the user list (admins only)',
    source: '§5 (admin; mods 403)',
    expect: read5(401, 403, 403, 403, 200),
    prepare: () => ({}),
  },
  {
    route: 'GET /api/v1/newsletters/{id}',
    what: 'a newsletter (admins and moderators)',
    source: '§11 (admin/mod)',
    expect: read5(401, 403, 403, 200, 200),
    prepare: async (c) => ({ path: { id: await newsletter(c) } }),
  },
  {
    route: 'GET /api/v1/newsletters/trips/{id}',
    what: "a trip's newsletter_content (admins and moderators)",
    source: 'Our rules 1 (401), §11 (newsletter_content for admin/mod, else null)',
    expect: read5(401, 'hidden', 'hidden', 'shown', 'shown'),
    prepare: async (c) => {
      const id = await c.insert(
        "INSERT INTO parsed_dive_trips (diving_center_id, trip_date, source_newsletter_id) VALUES (?, '2027-05-01', ?)",
        [await center(c), await newsletter(c)],
      );
      return {
        path: { id },
        found: (b) => (b as { newsletter_content: unknown }).newsletter_content != null,
      };
    },
  },
  {
    route: 'GET /api/v1/users/{username}/public',
    what: "the owner's inactive certification in the public profile",
    source: '§5 (certifications[] active only)',
    expect: read5('hidden', 'hidden', 'hidden', 'hidden', 'hidden'),
    prepare: async (c) => {
      const id = await certification(c, c.cast.owner.id, false);
      return {
        path: { username: c.cast.owner.username },
        found: (b) => ids((b as { certifications?: unknown[] }).certifications ?? []).includes(id),
      };
    },
  },
  {
    route: 'GET /api/v1/dive-sites',
    what: "the owner's archived site in the list (include_archived=true)",
    source: 'D19 (absent from lists unless an admin asks include_archived=true)',
    expect: read5('hidden', 'hidden', 'hidden', 'hidden', 'shown'),
    prepare: async (c) => {
      const id = await site(c, c.cast.owner.id, true);
      return {
        query: { include_archived: 'true', name: `Authz site ${c.n}`, page_size: '1000' },
        found: (b) => ids(b).includes(id),
      };
    },
  },
  {
    route: 'GET /api/v1/dive-sites/{id}',
    what: "the owner's archived site",
    source: 'D19 (archived: 404 for non-admins)',
    expect: read5(404, 404, 404, 404, 200),
    prepare: async (c) => ({ path: { id: await site(c, c.cast.owner.id, true) } }),
  },
];

// ---- another user's child object under the caller's own parent ----------------------------------

/**
 * The plain user owns the parent named in the path (their dive, the site they created) and names a
 * child of the owner's parent: 404, and the owner's object is left alone.
 */
interface CrossRow {
  route: string;
  what: string;
  prepare(ctx: Ctx): Promise<{ path: Record<string, number>; body?: Json; intact(): Promise<boolean> }>;
}

const exists = (c: Ctx, sql: string, params: unknown[]) => async () =>
  (await c.t.ds.query<unknown[]>(sql, params)).length === 1;

const CROSS: CrossRow[] = [
  {
    route: 'PATCH /api/v1/dives/{id}/media/{mediaId}',
    what: "the owner's dive media under the user's dive",
    prepare: async (c) => {
      const mediaId = await diveMedia(c, await dive(c, c.cast.owner.id));
      return {
        path: { id: await dive(c, c.cast.user.id), mediaId },
        body: { description: 'Hijacked' },
        intact: exists(c, 'SELECT id FROM dive_media WHERE id = ? AND description IS NULL', [mediaId]),
      };
    },
  },
  {
    route: 'DELETE /api/v1/dives/{id}/media/{mediaId}',
    what: "the owner's dive media under the user's dive",
    prepare: async (c) => {
      const mediaId = await diveMedia(c, await dive(c, c.cast.owner.id));
      return {
        path: { id: await dive(c, c.cast.user.id), mediaId },
        intact: exists(c, 'SELECT id FROM dive_media WHERE id = ?', [mediaId]),
      };
    },
  },
  {
    route: 'DELETE /api/v1/dives/{id}/tags/{tagId}',
    what: "a tag of the owner's dive under the user's dive",
    prepare: async (c) => {
      const ownerDive = await dive(c, c.cast.owner.id);
      const tagId = await tag(c);
      await c.insert('INSERT INTO dive_tags (dive_id, tag_id) VALUES (?, ?)', [ownerDive, tagId]);
      return {
        path: { id: await dive(c, c.cast.user.id), tagId },
        intact: exists(c, 'SELECT dive_id FROM dive_tags WHERE dive_id = ? AND tag_id = ?', [
          ownerDive,
          tagId,
        ]),
      };
    },
  },
  {
    route: 'PATCH /api/v1/dive-sites/{id}/media/{media_id}',
    what: "the owner's site media under the user's site",
    prepare: async (c) => {
      const mediaId = await c.insert(
        "INSERT INTO site_media (dive_site_id, user_id, media_type, url) VALUES (?, ?, 'photo', 'https://example.org/o.jpg')",
        [await site(c, c.cast.owner.id), c.cast.owner.id],
      );
      return {
        path: { id: await site(c, c.cast.user.id), media_id: mediaId },
        body: { description: 'Hijacked' },
        intact: exists(c, 'SELECT id FROM site_media WHERE id = ? AND description IS NULL', [mediaId]),
      };
    },
  },
  {
    route: 'DELETE /api/v1/dive-sites/{id}/media/{media_id}',
    what: "the owner's site media under the user's site",
    prepare: async (c) => {
      const mediaId = await c.insert(
        "INSERT INTO site_media (dive_site_id, user_id, media_type, url) VALUES (?, ?, 'photo', 'https://example.org/o.jpg')",
        [await site(c, c.cast.owner.id), c.cast.owner.id],
      );
      return {
        path: { id: await site(c, c.cast.user.id), media_id: mediaId },
        intact: exists(c, 'SELECT id FROM site_media WHERE id = ?', [mediaId]),
      };
    },
  },
  {
    route: 'DELETE /api/v1/tags/dive-sites/{site_id}/tags/{tag_id}',
    what: "a tag of the owner's site under the user's site",
    prepare: async (c) => {
      const ownerSite = await site(c, c.cast.owner.id);
      const tagId = await tag(c);
      await c.insert('INSERT INTO dive_site_tags (dive_site_id, tag_id) VALUES (?, ?)', [ownerSite, tagId]);
      return {
        path: { site_id: await site(c, c.cast.user.id), tag_id: tagId },
        intact: exists(c, 'SELECT id FROM dive_site_tags WHERE dive_site_id = ? AND tag_id = ?', [
          ownerSite,
          tagId,
        ]),
      };
    },
  },
  {
    route: 'DELETE /api/v1/dive-sites/{id}/diving-centers/{centerId}',
    what: "a center link of the owner's site under the user's site",
    prepare: async (c) => {
      const ownerSite = await site(c, c.cast.owner.id);
      const centerId = await center(c);
      await c.insert('INSERT INTO center_dive_sites (diving_center_id, dive_site_id) VALUES (?, ?)', [
        centerId,
        ownerSite,
      ]);
      return {
        path: { id: await site(c, c.cast.user.id), centerId },
        intact: exists(
          c,
          'SELECT id FROM center_dive_sites WHERE diving_center_id = ? AND dive_site_id = ?',
          [centerId, ownerSite],
        ),
      };
    },
  },
  {
    route: 'DELETE /api/v1/dive-sites/{id}/comments/{comment_id}',
    what: "the owner's comment on another site under the user's site",
    prepare: async (c) => {
      const commentId = await siteComment(c, await site(c, null), c.cast.owner.id);
      return {
        path: { id: await site(c, c.cast.user.id), comment_id: commentId },
        intact: exists(c, 'SELECT id FROM site_comments WHERE id = ?', [commentId]),
      };
    },
  },
];

// ---- running them --------------------------------------------------------------------------------

const METHODS = ['post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number] | 'get';

function splitRoute(route: string): { method: Method; template: string } {
  const [method, template] = route.split(' ');
  return { method: method.toLowerCase() as Method, template };
}

function fillPath(template: string, params: Record<string, number | string> = {}): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`${template}: no value for {${name}}`);
    return encodeURIComponent(String(params[name]));
  });
}

const label = (cell: ReadCell) => (typeof cell === 'number' ? String(cell) : `200, ${cell}`);

describe('authorization matrix', () => {
  let t: TestApp;
  let doc: OpenAPIV3.Document;
  let counter = 0;

  beforeAll(async () => {
    t = await createTestApp();
    await resetDatabase(t.ds);
    doc = (await request(t.app.getHttpServer()).get('/openapi.json').expect(200)).body as OpenAPIV3.Document;
  });
  afterAll(async () => {
    await t?.app.close();
  });

  /** A fresh cast and counter for one cell. */
  async function context(): Promise<Ctx> {
    const n = ++counter;
    const [user, owner, moderator, admin] = await Promise.all([
      createUser(t.ds),
      createUser(t.ds),
      createUser(t.ds, { isModerator: true }),
      createUser(t.ds, { isAdmin: true }),
    ]);
    const cast = { user, owner, moderator, admin };
    return {
      t,
      cast,
      n,
      token: (who) => tokenFor(t, cast[who]),
      insert: async (sql, params = []) => (await t.ds.query<{ insertId: number }>(sql, params)).insertId,
    };
  }

  function send(
    c: Ctx,
    caller: Caller,
    method: Method,
    template: string,
    prepared: Prepared,
  ): Promise<request.Response> {
    let req = request(t.app.getHttpServer())[method](fillPath(template, prepared.path));
    if (prepared.query) req = req.query(prepared.query);
    if (caller !== 'anonymous') req = req.set(bearer(c.token(caller)));
    if (prepared.file)
      return req.attach(prepared.file.field, Buffer.from(prepared.file.content), prepared.file.name);
    return prepared.body ? req.send(prepared.body) : req;
  }

  function documentedMutations(): string[] {
    return Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item?.[m]).map((m) => `${m.toUpperCase()} ${path}`),
    );
  }

  it('has exactly one row for every mutating route of the OpenAPI document', () => {
    const rows = ROWS.map((r) => r.route);
    expect(rows.filter((r, i) => rows.indexOf(r) !== i)).toEqual([]);
    const documented = documentedMutations();
    // Google sign-in is mounted only when configured (D30): not required, public when present.
    const required = documented.filter((r) => !ROWS.some((row) => row.optional && row.route === r));
    expect(required.filter((r) => !rows.includes(r))).toEqual([]);
    expect(ROWS.filter((r) => !r.optional && !documented.includes(r.route)).map((r) => r.route)).toEqual([]);
    expect(CROSS.map((r) => r.route).filter((r) => !documented.includes(r))).toEqual([]);
  });

  it('reads only routes the document has', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      item?.get ? [`GET ${path}`] : [],
    );
    expect(READS.map((r) => r.route).filter((r) => !documented.includes(r))).toEqual([]);
  });

  describe.each(ROWS.map((row) => [row.route, row] as const))('%s', (_route, row) => {
    const { method, template } = splitRoute(row.route);
    it.each(CALLERS.map((caller) => [caller, row.optional ? 'public' : String(row.expect[caller])] as const))(
      '%s → %s',
      async (caller) => {
        if (row.optional && !documentedMutations().includes(row.route)) return;
        const c = await context();
        const prepared = await row.prepare(c);
        const res = await send(c, caller, method, template, prepared);
        if (row.optional) {
          expect([401, 403]).not.toContain(res.status);
        } else {
          expect({
            status: res.status,
            body: res.status === row.expect[caller] ? undefined : (res.body as unknown),
          }).toEqual({
            status: row.expect[caller],
            body: undefined,
          });
        }
        await prepared.verify?.(caller, res);
      },
    );
  });

  describe("another user's child under the caller's own parent", () => {
    it.each(CROSS.map((row) => [row.route, row.what, row] as const))(
      '%s (%s) → 404, left alone',
      async (route, _what, row) => {
        const { method, template } = splitRoute(route);
        const c = await context();
        const prepared = await row.prepare(c);
        const res = await send(c, 'user', method, template, prepared);
        expect(res.status).toBe(404);
        expect(await prepared.intact()).toBe(true);
      },
    );
  });

  describe('sensitive reads', () => {
    describe.each(READS.map((row) => [`${row.route} (${row.what})`, row] as const))('%s', (_route, row) => {
      const { method, template } = splitRoute(row.route);
      it.each(CALLERS.map((caller) => [caller, label(row.expect[caller])] as const))(
        '%s → %s',
        async (caller) => {
          const c = await context();
          const prepared = await row.prepare(c);
          const res = await send(c, caller, method, template, prepared);
          const cell = row.expect[caller];
          const status = typeof cell === 'number' ? cell : 200;
          expect({
            status: res.status,
            body: res.status === status ? undefined : (res.body as unknown),
          }).toEqual({
            status,
            body: undefined,
          });
          if (typeof cell !== 'number') {
            if (!prepared.found) throw new Error(`${row.route}: a visibility cell needs found()`);
            expect(prepared.found(res.body)).toBe(cell === 'shown');
          }
        },
      );
    });
  });
});
