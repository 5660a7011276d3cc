import { IsInt, Max, Min } from 'class-validator';
import { DiveCostFields } from './link-dive-site.dto';

/** `POST /dive-sites/{id}/diving-centers`. */
export class LinkDivingCenterDto extends DiveCostFields {
  @IsInt()
  @Min(1)
  @Max(2147483647)
  diving_center_id!: number;
}
