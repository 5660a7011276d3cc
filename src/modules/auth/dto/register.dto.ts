import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { UserResponseDto } from '../../users/dto/user.response.dto';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  /** 3–50 letters, digits or underscores */
  @Transform(trim)
  @IsString()
  @Length(3, 50)
  @Matches(/^[A-Za-z0-9_]+$/, { message: 'username may contain only letters, digits and underscores' })
  username!: string;

  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(255)
  email!: string;

  /** 8–128 characters with an upper- and a lower-case letter, a digit and a special character */
  @IsString()
  @Length(8, 128)
  password!: string;
}

export class LoginDto {
  /** Username or e-mail */
  @Transform(trim)
  @IsString()
  @Length(1, 255)
  username!: string;

  @IsString()
  @Length(1, 128)
  password!: string;
}

export class RefreshTokenDto {
  /** For clients without cookies; browsers send the HttpOnly `refresh_token` cookie instead. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refresh_token?: string;
}

export class TokenResponseDto {
  access_token!: string;
  /** Opaque, rotated on every refresh; also set as the HttpOnly `refresh_token` cookie */
  refresh_token!: string;
  /** Always "bearer" */
  token_type!: string;
  /** Access-token lifetime in seconds */
  expires_in!: number;
  user!: UserResponseDto;
}

export class RegisterResponseDto extends TokenResponseDto {
  message!: string;
}

/** One active refresh session (a login on a device). */
export class SessionResponseDto {
  /** Session id (use it to revoke the session) */
  id!: string;
  device_info!: string | null;
  ip_address!: string | null;
  /** When the session started (login) */
  created_at!: Date;
  last_used_at!: Date | null;
  expires_at!: Date;
}
