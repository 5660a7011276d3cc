import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';

/** `POST /user-certifications/my-certifications` (spec/api.md §9). */
export class CreateUserCertificationDto {
  @IsInt()
  @Min(1)
  @Max(2147483647)
  diving_organization_id!: number;

  /** The level's name, e.g. "Open Water Diver" (this or certification_level_id is required) */
  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(100)
  certification_level?: string | null;

  /** A certification level of the organization (levels are not stored yet: always refused with 400) */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  certification_level_id?: number | null;

  /** Shown on the public profile while true (default true) */
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}
