import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';
import { trimString } from '../../../common/validation/query-transforms';

export class RegisterDto {
  /** 3–50 letters, digits or underscores */
  @Transform(trimString)
  @IsString()
  @Length(3, 50)
  @Matches(/^[A-Za-z0-9_]+$/, { message: 'username may contain only letters, digits and underscores' })
  username!: string;

  @Transform(trimString)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(255)
  email!: string;

  /** 8–128 characters with an upper- and a lower-case letter, a digit and a special character */
  @IsString()
  @Length(8, 128)
  password!: string;
}
