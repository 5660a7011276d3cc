import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';

/** `PUT /user-certifications/my-certifications/{id}`: any subset. */
export class UpdateUserCertificationDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  diving_organization_id?: number;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(100)
  certification_level?: string | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  certification_level_id?: number | null;

  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}
