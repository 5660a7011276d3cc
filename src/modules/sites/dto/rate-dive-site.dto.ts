import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';

/**
 * `POST /dive-sites/{id}/rate`. The column is an int 1–10: only integers are accepted (7.5 → 422),
 * where the original silently truncated floats.
 */
export class RateDiveSiteDto {
  /** An integer from 1 to 10 */
  @IsInt()
  @Min(1)
  @Max(10)
  score!: number;
}

export class SiteRatingResponseDto {
  id!: number;
  dive_site_id!: number;
  user_id!: number;
  score!: number;
  created_at!: Date;
}

/** `POST /dive-sites/{id}/comments` and `PUT …/comments/{comment_id}`. */
export class SiteCommentDto {
  /** 1–1000 characters of plain text (HTML is stripped: D23) */
  @PlainText()
  @IsString()
  @Length(1, 1000)
  comment_text!: string;
}

export class SiteCommentResponseDto {
  id!: number;
  dive_site_id!: number;
  user_id!: number;
  username!: string;
  comment_text!: string;
  created_at!: Date;
  updated_at!: Date;
  /** "<ACRONYM> <level>" of the author's first active certification, or null */
  user_diving_certification!: string | null;
  user_number_of_dives!: number;
}
