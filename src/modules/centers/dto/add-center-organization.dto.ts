import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DivingOrganizationSummaryDto } from '../../organizations/dto/diving-organization.dto';

/** `POST /diving-centers/{id}/organizations`. */
export class AddCenterOrganizationDto {
  @IsInt()
  @Min(1)
  @Max(2147483647)
  diving_organization_id!: number;

  /** true: the center's primary organization (any other primary of the center is cleared) */
  @IsOptional()
  @IsBoolean()
  is_primary?: boolean;
}

/** `PUT /diving-centers/{id}/organizations/{assoc_id}`. */
export class UpdateCenterOrganizationDto {
  @IsOptional()
  @IsBoolean()
  is_primary?: boolean;
}

export class CenterOrganizationResponseDto {
  /** The association's id (what PUT and DELETE take) */
  id!: number;
  diving_center_id!: number;
  diving_organization_id!: number;
  is_primary!: boolean;
  created_at!: Date;
  diving_organization!: DivingOrganizationSummaryDto;
}
