import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { SortedPageQueryDto } from '../../../common/pagination/page-query.dto';
import { QueryBoolean } from '../../../common/validation/query-boolean';
import { trim } from './user-fields';

/** The fields the admin user list sorts by (default id). */
export const USER_SORT_FIELDS = [
  'id',
  'username',
  'email',
  'created_at',
  'is_admin',
  'enabled',
  'last_accessed_at',
] as const;
export type UserSortField = (typeof USER_SORT_FIELDS)[number];

/** `GET /users/admin/users`: filters, sort (sort_by one of USER_SORT_FIELDS) and page. */
export class ListUsersQueryDto extends SortedPageQueryDto {
  /** Part of the username or e-mail (case-insensitive; % and _ match themselves) */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  search?: string;

  /** true/false (or 1/0) */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  is_admin?: boolean;

  /** true/false (or 1/0) */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  is_moderator?: boolean;

  /** true/false (or 1/0) */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  enabled?: boolean;
}
