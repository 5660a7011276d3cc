import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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

/** `PUT /diving-organizations/{id}`: any subset of the create fields. */
export class UpdateDivingOrganizationDto extends PartialType(CreateDivingOrganizationDto) {}

/** `GET /diving-organizations/?skip&limit`. */
export class ListDivingOrganizationsQueryDto {
  /** Rows to skip (default 0) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2147483647)
  skip?: number = 0;

  /** Rows to return, 1–1000 (default 100) */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number = 100;
}

/** What other resources show of an organization (certifications, center links). */
export class DivingOrganizationSummaryDto {
  id!: number;
  name!: string;
  acronym!: string;
  website!: string | null;
  logo_url!: string | null;
}

export class DivingOrganizationResponseDto {
  id!: number;
  name!: string;
  acronym!: string;
  website!: string | null;
  logo_url!: string | null;
  description!: string | null;
  country!: string | null;
  founded_year!: number | null;
  view_count!: number;
  created_at!: Date;
  updated_at!: Date;
  /** Certification levels are not stored yet (spec/api.md "Our rules" 12): always empty */
  certification_levels!: unknown[];
}
