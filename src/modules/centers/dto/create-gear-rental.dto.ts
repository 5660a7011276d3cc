import { IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { MaxDecimalPlaces } from '../../../common/validation/max-decimal-places';
import { PlainText } from '../../../common/text/plain-text';

/** ISO 4217: three upper-case letters. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
/** The largest DECIMAL(10,2). */
export const MAX_PRICE = 99_999_999.99;

/** `POST /diving-centers/{id}/gear-rental`. */
export class CreateGearRentalDto {
  /** 1–100 characters */
  @PlainText()
  @IsString()
  @Length(1, 100)
  item_name!: string;

  /** ≥ 0, two decimals */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimalPlaces(2)
  @Min(0)
  @Max(MAX_PRICE)
  cost!: number;

  /** ISO 4217 code, upper case (default EUR) */
  @IsOptional()
  @IsString()
  @Matches(CURRENCY_PATTERN, { message: 'currency must be a three-letter upper-case ISO 4217 code' })
  currency?: string;
}
