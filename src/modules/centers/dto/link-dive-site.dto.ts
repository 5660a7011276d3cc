import { IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { MaxDecimalPlaces } from '../../../common/validation/max-decimal-places';
import { CURRENCY_PATTERN, MAX_PRICE } from './create-gear-rental.dto';

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

/** `POST /diving-centers/{id}/dive-sites`. */
export class LinkDiveSiteDto extends DiveCostFields {
  @IsInt()
  @Min(1)
  @Max(2147483647)
  dive_site_id!: number;
}
