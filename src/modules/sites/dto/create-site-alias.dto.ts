import { IsString, Length } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';

/**
 * `POST /dive-sites/{id}/aliases` and `PUT …/aliases/{alias_id}`: 1–255 characters of plain text
 * (D23; a value that is empty once HTML is stripped is a 422). Unique per site under the column's
 * case-insensitive collation, so "Blue Hole" and "blue hole" are the same alias.
 */
export class SiteAliasDto {
  /** 1–255 characters */
  @PlainText()
  @IsString()
  @Length(1, 255)
  alias!: string;
}
