import { BoundingBoxQueryDto } from '../../../common/geo/bbox-query.dto';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { OffsetQueryDto } from '../../../common/pagination/offset-query.dto';
import { SortedPageQueryDto } from '../../../common/pagination/page-query.dto';
import { QueryBoolean } from '../../../common/validation/query-boolean';
import { DIFFICULTY_CODES, type DifficultyCode } from '../../difficulty/difficulty.service';
import { idList, queryNumber, trimString } from '../../../common/validation/query-transforms';
import { SUIT_TYPES, type SuitType } from '../entities/dive.entity';
import { emptyToNull, IsCalendarDate } from './dive-values';

const INT_MAX = 2147483647;
/** The most sites the admin list filters by at once (`dive_site_ids`): one SQL IN list. */
export const MAX_SITE_FILTERS = 100;

/** The fields the dive list sorts by (spec/api.md §8); view_count is for admins only. */
export const DIVE_SORT_FIELDS = [
  'dive_date',
  'max_depth',
  'duration',
  'difficulty_level',
  'visibility_rating',
  'user_rating',
  'created_at',
  'updated_at',
  'view_count',
] as const;
export type DiveSortField = (typeof DIVE_SORT_FIELDS)[number];
export const ADMIN_ONLY_DIVE_SORT_FIELDS: readonly DiveSortField[] = ['view_count'];

/** The admin list sorts by these (all dives, admins only). */
export const ADMIN_DIVE_SORT_FIELDS = [
  'id',
  'dive_date',
  'max_depth',
  'duration',
  'difficulty_level',
  'visibility_rating',
  'user_rating',
  'view_count',
  'created_at',
  'updated_at',
  'name',
  'user_username',
  'dive_site_name',
] as const;
export type AdminDiveSortField = (typeof ADMIN_DIVE_SORT_FIELDS)[number];

/** The filters shared by `GET /dives/`, `GET /dives/count` and the admin list. */
export class DiveFilterQueryDto extends BoundingBoxQueryDto {
  /** Dives of this user (only their public ones unless it is the caller) */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(INT_MAX)
  user_id?: number;

  /** Part of the owner's username (case-insensitive) */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(50)
  username?: string;

  /** true: only the caller's own dives (401 "Authentication required to filter by my_dives" without a token) */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  my_dives?: boolean;

  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(INT_MAX)
  dive_site_id?: number;

  /** Words of the dive site's name or of one of its aliases (word prefixes, case and accents aside) */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  dive_site_name?: string;

  /**
   * Words of the dive's name or information, or of its site's names, place or description (word
   * prefixes, case and accents aside; X-Match-Types says how each dive matched)
   */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(200)
  search?: string;

  /** Only dives of this difficulty (unknown codes are a 422) */
  @IsOptional()
  @IsIn(DIFFICULTY_CODES)
  difficulty_code?: DifficultyCode;

  /** true: leave out dives without a difficulty */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  exclude_unspecified_difficulty?: boolean;

  /** wet_suit, dry_suit or shortie */
  @IsOptional()
  @Transform(emptyToNull)
  @IsIn(SUIT_TYPES)
  suit_type?: SuitType;

  /** Maximum depth at least this (metres, 0–1000) */
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  min_depth?: number;

  /** Maximum depth at most this (metres, 0–1000) */
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  max_depth?: number;

  /** Visibility rating at least this (1–10) */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(10)
  min_visibility?: number;

  /** Visibility rating at most this (1–10) */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(10)
  max_visibility?: number;

  /** The diver's rating at least this (1–10, decimals accepted) */
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(10)
  min_rating?: number;

  /** The diver's rating at most this (1–10, decimals accepted) */
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(10)
  max_rating?: number;

  /** Dives on or after this day (YYYY-MM-DD) */
  @IsOptional()
  @IsCalendarDate()
  start_date?: string;

  /** Dives on or before this day (YYYY-MM-DD) */
  @IsOptional()
  @IsCalendarDate()
  end_date?: string;

  /** Only dives carrying ALL these tags: repeat the parameter or separate ids by commas (at most 20) */
  @IsOptional()
  @Transform(idList)
  @IsArray()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(INT_MAX, { each: true })
  tag_ids?: number[];

  /** Dives with this buddy (buddies come later: no dive matches yet) */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(INT_MAX)
  buddy_id?: number;

  /** Dives with this buddy (an unknown username drops the filter; buddies come later) */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(50)
  buddy_username?: string;
}

/** `GET /dives/`: filters, sort (default dive_date desc, dive_time desc) and page. */
export class ListDivesQueryDto extends IntersectionType(DiveFilterQueryDto, SortedPageQueryDto) {
  /** Accepted for compatibility and ignored */
  @IsOptional()
  @IsString()
  @MaxLength(20)
  detail_level?: string;
}

/** `GET /dives/count`: the list's filters. */
export class CountDivesQueryDto extends DiveFilterQueryDto {}

/** The admin list's filters: the list's plus several sites at once. */
export class AdminDiveFilterQueryDto extends DiveFilterQueryDto {
  /** Dives at any of these sites (comma-separated or repeated ids), at most 100 (422 beyond) */
  @IsOptional()
  @Transform(idList)
  @IsArray()
  @ArrayMaxSize(MAX_SITE_FILTERS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(INT_MAX, { each: true })
  dive_site_ids?: number[];
}

/**
 * `GET /dives/admin/dives`: envelope A (D22). `page_size` is one of the envelope's sizes (400
 * otherwise, default 50); the original's `limit` (1–1000) is accepted as an alias when page_size is
 * absent.
 */
export class AdminListDivesQueryDto extends AdminDiveFilterQueryDto {
  /** 1-based page number */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(INT_MAX)
  page?: number;

  /** One of 1, 3, 5, 10, 15, 20, 25, 50, 100, 250, 1000 (else 400); default 50 */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  page_size?: number;

  /** Alias of page_size from the original admin API: 1–1000 */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  sort_by?: string;

  /** asc or desc (default desc) */
  @IsOptional()
  @IsString()
  @MaxLength(10)
  sort_order?: string;
}

/** Visited sites per page when the caller gives no `limit`, and the most one page holds. */
export const VISITED_SITES_DEFAULT_LIMIT = 100;
export const VISITED_SITES_MAX_LIMIT = 500;

/**
 * `GET /users/{username}/visited-sites`: most visited first (then name, id), a bare array with the
 * whole list's size in X-Total-Count.
 */
export class VisitedSitesQueryDto extends OffsetQueryDto {
  /** Sites to return, 1–500 (default 100) */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: VISITED_SITES_MAX_LIMIT,
    default: VISITED_SITES_DEFAULT_LIMIT,
  })
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(VISITED_SITES_MAX_LIMIT)
  limit?: number = VISITED_SITES_DEFAULT_LIMIT;
}

/** `GET /dive-sites/{id}/dives`. */
export class SiteDivesQueryDto {
  /** 1–50, default 10 */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}
