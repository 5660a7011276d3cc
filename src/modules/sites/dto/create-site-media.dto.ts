import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { OffsetQueryDto } from '../../../common/pagination/offset-query.dto';
import { PlainText } from '../../../common/text/plain-text';
import { trimString } from '../../../common/validation/query-transforms';

/** The media types a site accepts (spec/api.md §6; the table's enum has more, for dives). */
export const SITE_MEDIA_TYPES = ['photo', 'video'] as const;
export type SiteMediaType = (typeof SITE_MEDIA_TYPES)[number];

/** A media description: plain text, at most this many characters. */
export const MEDIA_DESCRIPTION_MAX = 2000;

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

/**
 * `POST /dive-sites/{id}/media`: a link to a photo or video (uploads are out of scope). Types and
 * lengths are DTO checks (422); a URL that is not absolute http(s) is the contract's 400 "Invalid
 * media URL", checked by the service.
 */
export class CreateSiteMediaDto {
  /** photo or video */
  @IsIn(SITE_MEDIA_TYPES)
  media_type!: SiteMediaType;

  /** An absolute http:// or https:// URL, 1–500 characters (trimmed) */
  @Transform(trimString)
  @IsString()
  @Length(1, 500)
  url!: string;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(MEDIA_DESCRIPTION_MAX)
  description?: string | null;

  /** An absolute http(s) URL of a small version, up to 500 characters */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @Length(1, 500)
  thumbnail_url?: string | null;

  /** An absolute http(s) URL of a medium-sized version, up to 500 characters */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @Length(1, 500)
  medium_url?: string | null;
}

/** `PATCH /dive-sites/{id}/media/{media_id}`: the description (null clears it; absent keeps it). */
export class UpdateSiteMediaDto {
  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(MEDIA_DESCRIPTION_MAX)
  description?: string | null;
}

/**
 * One item of a site's media list: the site's own media (dive_id null) and, once the dives module
 * contributes them, media of dives at the site (D26).
 */
export class SiteMediaResponseDto {
  id!: number;
  dive_site_id!: number;
  /** photo or video for site media; dive media may also be dive_plan or external_link */
  media_type!: string;
  url!: string;
  description!: string | null;
  created_at!: Date;
  /** The dive this media belongs to; null for the site's own media */
  dive_id!: number | null;
  /** Who added it (null once that user is deleted) */
  user_id!: number | null;
  user_username!: string | null;
  thumbnail_url!: string | null;
  medium_url!: string | null;
  /** Where to download the file: the URL itself (media are links) */
  download_url!: string | null;
}
