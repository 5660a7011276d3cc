import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MaxDecimalPlaces } from '../../../common/validation/max-decimal-places';
import { PlainText } from '../../../common/text/plain-text';
import { DIFFICULTY_CODES, type DifficultyCode } from '../../difficulty/difficulty.service';
import { normalizeLongitude } from '../../../common/validation/query-transforms';

/** TEXT holds 65,535 bytes: 16,000 characters fit even at 4 bytes each. */
export const LONG_TEXT_MAX = 16000;

/** `POST /dive-sites/`: a new site (free text is stored as plain text: D23). */
export class CreateDiveSiteDto {
  /** 1–200 characters */
  @PlainText()
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(LONG_TEXT_MAX)
  description?: string | null;

  /** -90 to 90; give both coordinates or neither */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  /** -180 to 180 (-180 is stored as 180); give both coordinates or neither */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  @Transform(normalizeLongitude)
  longitude?: number | null;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(LONG_TEXT_MAX)
  address?: string | null;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(LONG_TEXT_MAX)
  access_instructions?: string | null;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(LONG_TEXT_MAX)
  dive_plans?: string | null;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(LONG_TEXT_MAX)
  gas_tanks_necessary?: string | null;

  /** OPEN_WATER, ADVANCED_OPEN_WATER, DEEP_NITROX or TECHNICAL_DIVING; null = unspecified */
  @IsOptional()
  @IsIn(DIFFICULTY_CODES)
  difficulty_code?: DifficultyCode | null;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(LONG_TEXT_MAX)
  marine_life?: string | null;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(LONG_TEXT_MAX)
  safety_information?: string | null;

  /** Metres, 0–999.999 */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(3)
  @Min(0)
  @Max(999.999)
  max_depth?: number | null;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(100)
  country?: string | null;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(100)
  region?: string | null;

  /** Accepted for compatibility and ignored until a moderation queue exists (D19) */
  @IsOptional()
  @IsBoolean()
  moderation_needed?: boolean;
}
