import { PartialType } from '@nestjs/swagger';
import { CreateDiveTripDto } from './create-dive-trip.dto';

/**
 * `PUT /newsletters/trips/{id}`: the fields present are set; `null` clears an optional field and leaves
 * the required ones (date, center, currency, status, bookings) as they are; `dives`, when present,
 * replaces all of the trip's dives.
 */
export class UpdateDiveTripDto extends PartialType(CreateDiveTripDto) {}
