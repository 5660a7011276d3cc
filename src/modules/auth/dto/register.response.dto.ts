import { TokenResponseDto } from './token.response.dto';

export class RegisterResponseDto extends TokenResponseDto {
  message!: string;
}
