import { DiveMediaResponseDto } from './dive-media.response.dto';

/** The site a dive was logged at (null once the site is deleted: the dive stays). */
export class DiveSiteSummaryDto {
  id!: number;
  name!: string;
  description!: string | null;
  latitude!: number | null;
  longitude!: number | null;
  country!: string | null;
  region!: string | null;
  /** Set when the site is archived */
  deleted_at!: Date | null;
}

/** The site in `GET /dives/{id}/details`: the summary plus what a diver plans with. */
export class DiveSiteDetailsDto extends DiveSiteSummaryDto {
  difficulty_code!: string | null;
  difficulty_label!: string | null;
  max_depth!: number | null;
  marine_life!: string | null;
  safety_information!: string | null;
  access_instructions!: string | null;
}

/** The diving center a dive was made with (null once the center is deleted: the dive stays). */
export class DivingCenterSummaryDto {
  id!: number;
  name!: string;
  description!: string | null;
  email!: string | null;
  phone!: string | null;
  website!: string | null;
  latitude!: number | null;
  longitude!: number | null;
}

export class DiveTagSummaryDto {
  id!: number;
  name!: string;
}

/** A dive buddy (buddies come later: the list is always empty for now). */
export class DiveBuddyDto {
  id!: number;
  username!: string;
  name!: string | null;
  avatar_url!: string | null;
}

/**
 * A dive log (spec/api.md §8 DiveResponse). Difficulty is the code and label, never the id. Lists
 * (envelope A) leave null fields out. `media` is filled by `/details` only (as the original does).
 */
export class DiveResponseDto {
  id!: number;
  user_id!: number;
  user_username!: string;
  dive_site_id!: number | null;
  diving_center_id!: number | null;
  /** Dive routes come later: always null */
  selected_route_id!: number | null;
  name!: string | null;
  is_private!: boolean;
  dive_information!: string | null;
  max_depth!: number | null;
  average_depth!: number | null;
  gas_bottles_used!: string | null;
  /** wet_suit, dry_suit, shortie or null */
  suit_type!: string | null;
  difficulty_code!: string | null;
  difficulty_label!: string | null;
  visibility_rating!: number | null;
  user_rating!: number | null;
  /** YYYY-MM-DD */
  dive_date!: string;
  /** HH:MM:SS */
  dive_time!: string | null;
  /** Minutes */
  duration!: number | null;
  view_count!: number;
  created_at!: Date;
  updated_at!: Date;
  dive_site!: DiveSiteSummaryDto | null;
  diving_center!: DivingCenterSummaryDto | null;
  selected_route!: Record<string, unknown> | null;
  media!: DiveMediaResponseDto[];
  /** By name */
  tags!: DiveTagSummaryDto[];
  buddies!: DiveBuddyDto[];
}

/** `GET /dives/{id}/details`: the dive with the richer site, its media and tags. */
export class DiveDetailsResponseDto extends DiveResponseDto {
  declare dive_site: DiveSiteDetailsDto | null;
}

/** Envelope A of dives. */
export class DiveListResponseDto {
  items!: DiveResponseDto[];
  total!: number;
  page!: number;
  page_size!: number;
  total_pages!: number;
  has_next_page!: boolean;
  has_prev_page!: boolean;
}

/** A tag put on a dive. */
export class DiveTagAssignmentResponseDto {
  id!: number;
  dive_id!: number;
  tag_id!: number;
  name!: string;
  created_at!: Date;
}

/** The site of a visited-sites entry. */
export class VisitedDiveSiteDto extends DiveSiteSummaryDto {
  difficulty_code!: string | null;
  difficulty_label!: string | null;
  max_depth!: number | null;
}

/** A site the user dived at, with how many of their dives were there. */
export class VisitedSiteResponseDto {
  dive_site!: VisitedDiveSiteDto;
  visit_count!: number;
}
