import type { User } from '../entities/user.entity';

/** A user as the admin user list and the admin writes show them (never the password hash). */
export class UserListResponseDto {
  id!: number;
  username!: string;
  email!: string;
  name!: string | null;
  is_admin!: boolean;
  is_moderator!: boolean;
  enabled!: boolean;
  created_at!: Date;
  last_accessed_at!: Date | null;
  /** Set when the account is archived */
  deleted_at!: Date | null;
}

export function toUserListResponse(user: User): UserListResponseDto {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    name: user.name,
    is_admin: user.isAdmin,
    is_moderator: user.isModerator,
    enabled: user.enabled,
    created_at: user.createdAt,
    last_accessed_at: user.lastAccessedAt,
    deleted_at: user.deletedAt,
  };
}
