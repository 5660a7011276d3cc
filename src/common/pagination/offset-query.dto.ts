import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * `offset` of a bounded list (bounded-list.ts). Each list's query DTO extends it and declares its own
 * `limit` (default and maximum differ per list); out of range → 422.
 */
export class OffsetQueryDto {
  /** Items to skip, ≥ 0 (default 0) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2147483647)
  offset?: number = 0;
}

/** Items per page of a parent's child list when the caller gives no `limit`, and the most a page holds. */
export const CHILD_LIST_DEFAULT_LIMIT = 100;
export const CHILD_LIST_MAX_LIMIT = 500;

/**
 * The lists of one parent's children that clients usually show whole — a site's aliases and
 * diving centers, a center's gear rental prices and dive sites, a user's certifications: the
 * default page holds them all in practice; a bare array with X-Total-Count.
 */
export class ChildListQueryDto extends OffsetQueryDto {
  /** Items to return, 1–500 (default 100) */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: CHILD_LIST_MAX_LIMIT,
    default: CHILD_LIST_DEFAULT_LIMIT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(CHILD_LIST_MAX_LIMIT)
  limit?: number = CHILD_LIST_DEFAULT_LIMIT;
}
