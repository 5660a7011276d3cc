import { Transform } from 'class-transformer';
import { IsEmail, IsNumber, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';
import { normalizeLongitude } from '../../../common/validation/query-transforms';

/**
 * `POST /diving-centers/` (spec/api.md §7, DECISIONS.md D20): coordinates are optional but come in
 * pairs — both or neither (422 for only one); a center without them is never found by spatial search.
 */
export class CreateDivingCenterDto {
  /** 1–200 characters */
  @PlainText()
  @IsString()
  @Length(1, 200)
  name!: string;

  /** Required by the contract (at least one character after HTML is stripped) */
  @PlainText()
  @IsString()
  @Length(1, 10000)
  description!: string;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(1000)
  address?: string | null;

  @IsOptional()
  @IsEmail()
  @MaxLength(255)
  email?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  phone?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  website?: string | null;

  /** −90 to 90, with longitude (both or neither) */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  /** −180 to 180 (−180 is stored as 180), with latitude (both or neither) */
  @IsOptional()
  @Transform(normalizeLongitude)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude?: number | null;

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

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(100)
  city?: string | null;
}
