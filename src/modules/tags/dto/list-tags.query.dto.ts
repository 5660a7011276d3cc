import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { OffsetQueryDto } from '../../../common/pagination/offset-query.dto';

/**
 * Tags per page when the caller gives no `limit`, and the most one page holds: the vocabulary is
 * kept by admins and moderators and clients show it whole in a picker, so the default page holds
 * all of it in practice.
 */
export const TAGS_DEFAULT_LIMIT = 500;
export const TAGS_MAX_LIMIT = 1000;

/** `GET /tags/` and `GET /tags/with-counts`: by name (then id), a bare array with X-Total-Count. */
export class ListTagsQueryDto extends OffsetQueryDto {
  /** Tags to return, 1–1000 (default 500) */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: TAGS_MAX_LIMIT, default: TAGS_DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(TAGS_MAX_LIMIT)
  limit?: number = TAGS_DEFAULT_LIMIT;
}
