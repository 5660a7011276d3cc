import { PartialType } from '@nestjs/swagger';
import { CreateGearRentalDto } from './create-gear-rental.dto';

/** `PUT /diving-centers/{id}/gear-rental/{gid}`: any subset (DECISIONS.md D20). */
export class UpdateGearRentalDto extends PartialType(CreateGearRentalDto) {}
