import { DifficultyService } from '../difficulty/difficulty.service';
import type { DifficultyLevel } from '../difficulty/entities/difficulty-level.entity';
import type {
  DiveSiteRow,
  MinimalDiveSiteRow,
  SiteAliasRow,
  SiteTagRow,
  SiteThumbnailRow,
} from './dive-sites.repository';
import type { DetailLevel } from './dto/list-dive-sites.query.dto';
import type {
  DiveSiteAliasResponseDto,
  DiveSiteResponseDto,
  DiveSiteTagResponseDto,
} from './dto/dive-site.response.dto';

/** Every site is approved until a moderation queue exists (D19). */
export const SITE_STATUS = 'approved';

/** A DECIMAL as mysql2 returns it (a string) → number; NULL stays null. */
export function decimal(value: string | number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Rounded to `digits` decimals. */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** What a page of sites was loaded with, by site id (absent maps: not loaded at this detail level). */
export interface SiteExtras {
  levels: DifficultyLevel[];
  tags?: Map<number, DiveSiteTagResponseDto[]>;
  aliases?: Map<number, DiveSiteAliasResponseDto[]>;
  thumbnails?: Map<number, SiteThumbnailRow>;
  /** Admins see view_count */
  isAdmin: boolean;
}

export function groupTags(rows: SiteTagRow[]): Map<number, DiveSiteTagResponseDto[]> {
  const map = new Map<number, DiveSiteTagResponseDto[]>();
  for (const r of rows) {
    const list = map.get(r.dive_site_id) ?? [];
    list.push({ id: r.id, name: r.name });
    map.set(r.dive_site_id, list);
  }
  return map;
}

export function groupAliases(rows: SiteAliasRow[]): Map<number, DiveSiteAliasResponseDto[]> {
  const map = new Map<number, DiveSiteAliasResponseDto[]>();
  for (const r of rows) {
    const list = map.get(r.dive_site_id) ?? [];
    list.push({ id: r.id, dive_site_id: r.dive_site_id, alias: r.alias, created_at: r.created_at });
    map.set(r.dive_site_id, list);
  }
  return map;
}

export function byDiveSite(rows: SiteThumbnailRow[]): Map<number, SiteThumbnailRow> {
  return new Map(rows.map((r) => [r.dive_site_id, r]));
}

function thumbnailFields(thumbnail: SiteThumbnailRow | undefined): Partial<DiveSiteResponseDto> {
  if (!thumbnail)
    return { thumbnail: null, thumbnail_type: null, thumbnail_source: null, thumbnail_id: null };
  return {
    thumbnail: thumbnail.thumbnail_url ?? thumbnail.url,
    thumbnail_type: thumbnail.media_type,
    thumbnail_source: thumbnail.source ?? 'site_media',
    thumbnail_id: thumbnail.id,
  };
}

export function toMinimalDiveSite(row: MinimalDiveSiteRow): DiveSiteResponseDto {
  return { id: row.id, latitude: decimal(row.latitude), longitude: decimal(row.longitude) };
}

/** A site at `basic` or `full` detail (nulls kept; list items drop them afterwards). */
export function toDiveSiteResponse(
  row: DiveSiteRow,
  level: Exclude<DetailLevel, 'minimal'>,
  extras: SiteExtras,
) {
  const difficulty = DifficultyService.summaryFrom(extras.levels, row.difficulty_id);
  const averageRating = decimal(row.average_rating);
  const basic: DiveSiteResponseDto = {
    id: row.id,
    name: row.name,
    latitude: decimal(row.latitude),
    longitude: decimal(row.longitude),
    difficulty_code: difficulty.difficulty_code,
    difficulty_label: difficulty.difficulty_label,
    average_rating: averageRating,
    total_ratings: Number(row.total_ratings),
    ...thumbnailFields(extras.thumbnails?.get(row.id)),
    status: SITE_STATUS,
  };
  if (level === 'basic') return basic;
  const full: DiveSiteResponseDto = {
    ...basic,
    description: row.description,
    address: row.address,
    access_instructions: row.access_instructions,
    dive_plans: row.dive_plans,
    gas_tanks_necessary: row.gas_tanks_necessary,
    marine_life: row.marine_life,
    safety_information: row.safety_information,
    max_depth: decimal(row.max_depth),
    country: row.country,
    region: row.region,
    created_by: row.created_by,
    created_by_username: row.created_by_username,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted_at: row.deleted_at,
    comment_count: Number(row.comment_count),
    tags: extras.tags?.get(row.id) ?? [],
    aliases: extras.aliases?.get(row.id) ?? [],
  };
  if (extras.isAdmin) full.view_count = row.view_count;
  return full;
}
