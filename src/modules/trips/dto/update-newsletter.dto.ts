import { IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { MAX_NEWSLETTER_LENGTH } from './parse-newsletter-text.dto';

/** `PUT /newsletters/{id}`. */
export class UpdateNewsletterDto {
  /** The new text (the trips are not re-parsed: use `POST /newsletters/{id}/reparse`); not null */
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_NEWSLETTER_LENGTH)
  content?: string;
}
