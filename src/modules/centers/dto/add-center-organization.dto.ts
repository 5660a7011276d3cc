import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

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
