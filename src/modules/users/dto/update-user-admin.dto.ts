import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';
import { trim, USERNAME_PATTERN, USERNAME_PATTERN_MESSAGE } from './user-fields';

/** Absent means "leave as is"; null is refused (422) for fields that cannot be empty. */
const present = (_: object, value: unknown): boolean => value !== undefined;

/** `PUT /users/admin/users/{id}`: any subset of the fields. */
export class UpdateUserAdminDto {
  /** 3–50 letters, digits or underscores */
  @ValidateIf(present)
  @Transform(trim)
  @IsString()
  @Length(3, 50)
  @Matches(USERNAME_PATTERN, { message: USERNAME_PATTERN_MESSAGE })
  username?: string;

  @ValidateIf(present)
  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(255)
  email?: string;

  /** A new password (strength rule); the user's sessions are revoked */
  @ValidateIf(present)
  @IsString()
  @Length(8, 128)
  password?: string;

  /** null clears it */
  @IsOptional()
  @PlainText()
  @IsString()
  @Length(1, 255)
  name?: string | null;

  @ValidateIf(present)
  @IsBoolean()
  is_admin?: boolean;

  @ValidateIf(present)
  @IsBoolean()
  is_moderator?: boolean;

  /** false disables the account and revokes its sessions */
  @ValidateIf(present)
  @IsBoolean()
  enabled?: boolean;
}
