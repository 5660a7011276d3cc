import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { hasAnyRole, type AuthenticatedUser } from '../../common/auth/authenticated-user';
import { toEnvelopeB, type EnvelopeB } from '../../common/pagination/envelope-b';
import { resolveSort } from '../../common/pagination/sorting';
import { toPlainText } from '../../common/text/plain-text';
import { DifficultyService } from '../difficulty/difficulty.service';
import { toDiveTripResponse } from './dive-trip.mapper';
import type { CreateDiveTripDto, ParsedDiveInputDto } from './dto/create-dive-trip.dto';
import type { DiveTripResponseDto } from './dto/dive-trip.response.dto';
import type { UpdateDiveTripDto } from './dto/update-dive-trip.dto';
import { DIVE_TRIP_SORT_FIELDS, type ListDiveTripsQueryDto } from './dto/list-dive-trips.query.dto';
import { ParsedDive } from './entities/parsed-dive.entity';
import { ParsedDiveTrip } from './entities/parsed-dive-trip.entity';
import type { ParsedTripDraft } from './parser/newsletter-parser';
import { TripsRepository, type DiveValues, type TripSortField, type TripValues } from './trips.repository';

export const TRIP_NOT_FOUND = 'Trip not found';
export const CENTER_REQUIRED = 'diving_center_id is required';
export const CENTER_NOT_FOUND = 'Diving center not found';

const SORT_ALIASES: Record<string, TripSortField> = { price: 'trip_price', duration: 'trip_duration' };

export type { DiveValues };

const isStaff = (caller?: AuthenticatedUser) => !!caller && hasAnyRole(caller, ['admin', 'moderator']);

/**
 * Dive trips (`/newsletters/trips`, spec/api.md §11): the public list (envelope B) with its filters and
 * sorts, the detail, and the writes of admins and moderators. A trip and its dives are always written
 * in one transaction; `dives` in a request replaces the whole set.
 *
 * Decisions against the original's bugs: `trip_status` filters on its own; unknown enum values are a
 * 422; anonymous callers see the two earliest matching trips of each center (trips without a center
 * are not listed to them), applied in SQL before paging so `total` and `pages` describe what they can
 * page through (the original trimmed the fetched page and kept the untrimmed total); search_query and
 * location_query filter for everyone; sort_by=distance without user_lat and user_lon sorts by date.
 */
