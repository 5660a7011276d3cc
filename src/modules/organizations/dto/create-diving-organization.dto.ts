import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { PlainText } from '../../../common/text/plain-text';

/** `POST /diving-organizations/` (spec/api.md §9). */
export class CreateDivingOrganizationDto {
  /** 1–100 characters, unique (case-insensitive) */
  @PlainText()
  @IsString()
  @Length(1, 100)
  name!: string;

  /** 1–20 characters, unique (case-insensitive), e.g. PADI */
  @PlainText()
  @IsString()
  @Length(1, 20)
  acronym!: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  website?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  logo_url?: string | null;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  @IsOptional()
  @PlainText()
  @IsString()
  @MaxLength(100)
  country?: string | null;

  @IsOptional()
  @IsInt()
  @Min(1800)
  @Max(2100)
  founded_year?: number | null;
}
