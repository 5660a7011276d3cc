import { IsString, Length } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';

/** `POST /dive-sites/{id}/comments` and `PUT …/comments/{comment_id}`. */
export class SiteCommentDto {
  /** 1–1000 characters of plain text (HTML is stripped: D23) */
  @PlainText()
  @IsString()
  @Length(1, 1000)
  comment_text!: string;
}
