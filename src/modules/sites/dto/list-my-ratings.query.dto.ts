import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { queryNumber } from '../../../common/validation/query-transforms';

/** `GET /users/me/ratings`: page ≥ 1; page_size 1–100 (any value in range: no whitelist), default 20. */
export class MyRatingsQueryDto {
  /** 1-based page number */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  page?: number = 1;

  /** 1–100, default 20 */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(100)
  page_size?: number = 20;
}
