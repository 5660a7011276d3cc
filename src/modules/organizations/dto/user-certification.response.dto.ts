import { DivingOrganizationSummaryDto } from './diving-organization.response.dto';

export class UserCertificationResponseDto {
  id!: number;
  user_id!: number;
  diving_organization_id!: number;
  certification_level!: string;
  /** Levels are not stored yet: always null */
  certification_level_id!: number | null;
  is_active!: boolean;
  diving_organization!: DivingOrganizationSummaryDto;
  /** Levels are not stored yet: always null */
  certification_level_link!: Record<string, unknown> | null;
  created_at!: Date;
  updated_at!: Date;
}

export class ToggleCertificationResponseDto {
  message!: string;
  is_active!: boolean;
}
