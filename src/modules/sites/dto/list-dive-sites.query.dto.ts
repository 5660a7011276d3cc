import { BoundingBoxQueryDto } from '../../../common/geo/bbox-query.dto';
import { IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
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
import { SortedPageQueryDto } from '../../../common/pagination/page-query.dto';
import { QueryBoolean } from '../../../common/validation/query-boolean';
import { DIFFICULTY_CODES, type DifficultyCode } from '../../difficulty/difficulty.service';
import { idList, queryNumber, trimString } from '../../../common/validation/query-transforms';

/** The fields the site list sorts by (spec/api.md §6); the last two are for admins only. */
export const DIVE_SITE_SORT_FIELDS = [
  'name',
  'country',
  'region',
  'difficulty_level',
  'created_at',
  'updated_at',
  'average_rating',
  'view_count',
  'comment_count',
] as const;
export type DiveSiteSortField = (typeof DIVE_SITE_SORT_FIELDS)[number];
export const ADMIN_ONLY_SORT_FIELDS: readonly DiveSiteSortField[] = ['view_count', 'comment_count'];

export const DETAIL_LEVELS = ['minimal', 'basic', 'full'] as const;
export type DetailLevel = (typeof DETAIL_LEVELS)[number];

/** The filters shared by `GET /dive-sites/` and `GET /dive-sites/count`. */
export class DiveSiteFilterQueryDto extends BoundingBoxQueryDto {
  /** Words in the name, country, region, description or an alias (at least 3 characters on the list) */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(200)
  search?: string;

  /** Part of the name or of an alias (case-insensitive) */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  name?: string;

  /** The whole country, case and accents aside (D27: pick it from `/dive-sites/countries`) */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  country?: string;

  /** The whole region, case and accents aside (D27: pick it from `/dive-sites/regions`) */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  region?: string;

  /** Only sites of this difficulty (unknown codes are a 422) */
  @IsOptional()
  @IsIn(DIFFICULTY_CODES)
  difficulty_code?: DifficultyCode;

  /** true: leave out sites without a difficulty */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  exclude_unspecified_difficulty?: boolean;

  /** Only sites whose average rating is at least this (0–10; unrated sites are left out) */
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10)
  min_rating?: number;

  /** Only sites carrying ALL these tags: repeat the parameter or separate ids by commas (at most 20) */
  @IsOptional()
  @Transform(idList)
  @IsArray()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2147483647, { each: true })
  tag_ids?: number[];

  /** true: only the caller's own sites (needs a token: 401 without) */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  my_dive_sites?: boolean;

  /** Only sites created by this user (an unknown username gives an empty list) */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(50)
  created_by_username?: string;

  /** true: include archived sites (admins only; ignored for others) */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  include_archived?: boolean;
}

/** `GET /dive-sites/`: filters, sort, page and detail level. */
export class ListDiveSitesQueryDto extends IntersectionType(DiveSiteFilterQueryDto, SortedPageQueryDto) {
  /** minimal (id, latitude, longitude), basic (+ name, difficulty, rating, thumbnail) or full (default) */
  @IsOptional()
  @IsString()
  @MaxLength(20)
  detail_level?: string;
}

/** `GET /dive-sites/count`: the list's filters. */
export class CountDiveSitesQueryDto extends DiveSiteFilterQueryDto {}
