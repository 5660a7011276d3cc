import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class GoogleLoginDto {
  /** A Google ID token (JWT) issued to this application's GOOGLE_CLIENT_ID */
  @IsString()
  @IsNotEmpty()
  @MaxLength(8192)
  token!: string;
}
