import { IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { MaxDecimalPlaces } from '../../../common/validation/max-decimal-places';
import { CURRENCY_PATTERN, MAX_PRICE } from './gear-rental.dto';

export class DiveCostFields {
  /** Price of a dive there (≥ 0), optional */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(2)
  @Min(0)
  @Max(MAX_PRICE)
  dive_cost?: number | null;

  /** ISO 4217 code, upper case (default EUR) */
  @IsOptional()
  @IsString()
  @Matches(CURRENCY_PATTERN, { message: 'currency must be a three-letter upper-case ISO 4217 code' })
  currency?: string;
}

/** `POST /dive-sites/{id}/diving-centers`. */
export class LinkDivingCenterDto extends DiveCostFields {
  @IsInt()
  @Min(1)
  @Max(2147483647)
  diving_center_id!: number;
}

/** `POST /diving-centers/{id}/dive-sites`. */
export class LinkDiveSiteDto extends DiveCostFields {
  @IsInt()
  @Min(1)
  @Max(2147483647)
  dive_site_id!: number;
}

export class CenterDiveSiteLinkResponseDto {
  id!: number;
  dive_site_id!: number;
  diving_center_id!: number;
  dive_cost!: number | null;
  currency!: string;
  created_at!: Date;
}

/** A center of a dive site, with what a dive there costs. */
export class SiteDivingCenterResponseDto {
  id!: number;
  name!: string;
  description!: string | null;
  email!: string | null;
  phone!: string | null;
  website!: string | null;
  latitude!: number | null;
  longitude!: number | null;
  dive_cost!: number | null;
  currency!: string;
}

/** A dive site of a center, with what a dive there costs. */
export class CenterDiveSiteResponseDto {
  id!: number;
  name!: string;
  description!: string | null;
  latitude!: number | null;
  longitude!: number | null;
  country!: string | null;
  region!: string | null;
  dive_cost!: number | null;
  currency!: string;
}
