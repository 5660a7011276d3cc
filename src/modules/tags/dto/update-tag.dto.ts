import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';

export class UpdateTagDto {
  @IsOptional()
  @PlainText()
  @IsString()
  @Length(1, 50)
  name?: string;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}
