import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
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

/** `PUT /newsletters/{id}`. */
export class UpdateNewsletterDto {
  /** The new text (the trips are not re-parsed: use `POST /newsletters/{id}/reparse`); not null */
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_NEWSLETTER_LENGTH)
  content?: string;
}

/** `DELETE /newsletters/` with a body. */
export class DeleteNewslettersDto {
  /** 1–100 newsletter ids; their trips are deleted with them */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_ID, { each: true })
  newsletter_ids!: number[];
}

/** `GET /newsletters/?limit&offset`. */
export class ListNewslettersQueryDto {
  /** 1–1000 (default 50) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number = 50;

  /** ≥ 0 (default 0) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_ID)
  offset?: number = 0;
}

export class NewsletterResponseDto {
  id!: number;
  content!: string;
  received_at!: Date;
  trips_count!: number;
}

/** What upload, parse-text and reparse answer. */
export class NewsletterParseResponseDto {
  newsletter_id!: number;
  trips_created!: number;
  /** Reparse only: the trips that were replaced */
  trips_deleted?: number;
  message!: string;
}

export class DeleteNewslettersResponseDto {
  deleted_count!: number;
  deleted_trips_count!: number;
  message!: string;
}
