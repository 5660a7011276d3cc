import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { OffsetQueryDto } from '../../../common/pagination/offset-query.dto';
import { PlainText } from '../../../common/text/plain-text';

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

export class CreateTagDto {
  /** 1–50 characters, unique (case-insensitive) */
  @PlainText()
  @IsString()
  @Length(1, 50)
  name!: string;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

export class UpdateTagDto {
  @IsOptional()
  @PlainText()
  @IsString()
  @Length(1, 50)
  name?: string;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

export class TagResponseDto {
  id!: number;
  name!: string;
  description!: string | null;
  /** Id of the user who created the tag */
  created_by!: number | null;
  created_at!: Date;
}

export class TagWithCountsResponseDto extends TagResponseDto {
  /** Dive sites (not archived) carrying the tag */
  dive_site_count!: number;
  /** Public dives carrying the tag */
  dive_count!: number;
}
