import type { User } from '../entities/user.entity';

/** The user as the API shows them to themselves and to admins (never the password hash). */
export class UserResponseDto {
  id!: number;
  username!: string;
  email!: string;
  name!: string | null;
  enabled!: boolean;
  is_admin!: boolean;
  is_moderator!: boolean;
  /** The number of dives the user declares (spec); logged dives are counted separately. */
  number_of_dives!: number;
  diving_certification!: string | null;
  avatar_url!: string | null;
  /** public | private: whether others can find this user as a dive buddy */
  buddy_visibility!: string;
  /** Whether the account is linked to Google sign-in */
  google_linked!: boolean;
  created_at!: Date;
  updated_at!: Date;
  last_accessed_at!: Date | null;
  deleted_at!: Date | null;
}

export function toUserResponse(user: User): UserResponseDto {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    name: user.name,
    enabled: user.enabled,
    is_admin: user.isAdmin,
    is_moderator: user.isModerator,
    number_of_dives: user.numberOfDives,
    diving_certification: user.divingCertification,
    avatar_url: user.avatarUrl,
    buddy_visibility: user.buddyVisibility,
    google_linked: user.googleId !== null,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    last_accessed_at: user.lastAccessedAt,
    deleted_at: user.deletedAt,
  };
}
