import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';
import { DIVE_MEDIA_DESCRIPTION_MAX, DIVE_MEDIA_TITLE_MAX } from './create-dive-media.dto';

/** `PATCH /dives/{id}/media/{media_id}`: description and title (null clears; absent keeps). */
export class UpdateDiveMediaDto {
  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(DIVE_MEDIA_DESCRIPTION_MAX)
  description?: string | null;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(DIVE_MEDIA_TITLE_MAX)
  title?: string | null;
}
