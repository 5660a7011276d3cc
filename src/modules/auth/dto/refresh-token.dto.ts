import { IsOptional, IsString, MaxLength } from 'class-validator';

export class RefreshTokenDto {
  /** For clients without cookies; browsers send the HttpOnly `refresh_token` cookie instead. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refresh_token?: string;
}
