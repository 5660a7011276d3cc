import { UserResponseDto } from '../../users/dto/user.response.dto';

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
