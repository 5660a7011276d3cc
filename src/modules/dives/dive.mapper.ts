import { DifficultyService } from '../difficulty/difficulty.service';
import type { DifficultyLevel } from '../difficulty/entities/difficulty-level.entity';
import type {
  DiveMediaRow,
  DiveRow,
  DiveSiteDetailsRow,
  DiveTagRow,
  VisitedSiteRow,
} from './dives.repository';
import type { DiveMediaResponseDto } from './dto/dive-media.response.dto';
import type {
  DiveResponseDto,
  DiveSiteDetailsDto,
  DiveTagSummaryDto,
  VisitedSiteResponseDto,
} from './dto/dive.response.dto';

/** A DECIMAL as mysql2 returns it (a string) → number; NULL stays null. */
export function decimal(value: string | number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** "<site name> - YYYY/MM/DD", or "Dive - YYYY/MM/DD" without a site (spec/api.md §8). */
export function defaultDiveName(siteName: string | null | undefined, diveDate: string): string {
  return `${siteName ?? 'Dive'} - ${diveDate.replace(/-/g, '/')}`;
}

/** What a page of dives was loaded with. */
export interface DiveExtras {
  levels: DifficultyLevel[];
  tags: Map<number, DiveTagSummaryDto[]>;
  /** Absent: media are not part of this response (`media: []`, as the original's list and detail) */
  media?: Map<number, DiveMediaResponseDto[]>;
}

export function groupTags(rows: DiveTagRow[]): Map<number, DiveTagSummaryDto[]> {
  const map = new Map<number, DiveTagSummaryDto[]>();
  for (const r of rows) {
    const list = map.get(r.dive_id) ?? [];
    list.push({ id: r.id, name: r.name });
    map.set(r.dive_id, list);
  }
  return map;
}

export function toDiveMediaResponse(row: DiveMediaRow): DiveMediaResponseDto {
  return {
    id: row.id,
    dive_id: row.dive_id,
    media_type: row.media_type,
    url: row.url,
    description: row.description,
    title: row.title,
    thumbnail_url: row.thumbnail_url,
    medium_url: row.medium_url,
    download_url: row.url,
    created_at: row.created_at,
  };
}

export function groupMedia(rows: DiveMediaRow[]): Map<number, DiveMediaResponseDto[]> {
  const map = new Map<number, DiveMediaResponseDto[]>();
  for (const r of rows) {
    const list = map.get(r.dive_id) ?? [];
    list.push(toDiveMediaResponse(r));
    map.set(r.dive_id, list);
  }
  return map;
}

/** A dive row as the API shows it (nulls kept; list items drop them afterwards). */
export function toDiveResponse(row: DiveRow, extras: DiveExtras): DiveResponseDto {
  const difficulty = DifficultyService.summaryFrom(extras.levels, row.difficulty_id);
  return {
    id: row.id,
    user_id: row.user_id,
    user_username: row.user_username,
    dive_site_id: row.dive_site_id,
    diving_center_id: row.diving_center_id,
    selected_route_id: null,
    name: row.name,
    is_private: Boolean(Number(row.is_private)),
    dive_information: row.dive_information,
    max_depth: decimal(row.max_depth),
    average_depth: decimal(row.average_depth),
    gas_bottles_used: row.gas_bottles_used,
    suit_type: row.suit_type,
    difficulty_code: difficulty.difficulty_code,
    difficulty_label: difficulty.difficulty_label,
    visibility_rating: row.visibility_rating,
    user_rating: row.user_rating,
    dive_date: row.dive_date,
    dive_time: row.dive_time,
    duration: row.duration,
    view_count: row.view_count,
    created_at: row.created_at,
    updated_at: row.updated_at,
    dive_site:
      row.site_id === null
        ? null
        : {
            id: row.site_id,
            name: row.site_name ?? '',
            description: row.site_description,
            latitude: decimal(row.site_latitude),
            longitude: decimal(row.site_longitude),
            country: row.site_country,
            region: row.site_region,
            deleted_at: row.site_deleted_at,
          },
    diving_center:
      row.center_id === null
        ? null
        : {
            id: row.center_id,
            name: row.center_name ?? '',
            description: row.center_description,
            email: row.center_email,
            phone: row.center_phone,
            website: row.center_website,
            latitude: decimal(row.center_latitude),
            longitude: decimal(row.center_longitude),
          },
    selected_route: null,
    media: extras.media?.get(row.id) ?? [],
    tags: extras.tags.get(row.id) ?? [],
    buddies: [],
  };
}

/** The richer site of `GET /dives/{id}/details`. */
export function toDiveSiteDetails(row: DiveSiteDetailsRow, levels: DifficultyLevel[]): DiveSiteDetailsDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    latitude: decimal(row.latitude),
    longitude: decimal(row.longitude),
    country: row.country,
    region: row.region,
    deleted_at: row.deleted_at,
    ...DifficultyService.summaryFrom(levels, row.difficulty_id),
    max_depth: decimal(row.max_depth),
    marine_life: row.marine_life,
    safety_information: row.safety_information,
    access_instructions: row.access_instructions,
  };
}

export function toVisitedSite(row: VisitedSiteRow, levels: DifficultyLevel[]): VisitedSiteResponseDto {
  return {
    dive_site: {
      id: row.id,
      name: row.name,
      description: row.description,
      latitude: decimal(row.latitude),
      longitude: decimal(row.longitude),
      country: row.country,
      region: row.region,
      deleted_at: row.deleted_at,
      ...DifficultyService.summaryFrom(levels, row.difficulty_id),
      max_depth: decimal(row.max_depth),
    },
    visit_count: Number(row.visit_count),
  };
}
