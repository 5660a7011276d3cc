import { PartialType } from '@nestjs/swagger';
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

/**
 * `PUT /diving-centers/{id}`: any subset. Coordinates change together: both given (numbers, or both
 * null to remove the location), or neither.
 */
export class UpdateDivingCenterDto extends PartialType(CreateDivingCenterDto) {}

/** A center as the list (full detail level), detail, create and update show it. */
export class DivingCenterResponseDto {
  id!: number;
  name!: string;
  description!: string | null;
  address!: string | null;
  email!: string | null;
  phone!: string | null;
  website!: string | null;
  latitude!: number | null;
  longitude!: number | null;
  country!: string | null;
  region!: string | null;
  city!: string | null;
  created_at!: Date;
  updated_at!: Date;
  /** Average score of the center's ratings (null without ratings) */
  average_rating!: number | null;
  total_ratings!: number;
  comment_count!: number;
  /** Admins only */
  view_count?: number;
}

/** `GET /diving-centers/{id}`: the center and what the caller sees of it. */
export class DivingCenterDetailResponseDto extends DivingCenterResponseDto {
  /** The caller's own score, or null */
  user_rating!: number | null;
  /** Whether the caller may manage the center (admins and moderators, until ownership exists) */
  is_manager!: boolean;
}

/** One row of `GET /diving-centers/nearby` (nearest first). */
export class NearbyDivingCenterResponseDto {
  id!: number;
  name!: string;
  country!: string | null;
  region!: string | null;
  city!: string | null;
  /** Great-circle distance, kilometres, 2 decimals */
  distance_km!: number;
}

/** One row of `GET /diving-centers/search`. */
export class DivingCenterSearchResultDto {
  id!: number;
  name!: string;
  country!: string | null;
  region!: string | null;
  city!: string | null;
  /** Only when lat and lng were given; null for a center without coordinates */
  distance_km?: number | null;
}
