import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { queryNumber } from '../../../common/validation/query-transforms';

/** `GET /users/me/comments`: page ≥ 1; page_size 1–50 (any value in range: no whitelist), default 15. */
export class MyCommentsQueryDto {
  /** 1-based page number */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  page?: number = 1;

  /** 1–50, default 15 */
  @IsOptional()
  @Transform(queryNumber)
  @IsInt()
  @Min(1)
  @Max(50)
  page_size?: number = 15;
}
