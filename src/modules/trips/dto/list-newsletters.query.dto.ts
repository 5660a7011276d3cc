import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

const MAX_ID = 2147483647;

/** `GET /newsletters/?limit&offset`. */
export class ListNewslettersQueryDto {
  /** 1–1000 (default 50) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number = 50;

  /** ≥ 0 (default 0) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_ID)
  offset?: number = 0;
}
