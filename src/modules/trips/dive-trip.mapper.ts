import type { DifficultyLevel } from '../difficulty/entities/difficulty-level.entity';
import { DifficultyService } from '../difficulty/difficulty.service';
import type { DiveTripResponseDto, ParsedDiveResponseDto } from './dto/dive-trip.response.dto';
import type { DiveRow, TripRow, UserDiveRow } from './trips.repository';

const num = (value: string | number | null | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);

export interface TripMappingContext {
  levels: DifficultyLevel[];
  tags: Map<number, Array<{ id: number; name: string }>>;
  /** The caller's dives at the trips' sites and dates (empty for anonymous callers) */
  userDives: UserDiveRow[];
  /**
   * The text of the newsletters the trips came from, by id: loaded only for the callers shown it
   * (admins and moderators); for the others this is empty and `newsletter_content` null.
   */
  newsletters: ReadonlyMap<number, string>;
}

/** The caller's dive on the trip's date at the dive's site, the one at the same time first. */
function userDiveFor(trip: TripRow, dive: DiveRow, userDives: UserDiveRow[]): UserDiveRow | undefined {
  if (dive.dive_site_id === null) return undefined;
  const same = userDives.filter(
    (d) => d.dive_site_id === dive.dive_site_id && d.dive_date === trip.trip_date,
  );
  const time = dive.dive_time ?? trip.trip_time;
  return same.find((d) => time !== null && d.dive_time === time) ?? same[0];
}

export function toParsedDiveResponse(
  trip: TripRow,
  dive: DiveRow,
  context: TripMappingContext,
): ParsedDiveResponseDto {
  const userDive = userDiveFor(trip, dive, context.userDives);
  const average = num(dive.dive_site_average_rating);
  return {
    id: dive.id,
    trip_id: dive.trip_id,
    dive_site_id: dive.dive_site_id,
    dive_number: dive.dive_number,
    dive_time: dive.dive_time,
    dive_duration: dive.dive_duration,
    dive_description: dive.dive_description,
    dive_site_name: dive.dive_site_name,
    dive_site_country: dive.dive_site_country,
    dive_site_region: dive.dive_site_region,
    dive_site_average_rating: average === null ? null : Math.round(average * 100) / 100,
    dive_site_tags: dive.dive_site_id !== null ? (context.tags.get(dive.dive_site_id) ?? []) : [],
    latitude: num(dive.latitude),
    longitude: num(dive.longitude),
    user_dive_id: userDive?.id ?? null,
    user_dive_name: userDive?.name ?? null,
    created_at: dive.created_at,
    updated_at: dive.updated_at,
  };
}

export function toDiveTripResponse(
  trip: TripRow,
  dives: DiveRow[],
  context: TripMappingContext,
): DiveTripResponseDto {
  const difficulty = DifficultyService.summaryFrom(context.levels, trip.trip_difficulty_id);
  return {
    id: trip.id,
    diving_center_id: trip.diving_center_id,
    trip_date: trip.trip_date,
    trip_time: trip.trip_time,
    trip_duration: trip.trip_duration,
    trip_difficulty_code: difficulty.difficulty_code,
    trip_difficulty_label: difficulty.difficulty_label,
    trip_price: num(trip.trip_price),
    trip_currency: trip.trip_currency,
    group_size_limit: trip.group_size_limit,
    current_bookings: trip.current_bookings,
    trip_description: trip.trip_description,
    special_requirements: trip.special_requirements,
    trip_status: trip.trip_status,
    source_newsletter_id: trip.source_newsletter_id,
    view_count: trip.view_count,
    extracted_at: trip.extracted_at,
    created_at: trip.created_at,
    updated_at: trip.updated_at,
    diving_center_name: trip.diving_center_name,
    diving_center_country: trip.diving_center_country,
    diving_center_region: trip.diving_center_region,
    max_depth: num(trip.max_depth),
    latitude: num(trip.center_latitude),
    longitude: num(trip.center_longitude),
    newsletter_content:
      trip.source_newsletter_id === null
        ? null
        : (context.newsletters.get(trip.source_newsletter_id) ?? null),
    dives: dives.map((dive) => toParsedDiveResponse(trip, dive, context)),
  };
}
