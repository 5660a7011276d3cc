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
