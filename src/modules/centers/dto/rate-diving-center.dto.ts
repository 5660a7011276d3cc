import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';

/** `POST /diving-centers/{id}/rate`: one score per user, replaced on a second rating. */
export class RateDivingCenterDto {
  /** 1–10 */
  @IsInt()
  @Min(1)
  @Max(10)
  score!: number;
}

export class CenterRatingResponseDto {
  id!: number;
  diving_center_id!: number;
  user_id!: number;
  score!: number;
  created_at!: Date;
}

/** `POST /diving-centers/{id}/comments` and `PUT …/comments/{cid}`. */
export class CenterCommentDto {
  /** 1–1000 characters of plain text (HTML is stripped) */
  @PlainText()
  @IsString()
  @Length(1, 1000)
  comment_text!: string;
}

export class CenterCommentResponseDto {
  id!: number;
  diving_center_id!: number;
  user_id!: number;
  username!: string;
  comment_text!: string;
  created_at!: Date;
  updated_at!: Date;
  /** "<ACRONYM> <level>" of the author's first active certification, or null */
  user_diving_certification!: string | null;
  user_number_of_dives!: number;
}
