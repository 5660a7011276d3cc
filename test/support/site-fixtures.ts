import { SiteSearchIndex } from '../../src/modules/sites/site-search-index.service';
import type { DataSource } from 'typeorm';
import { flavourOfOptions, spatialSql } from '../../src/database/spatial';
import type { User } from '../../src/modules/users/entities/user.entity';
import type { TestApp } from './app';
import { createUser, tokenFor } from './factories';

/** The cast of the site sub-resource tests: an admin, a moderator, a site creator and another user. */
export interface SiteCast {
  admin: User;
  moderator: User;
  creator: User;
  other: User;
  tokens: { admin: string; moderator: string; creator: string; other: string };
}

export async function createSiteCast(t: TestApp): Promise<SiteCast> {
  const admin = await createUser(t.ds, { username: 'cast_admin', isAdmin: true });
  const moderator = await createUser(t.ds, { username: 'cast_moderator', isModerator: true });
  const creator = await createUser(t.ds, { username: 'cast_creator' });
  const other = await createUser(t.ds, { username: 'cast_other' });
  return {
    admin,
    moderator,
    creator,
    other,
    tokens: {
      admin: tokenFor(t, admin),
      moderator: tokenFor(t, moderator),
      creator: tokenFor(t, creator),
      other: tokenFor(t, other),
    },
  };
}

export interface SiteSeed {
  name: string;
  country?: string | null;
  region?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  created_by?: number | null;
  deleted_at?: string | null;
}

/** Inserts a site directly, its location written like the service writes it. */
export async function seedSite(ds: DataSource, s: SiteSeed): Promise<number> {
  const spatial = spatialSql(flavourOfOptions(ds.options));
  const hasPoint = s.latitude != null && s.longitude != null;
  const params: unknown[] = [
    s.name,
    s.country ?? null,
    s.region ?? null,
    s.latitude ?? null,
    s.longitude ?? null,
    s.created_by ?? null,
    s.deleted_at ?? null,
  ];
  if (hasPoint) params.push(s.longitude, s.latitude);
  const result = await ds.query<{ insertId: number }>(
    `INSERT INTO dive_sites (name, country, region, latitude, longitude, created_by, deleted_at, location)
     VALUES (?, ?, ?, ?, ?, ?, ?, ${hasPoint ? spatial.point('?', '?') : spatial.sentinel()})`,
    params,
  );
  // The search document, as the sites module writes it in the same transaction.
  await new SiteSearchIndex(ds).refresh([result.insertId]);
  return result.insertId;
}
