import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { OffsetQueryDto } from '../pagination/offset-query.dto';

/** Comments per page when the caller gives no `limit`, and the most one page holds. */
export const COMMENTS_DEFAULT_LIMIT = 50;
export const COMMENTS_MAX_LIMIT = 100;

/**
 * `GET /dive-sites/{id}/comments` and `GET /diving-centers/{id}/comments`: newest first, a bare
 * array with the whole list's size in X-Total-Count.
 */
export class ListCommentsQueryDto extends OffsetQueryDto {
  /** Comments to return, 1–100 (default 50) */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: COMMENTS_MAX_LIMIT,
    default: COMMENTS_DEFAULT_LIMIT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(COMMENTS_MAX_LIMIT)
  limit?: number = COMMENTS_DEFAULT_LIMIT;
}
