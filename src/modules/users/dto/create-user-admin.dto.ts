import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';
import { trim, USERNAME_PATTERN, USERNAME_PATTERN_MESSAGE } from './user-fields';

/** `POST /users/admin/users`: the password follows the same strength rule as registration (D16). */
export class CreateUserAdminDto {
  /** 3–50 letters, digits or underscores */
  @Transform(trim)
  @IsString()
  @Length(3, 50)
  @Matches(USERNAME_PATTERN, { message: USERNAME_PATTERN_MESSAGE })
  username!: string;

  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(255)
  email!: string;

  /** 8–128 characters with an upper- and a lower-case letter, a digit and a special character */
  @IsString()
  @Length(8, 128)
  password!: string;

  @IsOptional()
  @PlainText()
  @IsString()
  @Length(1, 255)
  name?: string | null;

  @IsOptional()
  @IsBoolean()
  is_admin?: boolean = false;

  @IsOptional()
  @IsBoolean()
  is_moderator?: boolean = false;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean = true;
}
