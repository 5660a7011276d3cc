import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';
import { MEDIA_DESCRIPTION_MAX } from './create-site-media.dto';

/** `PATCH /dive-sites/{id}/media/{media_id}`: the description (null clears it; absent keeps it). */
export class UpdateSiteMediaDto {
  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(MEDIA_DESCRIPTION_MAX)
  description?: string | null;
}
