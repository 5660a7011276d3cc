/** A tag on a site. */
export class DiveSiteTagResponseDto {
  id!: number;
  name!: string;
}

/** An alternative name of a site. */
export class DiveSiteAliasResponseDto {
  id!: number;
  dive_site_id!: number;
  alias!: string;
  created_at!: Date;
}

/**
 * A dive site. List items (envelope A) leave null fields out; `detail_level=minimal` has only id and
 * coordinates, `basic` adds name, difficulty, rating, thumbnail and status. Difficulty is always the
 * code and label, never the numeric id.
 */
export class DiveSiteResponseDto {
  id!: number;
  name?: string;
  description?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  address?: string | null;
  access_instructions?: string | null;
  dive_plans?: string | null;
  gas_tanks_necessary?: string | null;
  /** OPEN_WATER, ADVANCED_OPEN_WATER, DEEP_NITROX, TECHNICAL_DIVING or null */
  difficulty_code?: string | null;
  difficulty_label?: string | null;
  marine_life?: string | null;
  safety_information?: string | null;
  max_depth?: number | null;
  country?: string | null;
  region?: string | null;
  /** Always "approved" until a moderation queue exists (D19) */
  status?: string;
  created_by?: number | null;
  created_by_username?: string | null;
  created_at?: Date;
  updated_at?: Date;
  /** Set on archived sites (only admins see them) */
  deleted_at?: Date | null;
  /** Average of the ratings (1–10), null when unrated */
  average_rating?: number | null;
  total_ratings?: number;
  comment_count?: number;
  /** URL of the site's first photo or video (its thumbnail when it has one) */
  thumbnail?: string | null;
  thumbnail_type?: string | null;
  thumbnail_source?: string | null;
  thumbnail_id?: number | null;
  tags?: DiveSiteTagResponseDto[];
  aliases?: DiveSiteAliasResponseDto[];
  /** Admins only */
  view_count?: number;
  /** The caller's own rating (detail only; null when not rated or anonymous) */
  user_rating?: number | null;
}

/** Envelope A of dive sites. */
export class DiveSiteListResponseDto {
  items!: DiveSiteResponseDto[];
  total!: number;
  page!: number;
  page_size!: number;
  total_pages!: number;
  has_next_page!: boolean;
  has_prev_page!: boolean;
}

/** A site near another site. */
export class NearbyDiveSiteResponseDto {
  id!: number;
  name!: string;
  description?: string | null;
  latitude!: number;
  longitude!: number;
  difficulty_code?: string | null;
  difficulty_label?: string | null;
  country?: string | null;
  region?: string | null;
  average_rating?: number | null;
  total_ratings!: number;
  tags!: DiveSiteTagResponseDto[];
  /** Kilometres, 2 decimals */
  distance_km!: number;
}

/** A site near a point (check-proximity and the 409 of create). */
export class ProximityDiveSiteResponseDto {
  id!: number;
  name!: string;
  description!: string | null;
  latitude!: number;
  longitude!: number;
  /** Metres, 2 decimals */
  distance_m!: number;
}
