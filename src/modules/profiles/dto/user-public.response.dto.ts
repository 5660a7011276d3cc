import { UserCertificationResponseDto } from '../../organizations/dto/user-certification.response.dto';
import type { User } from '../../users/entities/user.entity';

/** Counts of what the user contributed, computed from the existing tables. */
export class UserPublicStatsDto {
  /** Dive sites they created (archived sites not counted) */
  dive_sites_created!: number;
  /** Comments on dive sites and on diving centers */
  comments_posted!: number;
  /** Dive sites they rated */
  dive_sites_rated!: number;
  /** Their logged dives that are not private: derived from the dive logs, unlike number_of_dives */
  dives_logged!: number;
}

/** A user's public profile: no e-mail, no account state. */
export class UserPublicResponseDto {
  id!: number;
  username!: string;
  name!: string | null;
  avatar_url!: string | null;
  is_admin!: boolean;
  is_moderator!: boolean;
  /**
   * How many dives the user DECLARES (set through PUT /users/me, e.g. dives made before joining); never
   * derived from the logs. The logged count is stats.dives_logged.
   */
  number_of_dives!: number;
  /** When the account was created */
  member_since!: Date;
  /** Active certifications, oldest first */
  certifications!: UserCertificationResponseDto[];
  stats!: UserPublicStatsDto;
}

export function toUserPublicResponse(
  user: User,
  stats: UserPublicStatsDto,
  certifications: UserCertificationResponseDto[],
): UserPublicResponseDto {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    avatar_url: user.avatarUrl,
    is_admin: user.isAdmin,
    is_moderator: user.isModerator,
    number_of_dives: user.numberOfDives,
    member_since: user.createdAt,
    certifications,
    stats,
  };
}
