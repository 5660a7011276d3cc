import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type { BoundedList, ListWindow } from '../../common/pagination/bounded-list';
import { UserReadModel } from '../users/user.read-model';
import { DiveSiteAccessPolicy } from './dive-site-access.policy';
import type { CreateSiteMediaDto } from './dto/create-site-media.dto';
import type { SiteMediaResponseDto } from './dto/site-media.response.dto';
import type { UpdateSiteMediaDto } from './dto/update-site-media.dto';
import { SiteMediaSources } from './site-media-sources.service';

export const MEDIA_NOT_FOUND = 'Media not found';
export const INVALID_MEDIA_URL = 'Invalid media URL';
export const NOT_AUTHORIZED_TO_EDIT_MEDIA = 'Not authorized to edit media of this dive site';

interface MediaRow {
  id: number;
  dive_site_id: number;
  media_type: string;
  url: string;
  description: string | null;
  created_at: Date;
  user_id: number | null;
  user_username: string | null;
  thumbnail_url: string | null;
  medium_url: string | null;
}

const MEDIA_SELECT = `SELECT m.id, m.dive_site_id, m.media_type, m.url, m.description, m.created_at, m.user_id,
  u.username AS user_username, m.thumbnail_url, m.medium_url
  FROM site_media m LEFT JOIN ${UserReadModel.users} u ON u.id = m.user_id`;

/**
 * Whether `value` is an absolute URL that starts with http:// or https:// (the contract's rule) and
 * parses with a host. The literal prefix is checked first: the WHATWG parser would repair
 * `http:/host` into `http://host/`.
 */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function toMediaResponse(row: MediaRow): SiteMediaResponseDto {
  return {
    id: row.id,
    dive_site_id: row.dive_site_id,
    media_type: row.media_type,
    url: row.url,
    description: row.description,
    created_at: row.created_at,
    dive_id: null,
    user_id: row.user_id,
    user_username: row.user_username,
    thumbnail_url: row.thumbnail_url,
    medium_url: row.medium_url,
    download_url: row.url,
  };
}

/**
 * A site's media as links (spec/api.md §6; uploads are out of scope): photos and videos with an
 * absolute http(s) URL (else the contract's 400 "Invalid media URL"). Written by admins, moderators
 * and the site's creator (D19), others 403 (no 202 until a moderation queue exists). The list is the
 * site's own media, oldest first, followed by what registered {@link SiteMediaSources} contribute
 * (the dives module's dive media: D26).
 */
@Injectable()
export class SiteMediaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly siteAccess: DiveSiteAccessPolicy,
    private readonly sources: SiteMediaSources,
  ) {}

  /**
   * A window of the site's media list — its own media (oldest first, ties by id), then the sources'
   * (SiteMediaSource.mediaForSite, the dives module's) — and the list's size; each part is windowed
   * in SQL.
   */
  async list(
    siteId: number,
    caller: AuthenticatedUser | undefined,
    window: ListWindow,
  ): Promise<BoundedList<SiteMediaResponseDto>> {
    await this.siteAccess.requireVisibleSite(siteId, caller);
    const [{ total }] = await this.dataSource.query<Array<{ total: number | string }>>(
      'SELECT COUNT(*) AS total FROM site_media WHERE dive_site_id = ?',
      [siteId],
    );
    const ownTotal = Number(total);
    const own =
      window.offset < ownTotal
        ? await this.dataSource.query<MediaRow[]>(
            `${MEDIA_SELECT} WHERE m.dive_site_id = ? ORDER BY m.created_at, m.id LIMIT ? OFFSET ?`,
            [siteId, window.limit, window.offset],
          )
        : [];
    const others = await this.sources.mediaForSite(siteId, caller, {
      offset: Math.max(0, window.offset - ownTotal),
      limit: window.limit - own.length,
    });
    return { items: [...own.map(toMediaResponse), ...others.items], total: ownTotal + others.total };
  }

  async create(
    siteId: number,
    dto: CreateSiteMediaDto,
    caller: AuthenticatedUser,
  ): Promise<SiteMediaResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const site = await this.siteAccess.requireVisibleSite(siteId, caller, em);
      this.siteAccess.assertCanEdit(site, caller, NOT_AUTHORIZED_TO_EDIT_MEDIA);
      for (const url of [dto.url, dto.thumbnail_url, dto.medium_url]) {
        if (url !== undefined && url !== null && !isHttpUrl(url)) {
          throw new BadRequestException(INVALID_MEDIA_URL);
        }
      }
      const result = await em.query<{ insertId: number }>(
        `INSERT INTO site_media (dive_site_id, user_id, media_type, url, description, thumbnail_url, medium_url)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [
          siteId,
          caller.id,
          dto.media_type,
          dto.url,
          dto.description ?? null,
          dto.thumbnail_url ?? null,
          dto.medium_url ?? null,
        ],
      );
      return this.read(siteId, result.insertId, em);
    });
  }

  /** Changes the description (absent: unchanged; null: cleared). */
  async update(
    siteId: number,
    mediaId: number,
    dto: UpdateSiteMediaDto,
    caller: AuthenticatedUser,
  ): Promise<SiteMediaResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const site = await this.siteAccess.requireVisibleSite(siteId, caller, em);
      this.siteAccess.assertCanEdit(site, caller, NOT_AUTHORIZED_TO_EDIT_MEDIA);
      await this.read(siteId, mediaId, em);
      if (dto.description !== undefined) {
        await em.query('UPDATE site_media SET description = ? WHERE id = ?', [dto.description, mediaId]);
      }
      return this.read(siteId, mediaId, em);
    });
  }

  async remove(siteId: number, mediaId: number, caller: AuthenticatedUser): Promise<void> {
    const site = await this.siteAccess.requireVisibleSite(siteId, caller);
    this.siteAccess.assertCanEdit(site, caller, NOT_AUTHORIZED_TO_EDIT_MEDIA);
    const result = await this.dataSource.query<{ affectedRows: number }>(
      'DELETE FROM site_media WHERE id = ? AND dive_site_id = ?',
      [mediaId, siteId],
    );
    if (!result.affectedRows) throw new NotFoundException(MEDIA_NOT_FOUND);
  }

  /** One media item of this site; 404 "Media not found" otherwise. */
  private async read(siteId: number, mediaId: number, em: EntityManager): Promise<SiteMediaResponseDto> {
    const rows = await em.query<MediaRow[]>(`${MEDIA_SELECT} WHERE m.id = ? AND m.dive_site_id = ?`, [
      mediaId,
      siteId,
    ]);
    if (rows.length === 0) throw new NotFoundException(MEDIA_NOT_FOUND);
    return toMediaResponse(rows[0]);
  }
}
