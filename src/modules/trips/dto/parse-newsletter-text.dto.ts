import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { parseBooleanParam } from '../../../common/validation/query-boolean';

const MAX_ID = 2147483647;
/** The JSON body limit is 2 MB (DECISIONS.md D24); a newsletter's text stays well below it. */
export const MAX_NEWSLETTER_LENGTH = 1_048_576;

/** `POST /newsletters/parse-text`. */
export class ParseNewsletterTextDto {
  /** The newsletter: plain text or a raw e-mail (headers and MIME body) */
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_NEWSLETTER_LENGTH)
  content!: string;

  /** The center the trips belong to (400 when there is no such center); else guessed from the text */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  diving_center_id?: number;

  /** Accepted for compatibility and ignored: parsing is rule-based, without external services (D24) */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => parseBooleanParam(value))
  @IsBoolean()
  use_openai?: boolean;
}
