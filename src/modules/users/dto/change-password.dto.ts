import { IsString, Length } from 'class-validator';

export class ChangePasswordDto {
  @IsString()
  @Length(1, 128)
  current_password!: string;

  /** 8–128 characters with an upper- and a lower-case letter, a digit and a special character */
  @IsString()
  @Length(8, 128)
  new_password!: string;
}
