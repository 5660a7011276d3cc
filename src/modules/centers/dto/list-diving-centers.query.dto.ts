import { BoundingBoxQueryDto } from '../../../common/geo/bbox-query.dto';
import { IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { SortedPageQueryDto } from '../../../common/pagination/page-query.dto';
import { QueryBoolean } from '../../../common/validation/query-boolean';
import { queryLongitude, queryNumber, trimString } from '../../../common/validation/query-transforms';

/** The fields the list sorts by (spec/api.md §7), in the order the 400 lists them; two are admin-only. */
export const DIVING_CENTER_SORT_FIELDS = [
  'average_rating',
  'city',
  'comment_count',
  'country',
  'created_at',
  'name',
  'rating',
  'region',
  'updated_at',
  'view_count',
] as const;
export type DivingCenterSortField = (typeof DIVING_CENTER_SORT_FIELDS)[number];
export const ADMIN_ONLY_SORT_FIELDS: readonly DivingCenterSortField[] = ['view_count', 'comment_count'];

export const DETAIL_LEVELS = ['minimal', 'basic', 'full'] as const;
export type DetailLevel = (typeof DETAIL_LEVELS)[number];

/** The filters shared by `GET /diving-centers/` and `GET /diving-centers/count`. */
export class DivingCenterFilterQueryDto extends BoundingBoxQueryDto {
  /**
   * Words of the name, description, country, region or city: each word as a word prefix, case and
   * accents aside, Greek also by its Latin spelling; with few matches, names close to a misspelt search
   * follow (X-Match-Types says how each item matched)
   */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(200)
  search?: string;

  /** Part of the name */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  name?: string;

  /** The whole country, case and accents aside (D27) */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  country?: string;

  /** The whole region, case and accents aside (D27) */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  region?: string;

  /** Part of the city */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  city?: string;

  /** Average rating at least this (0–10; unrated centers are left out) */
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10)
  min_rating?: number;

  /** Average rating at most this (0–10; unrated centers are left out) */
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10)
  max_rating?: number;

  /** true: only centers with an owner (ownership claims are not built yet: none) */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  only_claimed?: boolean;
}

/** `GET /diving-centers/`: filters, sort, page and detail level. */
export class ListDivingCentersQueryDto extends IntersectionType(
  DivingCenterFilterQueryDto,
  SortedPageQueryDto,
) {
  /** minimal (id, name, coordinates), basic (+ place and rating) or full (default); else 400 */
  @IsOptional()
  @IsString()
  @MaxLength(20)
  detail_level?: string;
}

/** `GET /diving-centers/count`: the list's filters. */
export class CountDivingCentersQueryDto extends DivingCenterFilterQueryDto {}

/** `GET /diving-centers/nearby` and `GET /dive-sites/{id}/diving-centers/nearby`: radius and limit. */
export class NearbyRangeQueryDto {
  /** Search radius in kilometres, 1–500 (default 100) */
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(500)
  radius_km?: number = 100;

  /** At most this many centers, 1–100 (default 25) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number = 25;
}

/** `GET /diving-centers/nearby?lat&lng&radius_km&limit`. */
export class NearbyDivingCentersQueryDto extends NearbyRangeQueryDto {
  /** Latitude of the search point (−90 to 90) */
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat!: number;

  /** Longitude of the search point (−180 to 180) */
  @Transform(queryLongitude)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng!: number;
}

/** `GET /diving-centers/search?q&limit&lat&lng`. */
export class SearchDivingCentersQueryDto {
  /** Words of the name (word prefixes, case and accents aside), 1–200 characters; names starting with it come first */
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q!: string;

  /** At most this many centers, 1–50 (default 20) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number = 20;

  /** With lng: ties are broken by distance from this point and distance_km is added */
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat?: number;

  /** With lat (both or neither) */
  @IsOptional()
  @Transform(queryLongitude)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng?: number;
}
