/**
 * Seed data for the fuzzer: users of every role (and their tokens), forged tokens, and a few rows of
 * each resource created through the API, so that generated path ids hit real rows as well as missing ones.
 */
import { randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { DataSource } from 'typeorm';
import { createUser, STRONG_PASSWORD } from '../support/factories';
import type { FuzzContext } from './openapi-fuzzer';

/** Tokens outlive any fuzz run (a 20,000-request run takes minutes). */
const TOKEN_LIFETIME_S = 6 * 3600;

interface Signer {
  sign(
    sub: string,
    claims?: Record<string, unknown>,
    options?: { secret?: string; expiresIn?: number; algorithm?: 'HS256' | 'HS512' },
  ): string;
}

function signer(secret: string): Signer {
  return {
    sign(sub, claims = {}, options = {}) {
      const jwt = new JwtService({ secret: options.secret ?? secret });
      return jwt.sign(
        { sub, username: `u${sub}`, is_admin: false, is_moderator: false, type: 'access', ...claims },
        { algorithm: options.algorithm ?? 'HS256', expiresIn: options.expiresIn ?? TOKEN_LIFETIME_S },
      );
    },
  };
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** `Authorization` values no server should accept: garbage, alg none, wrong secret, expired, foreign claims. */
export function forgedAuthorizations(secret: string, adminId: number): string[] {
  const s = signer(secret);
  const now = Math.floor(Date.now() / 1000);
  const noneToken = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: String(adminId), is_admin: true, type: 'access', exp: now + 3600 })}.`;
  const valid = s.sign(String(adminId), { is_admin: true });
  return [
    'Bearer',
    'Bearer ',
    'Bearer garbage',
    'Bearer a.b.c',
    'Bearer ....',
    `Bearer ${'A'.repeat(8000)}`,
    `Bearer ${noneToken}`,
    `Bearer ${noneToken}${'x'.repeat(10)}`,
    `Bearer ${s.sign(String(adminId), { is_admin: true }, { secret: 'not-the-secret' })}`,
    `Bearer ${s.sign(String(adminId), { is_admin: true }, { expiresIn: -60 })}`,
    `Bearer ${s.sign(String(adminId), { is_admin: true }, { algorithm: 'HS512' })}`,
    `Bearer ${s.sign('999999', { is_admin: true })}`,
    `Bearer ${s.sign('abc', { is_admin: true })}`,
    `Bearer ${s.sign('-1')}`,
    `Bearer ${s.sign('1e3')}`,
    `Bearer ${s.sign('9007199254740993')}`,
    `Bearer ${s.sign(String(adminId), { type: 'refresh' })}`,
    `Bearer ${s.sign(String(adminId), { type: undefined })}`,
    `Bearer ${valid.split('.').slice(0, 2).join('.')}.`,
    `Bearer ${valid.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}`,
    `bearer ${valid}`,
    `Bearer  ${valid}`,
    `Basic ${Buffer.from('admin:admin').toString('base64')}`,
    `Token ${valid}`,
    valid,
    `Bearer ${randomBytes(24).toString('hex')}`,
    `Bearer ${b64({ alg: 'HS256' })}.${b64({ sub: { $gt: 0 } })}.sig`,
  ];
}

async function api<T = Record<string, unknown>>(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300)
    throw new Error(`seeding ${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** Creates the seed rows and returns what the generator needs about them. */
export async function seedFuzzData(
  baseUrl: string,
  ds: DataSource,
  jwtSecret: string,
  bodyLimitBytes: number,
): Promise<FuzzContext> {
  const s = signer(jwtSecret);
  const ids: Record<string, Array<number | string>> = {};
  const add = (key: string, id: unknown) => {
    if (id !== undefined && id !== null) (ids[key] ??= []).push(id as number);
  };
  // Plain users first: they take the low ids boundary values land on.
  const others = await Promise.all([1, 2, 3, 4].map(() => createUser(ds)));
  await createUser(ds, { enabled: false });
  const users = await Promise.all([1, 2].map(() => createUser(ds)));
  const moderators = await Promise.all([1, 2].map(() => createUser(ds, { isModerator: true })));
  const admins = await Promise.all([1, 2].map(() => createUser(ds, { isAdmin: true })));
  const victims = await Promise.all([1, 2, 3].map(() => createUser(ds)));
  const token = (u: { id: number; username: string; isAdmin: boolean; isModerator: boolean }) =>
    s.sign(String(u.id), { username: u.username, is_admin: u.isAdmin, is_moderator: u.isModerator });
  const [admin, user] = [token(admins[0]), token(users[0])];
  for (const u of [...others, ...victims]) add('users', u.id);

  // Reference data and resources, through the API.
  const tags = [];
  for (const name of ['wreck', 'reef', 'cave'])
    tags.push(
      await api(baseUrl, admin, 'POST', '/api/v1/tags', {
        name: `${name}_${randomBytes(3).toString('hex')}`,
      }),
    );
  for (const t of tags) add('tags', t.id);
  const orgs = [];
  for (const [name, acronym] of [
    ['Professional Association of Diving Instructors', 'PADI'],
    ['Scuba Schools International', 'SSI'],
  ])
    orgs.push(await api(baseUrl, admin, 'POST', '/api/v1/diving-organizations', { name, acronym }));
  for (const o of orgs) add('diving-organizations', o.id);
  const sites = [];
  const places: Array<[string, number, number]> = [
    ['Blue Hole', 17.31, -87.53],
    ['Thistlegorm', 27.81, 33.92],
    ['Shark Point', -8.35, 115.5],
  ];
  for (const [name, latitude, longitude] of places)
    sites.push(
      await api(baseUrl, user, 'POST', '/api/v1/dive-sites', {
        name,
        latitude,
        longitude,
        country: 'Belize',
        region: 'North',
      }),
    );
  for (const site of sites) add('dive-sites', site.id);
  const centers = [];
  for (const [name, latitude, longitude] of places)
    centers.push(
      await api(baseUrl, admin, 'POST', '/api/v1/diving-centers', {
        name: `${name} Divers`,
        description: 'A center',
        latitude: latitude + 0.01,
        longitude,
        country: 'Belize',
        city: 'Town',
      }),
    );
  for (const c of centers) add('diving-centers', c.id);

  const siteId = sites[0].id as number;
  const centerId = centers[0].id as number;
  add(
    'aliases',
    (await api(baseUrl, admin, 'POST', `/api/v1/dive-sites/${siteId}/aliases`, { alias: 'The Hole' })).id,
  );
  add(
    'comments',
    (await api(baseUrl, user, 'POST', `/api/v1/dive-sites/${siteId}/comments`, { comment_text: 'Great' })).id,
  );
  add(
    'comments',
    (
      await api(baseUrl, user, 'POST', `/api/v1/diving-centers/${centerId}/comments`, {
        comment_text: 'Nice staff',
      })
    ).id,
  );
  await api(baseUrl, user, 'POST', `/api/v1/dive-sites/${siteId}/rate`, { score: 8 });
  add(
    'media',
    (
      await api(baseUrl, user, 'POST', `/api/v1/dive-sites/${siteId}/media`, {
        media_type: 'photo',
        url: 'https://example.org/a.jpg',
      })
    ).id,
  );
  await api(baseUrl, admin, 'POST', `/api/v1/tags/dive-sites/${siteId}/tags`, { tag_id: tags[0].id });
  add(
    'gear-rental',
    (
      await api(baseUrl, admin, 'POST', `/api/v1/diving-centers/${centerId}/gear-rental`, {
        item_name: 'BCD',
        cost: 10,
      })
    ).id,
  );
  add(
    'organizations',
    (
      await api(baseUrl, admin, 'POST', `/api/v1/diving-centers/${centerId}/organizations`, {
        diving_organization_id: orgs[0].id,
        certification_level: 'Open Water Diver',
      })
    ).id,
  );
  await api(baseUrl, admin, 'POST', `/api/v1/diving-centers/${centerId}/dive-sites`, {
    dive_site_id: siteId,
  });
  add(
    'my-certifications',
    (
      await api(baseUrl, user, 'POST', '/api/v1/user-certifications/my-certifications', {
        diving_organization_id: orgs[0].id,
        certification_level: 'Open Water Diver',
      })
    ).id,
  );
  for (const [i, site] of sites.entries()) {
    const dive = await api(baseUrl, user, 'POST', '/api/v1/dives', {
      dive_date: `2024-0${i + 1}-15`,
      dive_site_id: site.id,
      is_private: i === 2,
      max_depth: 18,
      duration: 45,
    });
    add('dives', dive.id);
    if (i === 0) {
      add(
        'media',
        (
          await api(baseUrl, user, 'POST', `/api/v1/dives/${String(dive.id)}/media`, {
            media_type: 'photo',
            url: 'https://example.org/d.jpg',
          })
        ).id,
      );
      await api(baseUrl, user, 'POST', `/api/v1/dives/${String(dive.id)}/tags`, { tag_id: tags[1].id });
    }
  }
  add('dives', (await api(baseUrl, admin, 'POST', '/api/v1/dives', { dive_date: '2023-12-01' })).id);
  for (const date of ['2030-05-01', '2030-06-01'])
    add(
      'trips',
      (
        await api(baseUrl, admin, 'POST', '/api/v1/newsletters/trips', {
          trip_date: date,
          diving_center_id: centerId,
          trip_price: 80,
          dives: [{ dive_site_id: siteId }],
        })
      ).id,
    );
  const parsed = await api(baseUrl, admin, 'POST', '/api/v1/newsletters/parse-text', {
    content: `Blue Hole Divers newsletter\nTrip on 2030-07-01: Blue Hole, 2 dives, 90 EUR\n`,
    diving_center_id: centerId,
  });
  add('newsletters', parsed.newsletter_id);
  const listed = await api<unknown[] | { items?: Array<{ id: number }> }>(
    baseUrl,
    admin,
    'GET',
    '/api/v1/newsletters',
  );
  for (const n of (Array.isArray(listed) ? listed : (listed.items ?? [])) as Array<{ id: number }>)
    add('newsletters', n.id);

  // A refresh session of the user (DELETE /auth/tokens/{id}).
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: users[1].username, password: STRONG_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`seeding login answered ${login.status}`);
  for (const session of await api<Array<{ id: string | number }>>(
    baseUrl,
    token(users[1]),
    'GET',
    '/api/v1/auth/tokens',
  ))
    add('tokens', session.id);

  const everyUser = [...others, ...users, ...moderators, ...admins, ...victims];
  return {
    tokens: {
      user: users.map(token),
      moderator: moderators.map(token),
      admin: admins.map(token),
      victim: victims.map(token),
    },
    forgedAuthorizations: forgedAuthorizations(jwtSecret, admins[0].id),
    ids,
    strings: {
      username: [...everyUser.map((u) => u.username), 'nobody_here'],
      identifier: [
        ...orgs.map((o) => String(o.id)),
        'PADI',
        'SSI',
        'padi',
        'NOPE',
        ...orgs.map((o) => String(o.name)),
      ],
    },
    protectedUserIds: [...users, ...moderators, ...admins].map((u) => u.id),
    bodyLimitBytes,
  };
}
