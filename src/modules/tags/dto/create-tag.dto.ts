import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';

export class CreateTagDto {
  /** 1–50 characters, unique (case-insensitive) */
  @PlainText()
  @IsString()
  @Length(1, 50)
  name!: string;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}
