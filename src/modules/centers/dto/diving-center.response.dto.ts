/** A center as the list (full detail level), detail, create and update show it. */
export class DivingCenterResponseDto {
  id!: number;
  name!: string;
  description!: string | null;
  address!: string | null;
  email!: string | null;
  phone!: string | null;
  website!: string | null;
  latitude!: number | null;
  longitude!: number | null;
  country!: string | null;
  region!: string | null;
  city!: string | null;
  created_at!: Date;
  updated_at!: Date;
  /** Average score of the center's ratings (null without ratings) */
  average_rating!: number | null;
  total_ratings!: number;
  comment_count!: number;
  /** Admins only */
  view_count?: number;
}

/** `GET /diving-centers/{id}`: the center and what the caller sees of it. */
export class DivingCenterDetailResponseDto extends DivingCenterResponseDto {
  /** The caller's own score, or null */
  user_rating!: number | null;
  /** Whether the caller may manage the center (admins and moderators, until ownership exists) */
  is_manager!: boolean;
}

/** One row of `GET /diving-centers/nearby` (nearest first). */
export class NearbyDivingCenterResponseDto {
  id!: number;
  name!: string;
  country!: string | null;
  region!: string | null;
  city!: string | null;
  /** Great-circle distance, kilometres, 2 decimals */
  distance_km!: number;
}

/** One row of `GET /diving-centers/search`. */
export class DivingCenterSearchResultDto {
  id!: number;
  name!: string;
  country!: string | null;
  region!: string | null;
  city!: string | null;
  /** Only when lat and lng were given; null for a center without coordinates */
  distance_km?: number | null;
}
