import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';
import { trimString } from '../../../common/validation/query-transforms';

/** The media types a site accepts (spec/api.md §6; the table's enum has more, for dives). */
export const SITE_MEDIA_TYPES = ['photo', 'video'] as const;
export type SiteMediaType = (typeof SITE_MEDIA_TYPES)[number];

/** A media description: plain text, at most this many characters. */
export const MEDIA_DESCRIPTION_MAX = 2000;

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
