import { IsBoolean, IsOptional } from 'class-validator';
import { QueryBoolean } from '../../../common/validation/query-boolean';

export class DeleteUserQueryDto {
  /** true: delete the account and what cascades with it (refused with 409 while it has dives); default false: archive */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  force?: boolean = false;
}