@Injectable()
export class DiveTripsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trips: TripsRepository,
    private readonly difficulty: DifficultyService,
  ) {}

  async list(
    query: ListDiveTripsQueryDto,
    caller?: AuthenticatedUser,
  ): Promise<EnvelopeB<DiveTripResponseDto>> {
    const sort = resolveSort(
      { sort_by: query.sort_by, sort_order: query.sort_order },
      {
        allowed: DIVE_TRIP_SORT_FIELDS,
        defaultField: 'trip_date',
        defaultOrder: 'desc',
        adminOnly: ['popularity'],
        isAdmin: caller?.isAdmin ?? false,
      },
    );
    const field = SORT_ALIASES[sort.field] ?? (sort.field as TripSortField);
    const from =
      query.user_lat !== undefined && query.user_lon !== undefined
        ? { lat: query.user_lat, lon: query.user_lon }
        : undefined;
    const difficultyId = query.difficulty_code
      ? (await this.difficulty.byCode(query.difficulty_code))?.id
      : undefined;
    const page = query.page ?? 1;
    const size = query.page_size ?? 100;
    const { ids, total } = await this.trips.listTripIds(
      {
        startDate: query.start_date,
        endDate: query.end_date,
        divingCenterId: query.diving_center_id,
        diveSiteId: query.dive_site_id,
        tripStatus: query.trip_status,
        minPrice: query.min_price,
        maxPrice: query.max_price,
        minDuration: query.min_duration,
        maxDuration: query.max_duration,
        difficultyId,
        excludeUnspecifiedDifficulty: query.exclude_unspecified_difficulty,
        searchQuery: query.search_query || undefined,
        locationQuery: query.location_query || undefined,
        country: query.country || undefined,
        region: query.region || undefined,
      },
      { field: field === 'distance' && !from ? 'trip_date' : field, order: sort.order, from },
      { offset: (page - 1) * size, limit: size },
      !caller,
    );
    return toEnvelopeB(await this.responses(ids, caller), total, page, size);
  }

  /** A trip for an authenticated caller; counts the view (updated_at unchanged). */
  async get(id: number, caller: AuthenticatedUser): Promise<DiveTripResponseDto> {
    const [trip] = await this.responses([id], caller);
    if (!trip) throw new NotFoundException(TRIP_NOT_FOUND);
    await this.trips.incrementViewCount(id);
    return { ...trip, view_count: trip.view_count + 1 };
  }

  async create(dto: CreateDiveTripDto, caller: AuthenticatedUser): Promise<DiveTripResponseDto> {
    if (dto.diving_center_id === undefined || dto.diving_center_id === null) {
      throw new BadRequestException(CENTER_REQUIRED);
    }
    const centerId = dto.diving_center_id;
    const difficultyId = await this.difficulty.idForCode(dto.trip_difficulty_code, 'trip_difficulty_code');
    return this.dataSource.transaction(async (em) => {
      if (!(await this.trips.centerExists(centerId, em))) throw new NotFoundException(CENTER_NOT_FOUND);
      const dives = await this.checkedDives(dto.dives ?? [], em);
      const trip = em.getRepository(ParsedDiveTrip).create({
        divingCenterId: centerId,
        tripDate: dto.trip_date,
        tripTime: dto.trip_time ?? null,
        tripDuration: dto.trip_duration ?? null,
        tripDifficultyId: difficultyId ?? null,
        tripPrice: dto.trip_price ?? null,
        tripCurrency: dto.trip_currency ?? 'EUR',
        groupSizeLimit: dto.group_size_limit ?? null,
        currentBookings: dto.current_bookings ?? 0,
        tripDescription: dto.trip_description ?? null,
        specialRequirements: dto.special_requirements ?? null,
        tripStatus: dto.trip_status ?? 'scheduled',
        sourceNewsletterId: null,
      });
      await em.getRepository(ParsedDiveTrip).insert(trip);
      await this.insertDives(trip.id, dives, em);
      const [created] = await this.responses([trip.id], caller, em);
      return created;
    });
  }

  async update(id: number, dto: UpdateDiveTripDto, caller: AuthenticatedUser): Promise<DiveTripResponseDto> {
    const difficultyId =
      dto.trip_difficulty_code === undefined
        ? undefined
        : await this.difficulty.idForCode(dto.trip_difficulty_code, 'trip_difficulty_code');
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(ParsedDiveTrip);
      const trip = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!trip) throw new NotFoundException(TRIP_NOT_FOUND);
      if (dto.diving_center_id !== undefined && dto.diving_center_id !== null) {
        if (!(await this.trips.centerExists(dto.diving_center_id, em)))
          throw new NotFoundException(CENTER_NOT_FOUND);
        trip.divingCenterId = dto.diving_center_id;
      }
      // Required columns: null leaves them as they are. Optional ones: null clears.
      if (dto.trip_date != null) trip.tripDate = dto.trip_date;
      if (dto.trip_currency != null) trip.tripCurrency = dto.trip_currency;
      if (dto.trip_status != null) trip.tripStatus = dto.trip_status;
      if (dto.current_bookings != null) trip.currentBookings = dto.current_bookings;
      if (dto.trip_time !== undefined) trip.tripTime = dto.trip_time;
      if (dto.trip_duration !== undefined) trip.tripDuration = dto.trip_duration;
      if (difficultyId !== undefined) trip.tripDifficultyId = difficultyId;
      if (dto.trip_price !== undefined) trip.tripPrice = dto.trip_price;
      if (dto.group_size_limit !== undefined) trip.groupSizeLimit = dto.group_size_limit;
      if (dto.trip_description !== undefined) trip.tripDescription = dto.trip_description;
      if (dto.special_requirements !== undefined) trip.specialRequirements = dto.special_requirements;
      await repo.save(trip);
      if (dto.dives !== undefined) {
        const dives = await this.checkedDives(dto.dives ?? [], em);
        await em.getRepository(ParsedDive).delete({ tripId: id });
        await this.insertDives(id, dives, em);
      }
      const [updated] = await this.responses([id], caller, em);
      return updated;
    });
  }

  async remove(id: number): Promise<void> {
    const result = await this.dataSource.getRepository(ParsedDiveTrip).delete({ id });
    if (!result.affected) throw new NotFoundException(TRIP_NOT_FOUND);
  }

  /**
   * Writes parsed trips of a newsletter (inside the caller's transaction): difficulty codes become ids,
   * free text is stored as plain text (D23). All the trips go in one multi-row INSERT, then all their
   * dives in another (TripsRepository.insertTrips/insertDives), so a newsletter of many trips costs a
   * few statements, and the caller's transaction keeps them all or none.
   */
  async insertDrafts(
    drafts: ParsedTripDraft[],
    newsletterId: number,
    divingCenterId: number | null,
    em: EntityManager,
  ): Promise<number> {
    const trips: TripValues[] = [];
    for (const draft of drafts) {
      const difficultyId = draft.trip_difficulty_code
        ? ((await this.difficulty.byCode(draft.trip_difficulty_code))?.id ?? null)
        : null;
      trips.push({
        divingCenterId,
        tripDate: draft.trip_date,
        tripTime: draft.trip_time,
        tripDuration: draft.trip_duration,
        tripDifficultyId: difficultyId,
        tripPrice: draft.trip_price,
        tripCurrency: draft.trip_currency,
        groupSizeLimit: draft.group_size_limit,
        currentBookings: 0,
        tripDescription: plain(draft.trip_description),
        specialRequirements: plain(draft.special_requirements),
        tripStatus: 'scheduled',
        sourceNewsletterId: newsletterId,
      });
    }
    const ids = await this.trips.insertTrips(trips, em);
    await this.trips.insertDives(
      drafts.flatMap((draft, i) =>
        draft.dives.map((d) => ({
          tripId: ids[i],
          diveSiteId: d.dive_site_id,
          diveNumber: d.dive_number,
          diveTime: d.dive_time,
          diveDuration: d.dive_duration,
          diveDescription: plain(d.dive_description),
        })),
      ),
      em,
    );
    return drafts.length;
  }

  /** Trips as the API shows them to `caller`, in the order of `ids`. */
  async responses(
    ids: number[],
    caller?: AuthenticatedUser,
    em?: EntityManager,
  ): Promise<DiveTripResponseDto[]> {
    const trips = await this.trips.loadTrips(ids, em);
    const dives = await this.trips.loadDives(
      trips.map((t) => t.id),
      em,
    );
    const siteIds = [...new Set(dives.map((d) => d.dive_site_id).filter((id): id is number => id !== null))];
    const tags = await this.trips.loadSiteTags(siteIds, em);
    const userDives = caller
      ? await this.trips.userDives(
          caller.id,
          dives
            .filter((d) => d.dive_site_id !== null)
            .map((d) => ({
              date: trips.find((t) => t.id === d.trip_id)!.trip_date,
              siteId: d.dive_site_id!,
            })),
          em,
        )
      : [];
    // Admins and moderators see the newsletter a trip came from; nobody else's query reads it.
    const newsletters = isStaff(caller)
      ? await this.trips.newsletterContents(
          trips.map((t) => t.source_newsletter_id).filter((id): id is number => id !== null),
          em,
        )
      : new Map<number, string>();
    const context = { levels: await this.difficulty.list(), tags, userDives, newsletters };
    return trips.map((trip) =>
      toDiveTripResponse(
        trip,
        dives.filter((d) => d.trip_id === trip.id),
        context,
      ),
    );
  }

  /** The dives of a request, their sites checked (404 naming the first unknown site). */
  private async checkedDives(dives: ParsedDiveInputDto[], em: EntityManager): Promise<DiveValues[]> {
    const siteIds = [...new Set(dives.map((d) => d.dive_site_id).filter((id): id is number => !!id))];
    const existing = await this.trips.existingSiteIds(siteIds, em);
    const missing = siteIds.find((id) => !existing.has(id));
    if (missing !== undefined) throw new NotFoundException(`Dive site with ID ${missing} not found`);
    return dives.map((d, i) => ({
      diveSiteId: d.dive_site_id ?? null,
      diveNumber: d.dive_number ?? i + 1,
      diveTime: d.dive_time ?? null,
      diveDuration: d.dive_duration ?? null,
      diveDescription: d.dive_description ?? null,
    }));
  }

  private async insertDives(tripId: number, dives: DiveValues[], em: EntityManager): Promise<void> {
    await this.trips.insertDives(
      dives.map((d) => ({ tripId, ...d })),
      em,
    );
  }
}

function plain(text: string | null): string | null {
  if (text === null) return null;
  const cleaned = toPlainText(text);
  return cleaned.length > 0 ? cleaned : null;
}
