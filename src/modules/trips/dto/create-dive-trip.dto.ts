import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MaxDecimalPlaces } from '../../../common/validation/max-decimal-places';
import { PlainText } from '../../../common/text/plain-text';
import { DiveSiteTagResponseDto } from '../../sites/dto/dive-site.response.dto';
import { DIFFICULTY_CODES, type DifficultyCode } from '../../difficulty/difficulty.service';
import { TRIP_STATUSES, type TripStatus } from '../entities/parsed-dive-trip.entity';

const MAX_ID = 2147483647;
/** The largest DECIMAL(10,2). */
const MAX_PRICE = 99_999_999.99;
export const TIME_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$/;
const TIME_MESSAGE = 'must be a time HH:MM or HH:MM:SS';
/** A calendar date `YYYY-MM-DD` that exists (2027-02-30 is a 422). */
export const IsIsoDate = (): PropertyDecorator => (target, key) => {
  Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })(target, key);
  IsISO8601({ strict: true }, { message: 'must be a valid date' })(target, key);
};
/** Set when present: null is refused (the column is NOT NULL). */
const Present = () => ValidateIf((_: unknown, value: unknown) => value !== undefined);

/** One dive of a trip (a trip's dives are always written as a whole set). */
export class ParsedDiveInputDto {
  /** The dive site (404 when there is no such site) */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  dive_site_id?: number | null;

  /** ≥ 1 (default: the position in the list) */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  dive_number?: number;

  /** HH:MM or HH:MM:SS */
  @IsOptional()
  @Matches(TIME_PATTERN, { message: TIME_MESSAGE })
  dive_time?: string | null;

  /** Minutes, 1–1440 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  dive_duration?: number | null;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(10000)
  dive_description?: string | null;
}

/**
 * The most dives one trip lists (422 beyond). A trip is one outing of at most a day
 * (`trip_duration` ≤ 1440 minutes); even a long day boat or a liveaboard day is four or five dives,
 * so 20 leaves room for every real schedule while bounding the rows one request writes (and that
 * every trip list then returns in `dives`: issue 13).
 */
export const MAX_DIVES_PER_TRIP = 20;

/** `POST /newsletters/trips`. */
export class CreateDiveTripDto {
  /** Required (400 "diving_center_id is required"); 404 when there is no such center */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  diving_center_id?: number;

  /** YYYY-MM-DD */
  @IsIsoDate()
  trip_date!: string;

  /** HH:MM or HH:MM:SS */
  @IsOptional()
  @Matches(TIME_PATTERN, { message: TIME_MESSAGE })
  trip_time?: string | null;

  /** Minutes, 1–1440 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  trip_duration?: number | null;

  /** OPEN_WATER, ADVANCED_OPEN_WATER, DEEP_NITROX, TECHNICAL_DIVING or null */
  @IsOptional()
  @IsIn(DIFFICULTY_CODES)
  trip_difficulty_code?: DifficultyCode | null;

  /** ≥ 0 */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(2)
  @Min(0)
  @Max(MAX_PRICE)
  trip_price?: number | null;

  /** ISO 4217, upper case (default EUR) */
  @Present()
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'must be a three-letter upper-case ISO 4217 code' })
  trip_currency?: string;

  /** ≥ 1 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  group_size_limit?: number | null;

  /** ≥ 0 (default 0) */
  @Present()
  @IsInt()
  @Min(0)
  @Max(100000)
  current_bookings?: number;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(20000)
  trip_description?: string | null;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(10000)
  special_requirements?: string | null;

  /** scheduled (default), confirmed, cancelled or completed */
  @Present()
  @IsIn(TRIP_STATUSES)
  trip_status?: TripStatus;

  /** The trip's dives, at most 20 (replacing all of them on update) */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_DIVES_PER_TRIP)
  @ValidateNested({ each: true })
  @Type(() => ParsedDiveInputDto)
  dives?: ParsedDiveInputDto[];
}

/**
 * `PUT /newsletters/trips/{id}`: the fields present are set; `null` clears an optional field and leaves
 * the required ones (date, center, currency, status, bookings) as they are; `dives`, when present,
 * replaces all of the trip's dives.
 */
export class UpdateDiveTripDto extends PartialType(CreateDiveTripDto) {}

export class ParsedDiveResponseDto {
  id!: number;
  trip_id!: number;
  dive_site_id!: number | null;
  dive_number!: number;
  dive_time!: string | null;
  dive_duration!: number | null;
  dive_description!: string | null;
  dive_site_name!: string | null;
  dive_site_country!: string | null;
  dive_site_region!: string | null;
  dive_site_average_rating!: number | null;
  dive_site_tags!: DiveSiteTagResponseDto[];
  latitude!: number | null;
  longitude!: number | null;
  /** The caller's own dive on the trip's date at this site (same time preferred), if any */
  user_dive_id!: number | null;
  user_dive_name!: string | null;
  created_at!: Date;
  updated_at!: Date;
}

export class DiveTripResponseDto {
  id!: number;
  diving_center_id!: number | null;
  trip_date!: string;
  trip_time!: string | null;
  trip_duration!: number | null;
  trip_difficulty_code!: string | null;
  trip_difficulty_label!: string | null;
  trip_price!: number | null;
  trip_currency!: string;
  group_size_limit!: number | null;
  current_bookings!: number;
  trip_description!: string | null;
  special_requirements!: string | null;
  trip_status!: TripStatus;
  source_newsletter_id!: number | null;
  view_count!: number;
  extracted_at!: Date;
  created_at!: Date;
  updated_at!: Date;
  diving_center_name!: string | null;
  diving_center_country!: string | null;
  diving_center_region!: string | null;
  /** The deepest max_depth of the trip's sites */
  max_depth!: number | null;
  /** The center's coordinates */
  latitude!: number | null;
  longitude!: number | null;
  /** The newsletter the trip came from: admins and moderators only (else null) */
  newsletter_content!: string | null;
  dives!: ParsedDiveResponseDto[];
}

export class DiveTripListResponseDto {
  items!: DiveTripResponseDto[];
  total!: number;
  page!: number;
  size!: number;
  pages!: number;
}
