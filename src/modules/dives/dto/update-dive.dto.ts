import { IsBoolean } from 'class-validator';
import { DiveFieldsDto } from './create-dive.dto';
import { IsCalendarDate, IsOptionalButNotNull } from './dive-values';

/**
 * `PUT /dives/{id}` (and the admin's): any subset of the fields; absent keeps a value, null clears it
 * (`diving_center_id: null` unlinks the center). `tags` is the whole new set. Name rules: a non-blank
 * name wins; otherwise a changed site or a blank name regenerates "<site name> - YYYY/MM/DD".
 */
export class UpdateDiveDto extends DiveFieldsDto {
  /** YYYY-MM-DD, a real date (cannot be cleared) */
  @IsOptionalButNotNull()
  @IsCalendarDate()
  dive_date?: string;

  /** Cannot be null */
  @IsOptionalButNotNull()
  @IsBoolean()
  is_private?: boolean;
}
