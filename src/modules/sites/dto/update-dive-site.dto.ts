import { Transform } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { MaxDecimalPlaces } from '../../../common/validation/max-decimal-places';
import { PlainText } from '../../../common/text/plain-text';
import { DIFFICULTY_CODES, type DifficultyCode } from '../../difficulty/difficulty.service';
import { LONG_TEXT_MAX } from './create-dive-site.dto';
import { normalizeLongitude } from '../../../common/validation/query-transforms';

/**
 * `PUT /dive-sites/{id}`: any subset of the create fields. Absent fields stay; null clears a field,
 * except name and the coordinates, which cannot be emptied (422).
 */
export class UpdateDiveSiteDto {
  /** 1–200 characters */
  @ValidateIf((o: UpdateDiveSiteDto) => o.name !== undefined)
  @PlainText()
  @IsString()
  @Length(1, 200)
  name?: string;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(LONG_TEXT_MAX)
  description?: string | null;

  /** -90 to 90; cannot be emptied */
  @ValidateIf((o: UpdateDiveSiteDto) => o.latitude !== undefined)
  @IsDefined({ message: 'Latitude cannot be empty' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude?: number;

  /** -180 to 180 (-180 is stored as 180); cannot be emptied */
  @ValidateIf((o: UpdateDiveSiteDto) => o.longitude !== undefined)
  @IsDefined({ message: 'Longitude cannot be empty' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  @Transform(normalizeLongitude)
  longitude?: number;

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
}
