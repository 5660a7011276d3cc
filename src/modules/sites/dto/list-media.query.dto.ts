import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { OffsetQueryDto } from '../../../common/pagination/offset-query.dto';

/** Media items per page when the caller gives no `limit`, and the most one page holds. */
export const MEDIA_DEFAULT_LIMIT = 50;
export const MEDIA_MAX_LIMIT = 100;

/**
 * `GET /dive-sites/{id}/media` and `GET /dives/{id}/media`: a bare array with the whole list's size
 * in X-Total-Count.
 */
export class ListMediaQueryDto extends OffsetQueryDto {
  /** Media items to return, 1–100 (default 50) */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MEDIA_MAX_LIMIT,
    default: MEDIA_DEFAULT_LIMIT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MEDIA_MAX_LIMIT)
  limit?: number = MEDIA_DEFAULT_LIMIT;
}
