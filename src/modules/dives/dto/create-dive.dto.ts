import { Transform, Type } from 'class-transformer';
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
  ValidateNested,
} from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';
import { DIFFICULTY_CODES, type DifficultyCode } from '../../difficulty/difficulty.service';
import { SUIT_TYPES, type SuitType } from '../entities/dive.entity';
import { CreateDiveMediaDto } from './create-dive-media.dto';
import { depth, emptyToNull, IsCalendarDate, IsTimeOfDay, timeOfDay } from './dive-values';

/** TEXT holds 65,535 bytes: 16,000 characters fit even at 4 bytes each. */
export const DIVE_TEXT_MAX = 16000;
/** Depths are DECIMAL(6,3) metres (DECISIONS.md D4). */
export const MAX_DEPTH_METRES = 999.999;
/** Minutes in a day: the longest dive we log. */
export const MAX_DURATION_MINUTES = 1440;
/** Tags and media items one request may carry. */
export const MAX_TAGS_PER_DIVE = 50;
export const MAX_MEDIA_PER_REQUEST = 50;
const INT_MAX = 2147483647;

/**
 * The fields a dive is written with, shared by create and update. Free text is stored as plain text
 * (D23); every range and format is a DTO check answered with 422 naming the field (D11). The cross-
 * field rule average_depth ≤ max_depth is the service's (also 422, naming average_depth).
 */
export class DiveFieldsDto {
  /** Dive site (404 "Dive site not found" when it does not exist) */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(INT_MAX)
  dive_site_id?: number | null;

  /** Diving center (404 "Diving center not found" when it does not exist); null clears it on update */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(INT_MAX)
  diving_center_id?: number | null;

  /** Up to 255 characters; blank → "<site name> - YYYY/MM/DD" (or "Dive - YYYY/MM/DD" without a site) */
  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(255)
  name?: string | null;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(DIVE_TEXT_MAX)
  dive_information?: string | null;

  /** Metres, 0–999.999 (3 decimals kept) */
  @IsOptional()
  @Transform(depth)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_DEPTH_METRES)
  max_depth?: number | null;

  /** Metres, 0–999.999, at most max_depth */
  @IsOptional()
  @Transform(depth)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_DEPTH_METRES)
  average_depth?: number | null;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(DIVE_TEXT_MAX)
  gas_bottles_used?: string | null;

  /** wet_suit, dry_suit or shortie ("" means none) */
  @IsOptional()
  @Transform(emptyToNull)
  @IsIn(SUIT_TYPES)
  suit_type?: SuitType | null;

  /** OPEN_WATER, ADVANCED_OPEN_WATER, DEEP_NITROX or TECHNICAL_DIVING (null: unspecified) */
  @IsOptional()
  @IsIn(DIFFICULTY_CODES)
  difficulty_code?: DifficultyCode | null;

  /** 1–10 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  visibility_rating?: number | null;

  /** 1–10 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  user_rating?: number | null;

  /** HH:MM:SS (HH:MM is accepted and stored with :00) */
  @IsOptional()
  @Transform(timeOfDay)
  @IsTimeOfDay()
  dive_time?: string | null;

  /** Minutes, 1–1440 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_DURATION_MINUTES)
  duration?: number | null;

  /** Tag ids: the dive's whole set of tags (404 "Tag with ID n not found" for an unknown one) */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TAGS_PER_DIVE)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(INT_MAX, { each: true })
  tags?: number[];

  /**
   * Buddy user ids. Dive buddies come later (spec/api.md "Our rules" 12): only an empty list is
   * accepted for now, so a buddy is never silently dropped.
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(0, { message: 'Dive buddies are not supported yet' })
  buddies?: number[];
}

/** `POST /dives/`: a new dive of the caller, with its tags and media in the same transaction. */
export class CreateDiveDto extends DiveFieldsDto {
  /** YYYY-MM-DD, a real date (required) */
  @IsCalendarDate()
  dive_date!: string;

  /** Private dives are seen by their owner only (default false) */
  @IsOptional()
  @IsBoolean()
  is_private?: boolean;

  /** Media links written with the dive */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MEDIA_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => CreateDiveMediaDto)
  media?: CreateDiveMediaDto[];
}
