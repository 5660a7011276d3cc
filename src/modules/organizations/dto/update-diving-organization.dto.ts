import { PartialType } from '@nestjs/swagger';
import { CreateDivingOrganizationDto } from './create-diving-organization.dto';

/** `PUT /diving-organizations/{id}`: any subset of the create fields. */
export class UpdateDivingOrganizationDto extends PartialType(CreateDivingOrganizationDto) {}
