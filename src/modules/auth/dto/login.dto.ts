import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { trimString } from '../../../common/validation/query-transforms';

export class LoginDto {
  /** Username or e-mail */
  @Transform(trimString)
  @IsString()
  @Length(1, 255)
  username!: string;

  @IsString()
  @Length(1, 128)
  password!: string;
}
