import { DiveSiteTagResponseDto } from '../../sites/dto/dive-site.response.dto';
import type { TripStatus } from '../entities/parsed-dive-trip.entity';

export class ParsedDiveResponseDto {
  id!: number;
  trip_id!: number;
  dive_site_id!: number | null;
  dive_number!: number;
  dive_time!: string | null;
  dive_duration!: number | null;
  dive_description!: string | null;
  dive_site_name!: string | null;
  dive_site_country!: string | null;
  dive_site_region!: string | null;
  dive_site_average_rating!: number | null;
  dive_site_tags!: DiveSiteTagResponseDto[];
  latitude!: number | null;
  longitude!: number | null;
  /** The caller's own dive on the trip's date at this site (same time preferred), if any */
  user_dive_id!: number | null;
  user_dive_name!: string | null;
  created_at!: Date;
  updated_at!: Date;
}

export class DiveTripResponseDto {
  id!: number;
  diving_center_id!: number | null;
  trip_date!: string;
  trip_time!: string | null;
  trip_duration!: number | null;
  trip_difficulty_code!: string | null;
  trip_difficulty_label!: string | null;
  trip_price!: number | null;
  trip_currency!: string;
  group_size_limit!: number | null;
  current_bookings!: number;
  trip_description!: string | null;
  special_requirements!: string | null;
  trip_status!: TripStatus;
  source_newsletter_id!: number | null;
  view_count!: number;
  extracted_at!: Date;
  created_at!: Date;
  updated_at!: Date;
  diving_center_name!: string | null;
  diving_center_country!: string | null;
  diving_center_region!: string | null;
  /** The deepest max_depth of the trip's sites */
  max_depth!: number | null;
  /** The center's coordinates */
  latitude!: number | null;
  longitude!: number | null;
  /** The newsletter the trip came from: admins and moderators only (else null) */
  newsletter_content!: string | null;
  dives!: ParsedDiveResponseDto[];
}

export class DiveTripListResponseDto {
  items!: DiveTripResponseDto[];
  total!: number;
  page!: number;
  size!: number;
  pages!: number;
}
