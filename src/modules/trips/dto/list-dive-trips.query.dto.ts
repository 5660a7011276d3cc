import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { QueryBoolean } from '../../../common/validation/query-boolean';
import { queryNumber, trimString } from '../../../common/validation/query-transforms';
import { DIFFICULTY_CODES, type DifficultyCode } from '../../difficulty/difficulty.service';
import { TRIP_STATUSES, type TripStatus } from '../entities/parsed-dive-trip.entity';
import { IsIsoDate } from './create-dive-trip.dto';

/** The sort fields (and the original's aliases price/duration), in the order the 400 lists them. */
export const DIVE_TRIP_SORT_FIELDS = [
  'trip_date',
  'trip_price',
  'price',
  'trip_duration',
  'duration',
  'created_at',
  'difficulty_level',
  'popularity',
  'distance',
] as const;
export type DiveTripSortField = (typeof DIVE_TRIP_SORT_FIELDS)[number];

const MAX_ID = 2147483647;

/** `GET /newsletters/trips`. */
export class ListDiveTripsQueryDto {
  /** Trips on or after this date (YYYY-MM-DD) */
  @IsOptional()
  @IsIsoDate()
  start_date?: string;

  /** Trips on or before this date (YYYY-MM-DD) */
  @IsOptional()
  @IsIsoDate()
  end_date?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  diving_center_id?: number;

  /** Trips with a dive at this site */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  dive_site_id?: number;

  /** scheduled, confirmed, cancelled or completed (else 422); works on its own */
  @IsOptional()
  @IsIn(TRIP_STATUSES)
  trip_status?: TripStatus;

  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  min_price?: number;

  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  max_price?: number;

  /** Minutes */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100000)
  min_duration?: number;

  /** Minutes */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100000)
  max_duration?: number;

  /** Only trips of this difficulty (unknown codes are a 422) */
  @IsOptional()
  @IsIn(DIFFICULTY_CODES)
  difficulty_code?: DifficultyCode;

  /** true: leave out trips without a difficulty */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  exclude_unspecified_difficulty?: boolean;

  /** Words (or word beginnings) of the description, requirements, center name or a dive site's names; case and accents aside, Greek site and center names also by their Latin spelling */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(200)
  search_query?: string;

  /** Part of the center's or a dive site's country, region, city or address */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(200)
  location_query?: string;

  /** Part of the country of the center or of a dive site */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  country?: string;

  /** Part of the region of the center or of a dive site */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  region?: string;

  /** trip_date (default), trip_price (price), trip_duration (duration), created_at, difficulty_level, popularity (admins), distance (with user_lat and user_lon); else 400 */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  sort_by?: string;

  /** asc or desc (default desc); else 400 */
  @IsOptional()
  @IsString()
  @MaxLength(10)
  sort_order?: string;

  /** Latitude for sort_by=distance */
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  user_lat?: number;

  /** Longitude for sort_by=distance */
  @IsOptional()
  @Transform(queryNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  user_lon?: number;

  /** 1-based (default 1) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  page?: number = 1;

  /** Any size from 1 to 1000 (default 100) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  page_size?: number = 100;
}
