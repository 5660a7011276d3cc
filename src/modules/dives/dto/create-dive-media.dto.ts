import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';
import { MEDIA_TYPES, type MediaType } from '../../../common/media/media-type';

/** A media description or title: plain text, at most this many characters. */
export const DIVE_MEDIA_DESCRIPTION_MAX = 2000;
export const DIVE_MEDIA_TITLE_MAX = 255;

/**
 * `POST /dives/{id}/media` (and each item of `media` when creating a dive): a link (uploads are out
 * of scope). Types and lengths are DTO checks (422); a URL that is not an absolute http(s) URL is
 * 400 "Invalid media URL", as for site media.
 */
export class CreateDiveMediaDto {
  /** photo, video, dive_plan or external_link */
  @IsIn(MEDIA_TYPES)
  media_type!: MediaType;

  /** An absolute http:// or https:// URL, 1–500 characters */
  @IsString()
  @Length(1, 500)
  url!: string;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(DIVE_MEDIA_DESCRIPTION_MAX)
  description?: string | null;

  /** Up to 255 characters */
  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(DIVE_MEDIA_TITLE_MAX)
  title?: string | null;

  /** An absolute http(s) URL of a small version, up to 500 characters */
  @IsOptional()
  @IsString()
  @Length(1, 500)
  thumbnail_url?: string | null;

  /** An absolute http(s) URL of a medium-sized version, up to 500 characters */
  @IsOptional()
  @IsString()
  @Length(1, 500)
  medium_url?: string | null;
}
