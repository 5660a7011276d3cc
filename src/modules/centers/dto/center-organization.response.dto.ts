import { DivingOrganizationSummaryDto } from '../../organizations/dto/diving-organization.response.dto';

export class CenterOrganizationResponseDto {
  /** The association's id (what PUT and DELETE take) */
  id!: number;
  diving_center_id!: number;
  diving_organization_id!: number;
  is_primary!: boolean;
  created_at!: Date;
  diving_organization!: DivingOrganizationSummaryDto;
}
