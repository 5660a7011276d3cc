import { PartialType } from '@nestjs/swagger';
import { CreateDivingCenterDto } from './create-diving-center.dto';

/**
 * `PUT /diving-centers/{id}`: any subset. Coordinates change together: both given (numbers, or both
 * null to remove the location), or neither.
 */
export class UpdateDivingCenterDto extends PartialType(CreateDivingCenterDto) {}
