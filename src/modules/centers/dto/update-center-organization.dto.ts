import { IsBoolean, IsOptional } from 'class-validator';

/** `PUT /diving-centers/{id}/organizations/{assoc_id}`. */
export class UpdateCenterOrganizationDto {
  @IsOptional()
  @IsBoolean()
  is_primary?: boolean;
}
