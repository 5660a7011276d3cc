import { IsString, Length } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';

/** `POST /diving-centers/{id}/comments` and `PUT …/comments/{cid}`. */
export class CenterCommentDto {
  /** 1–1000 characters of plain text (HTML is stripped) */
  @PlainText()
  @IsString()
  @Length(1, 1000)
  comment_text!: string;
}
