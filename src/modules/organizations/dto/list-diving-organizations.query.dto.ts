import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `GET /diving-organizations/?skip&limit`. */
export class ListDivingOrganizationsQueryDto {
  /** Rows to skip (default 0) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2147483647)
  skip?: number = 0;

  /** Rows to return, 1–1000 (default 100) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number = 100;
}
