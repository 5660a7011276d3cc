import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { mapBounded, type BoundedList, type ListWindow } from '../../common/pagination/bounded-list';
import { omitNullFields, type WithoutNulls } from '../../common/pagination/envelope';
import {
  pageMeta,
  toPageRequest,
  type PageEnvelope,
  type PageRequest,
} from '../../common/pagination/pagination';
import { resolveSort } from '../../common/pagination/sorting';
import { booleanQuery, searchWords, type MatchType } from '../../common/text/search-text';
import { DivingCentersService } from '../centers/diving-centers.service';
import { DifficultyService } from '../difficulty/difficulty.service';
import { DiveSiteAccessPolicy } from '../sites/dive-site-access.policy';
import { resolveBoundingBox, SITE_BBOX_MARGIN } from '../../common/geo/bbox';
import { TagsService } from '../tags/tags.service';
import { UsersService } from '../users/users.service';
import {
  assertCanRead,
  assertDepths,
  assertMediaUrls,
  DIVE_NOT_FOUND,
  MAX_TAG_FILTERS,
  MY_DIVES_NEEDS_AUTH,
  NOT_AUTHORIZED_VISITED_SITES,
  TOO_MANY_TAG_FILTERS,
  visibilityFor,
} from './dive-rules';
import { diveMatchType } from './dive-search';
import {
  defaultDiveName,
  groupMedia,
  groupTags,
  toDiveResponse,
  toDiveSiteDetails,
  toVisitedSite,
  type DiveExtras,
} from './dive.mapper';
import {
  DivesRepository,
  type DiveFilter,
  type DiveOrder,
  type DiveRow,
  type DiveVisibility,
} from './dives.repository';
import type { CreateDiveDto } from './dto/create-dive.dto';
import type { CreateDiveMediaDto } from './dto/create-dive-media.dto';
import type {
  DiveDetailsResponseDto,
  DiveResponseDto,
  VisitedSiteResponseDto,
} from './dto/dive.response.dto';
import {
  ADMIN_DIVE_SORT_FIELDS,
  ADMIN_ONLY_DIVE_SORT_FIELDS,
  DIVE_SORT_FIELDS,
  type AdminDiveFilterQueryDto,
  type AdminListDivesQueryDto,
  type DiveFilterQueryDto,
  type ListDivesQueryDto,
} from './dto/list-dives.query.dto';
import type { UpdateDiveDto } from './dto/update-dive.dto';
import { Dive } from './entities/dive.entity';

/** The admin list's page size when neither page_size nor limit is given (the original's default). */
export const ADMIN_DEFAULT_PAGE_SIZE = 50;

export const USER_NOT_FOUND = 'User not found';

type DiveListItem = WithoutNulls<DiveResponseDto>;

/** A page and, with `search`, how each of its dives matched (X-Match-Types). */
export type DivePage = PageEnvelope<DiveListItem> & { matchTypes?: Map<number, MatchType> };

/**
 * Dive logs (spec/api.md §8 with "Our rules" 7 and 8; DECISIONS.md D5, D10, D11, D22, D25, D26):
 * list, count, detail, create, update, delete, the admin list, a site's dives and a user's visited
 * sites. Privacy is one rule (visibilityFor / assertCanRead) applied by every read. Multi-table
 * writes run in one transaction and read their result back through it.
 *
 * `users.number_of_dives` is the number of dives the user DECLARES (spec, D3, D16: set through
 * `PUT /users/me`, e.g. dives made before joining); it is never derived from logs, so writing a dive
 * does not touch it. The count of logged (public) dives is derived and shown separately in the public
 * profile (`stats.dives_logged`).
 */
@Injectable()
export class DivesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dives: DivesRepository,
    private readonly siteAccess: DiveSiteAccessPolicy,
    private readonly centers: DivingCentersService,
    private readonly tags: TagsService,
    private readonly difficulty: DifficultyService,
    private readonly users: UsersService,
  ) {}

  // ---- reads ------------------------------------------------------------------------------------

  async list(query: ListDivesQueryDto, caller: AuthenticatedUser | undefined): Promise<DivePage> {
    const request = toPageRequest(query);
    const sort = resolveSort(query, {
      allowed: DIVE_SORT_FIELDS,
      defaultField: 'dive_date',
      defaultOrder: 'desc',
      adminOnly: ADMIN_ONLY_DIVE_SORT_FIELDS,
      isAdmin: caller?.isAdmin ?? false,
    });
    const filter = await this.filterOf(query, caller, visibilityFor(caller), false);
    return this.pageOf(filter, sort, request);
  }

  async count(query: DiveFilterQueryDto, caller: AuthenticatedUser | undefined): Promise<number> {
    return this.dives.count(await this.filterOf(query, caller, visibilityFor(caller), false));
  }

  /** Every dive, private ones included (admins only; the route is @Roles('admin')). */
  async adminList(
    query: AdminListDivesQueryDto,
    caller: AuthenticatedUser,
  ): Promise<PageEnvelope<DiveListItem>> {
    const request: PageRequest =
      query.page_size === undefined && query.limit !== undefined
        ? { page: query.page ?? 1, pageSize: query.limit }
        : toPageRequest({ page: query.page, page_size: query.page_size ?? ADMIN_DEFAULT_PAGE_SIZE });
    const sort = resolveSort(query, {
      allowed: ADMIN_DIVE_SORT_FIELDS,
      defaultField: 'dive_date',
      defaultOrder: 'desc',
    });
    const filter = await this.filterOf(query, caller, { kind: 'all' }, true);
    return this.pageOf(filter, sort, request);
  }

  async adminCount(query: AdminDiveFilterQueryDto, caller: AuthenticatedUser): Promise<number> {
    return this.dives.count(await this.filterOf(query, caller, { kind: 'all' }, true));
  }

  /** One dive with its tags (media: `/details`); counts a view without touching updated_at. */
  async detail(id: number, caller: AuthenticatedUser | undefined): Promise<DiveResponseDto> {
    const row = await this.readableRow(id, caller);
    await this.dives.incrementViewCount(id);
    row.view_count += 1;
    const [response] = await this.present([row]);
    return response;
  }

  /** The dive with the richer site, its media and tags; counts a view like the detail. */
  async details(id: number, caller: AuthenticatedUser | undefined): Promise<DiveDetailsResponseDto> {
    const row = await this.readableRow(id, caller);
    await this.dives.incrementViewCount(id);
    row.view_count += 1;
    const [response] = await this.present([row], undefined, true);
    const site = row.dive_site_id === null ? undefined : await this.dives.siteDetails(row.dive_site_id);
    return {
      ...response,
      dive_site: site ? toDiveSiteDetails(site, await this.difficulty.list()) : null,
    };
  }

  /**
   * The dives at a site the caller may see (public ones and their own), best rated first, then
   * newest (D26). 404 when the site does not exist or is archived (non-admins).
   */
  async atSite(
    siteId: number,
    limit: number,
    caller: AuthenticatedUser | undefined,
  ): Promise<DiveResponseDto[]> {
    await this.siteAccess.requireVisibleSite(siteId, caller);
    const rows = await this.dives.page(
      { visibility: visibilityFor(caller), diveSiteId: siteId },
      { field: 'site' },
      { pageSize: limit },
    );
    return this.present(rows);
  }

  /**
   * The sites a user dived at with their dive counts, most visited first (D26). Only the user
   * themselves or an admin (403 for others); the user sees all their dives, an admin only another
   * user's public ones (admins see archived sites too).
   */
  async visitedSites(
    username: string,
    caller: AuthenticatedUser,
    window: ListWindow,
  ): Promise<BoundedList<VisitedSiteResponseDto>> {
    const isSelf = caller.username.toLowerCase() === username.toLowerCase();
    if (!isSelf && !caller.isAdmin) throw new ForbiddenException(NOT_AUTHORIZED_VISITED_SITES);
    const userId = await this.users.findUnarchivedIdByUsername(username);
    if (userId === null) throw new NotFoundException(USER_NOT_FOUND);
    const own = userId === caller.id;
    const rows = await this.dives.visitedSites(userId, !own, caller.isAdmin, window);
    const levels = await this.difficulty.list();
    return mapBounded(rows, (row) => toVisitedSite(row, levels));
  }

  // ---- writes -----------------------------------------------------------------------------------

  /**
   * Logs a dive for the caller with its tags and media in ONE transaction: an unknown site (404
   * "Dive site not found"), center (404 "Diving center not found") or tag (404 "Tag with ID n not
   * found") leaves nothing behind ("Our rules" 8). The dive is read back through the transaction (D25).
   */
  async create(dto: CreateDiveDto, caller: AuthenticatedUser): Promise<DiveResponseDto> {
    assertDepths(dto.max_depth, dto.average_depth);
    for (const media of dto.media ?? []) assertMediaUrls(media);
    const difficultyId = await this.difficulty.idForCode(dto.difficulty_code);
    return this.dataSource.transaction(async (em) => {
      const site = dto.dive_site_id
        ? await this.siteAccess.requireVisibleSite(dto.dive_site_id, caller, em)
        : null;
      if (dto.diving_center_id) await this.centers.requireExists(dto.diving_center_id, em);
      const result = await em.getRepository(Dive).insert({
        userId: caller.id,
        diveSiteId: site?.id ?? null,
        divingCenterId: dto.diving_center_id ?? null,
        name: dto.name ? dto.name : defaultDiveName(site?.name, dto.dive_date),
        isPrivate: dto.is_private ?? false,
        diveInformation: dto.dive_information ?? null,
        maxDepth: dto.max_depth ?? null,
        averageDepth: dto.average_depth ?? null,
        gasBottlesUsed: dto.gas_bottles_used ?? null,
        suitType: dto.suit_type ?? null,
        difficultyId: difficultyId ?? null,
        visibilityRating: dto.visibility_rating ?? null,
        userRating: dto.user_rating ?? null,
        diveDate: dto.dive_date,
        diveTime: dto.dive_time ?? null,
        duration: dto.duration ?? null,
      });
      const id = (result.identifiers[0] as { id: number }).id;
      if (dto.tags?.length) await this.writeTags(id, dto.tags, em);
      if (dto.media?.length) await this.insertMedia(id, dto.media, em);
      return this.readOne(id, em, true);
    });
  }

  /**
   * Changes a dive: its owner, or an admin (others, moderators included, get 404 "Dive not found":
   * a dive they may not edit is not theirs to know about). `tags` replaces the whole set.
   */
  async update(id: number, dto: UpdateDiveDto, caller: AuthenticatedUser): Promise<DiveResponseDto> {
    const difficultyId = await this.difficulty.idForCode(dto.difficulty_code);
    return this.dataSource.transaction(async (em) => {
      const dive = await this.requireEditable(id, caller, em, true);
      const changes: QueryDeepPartialEntity<Dive> = {};

      let siteChanged = false;
      let siteName: string | null | undefined; // undefined: not looked up yet
      if (dto.dive_site_id !== undefined) {
        const site =
          dto.dive_site_id === null
            ? null
            : await this.siteAccess.requireVisibleSite(dto.dive_site_id, caller, em);
        siteChanged = (site?.id ?? null) !== dive.diveSiteId;
        siteName = site?.name ?? null;
        changes.diveSiteId = site?.id ?? null;
      }
      if (dto.diving_center_id !== undefined) {
        if (dto.diving_center_id !== null) await this.centers.requireExists(dto.diving_center_id, em);
        changes.divingCenterId = dto.diving_center_id;
      }
      if (dto.dive_date !== undefined) changes.diveDate = dto.dive_date;
      if (dto.dive_time !== undefined) changes.diveTime = dto.dive_time;
      if (dto.is_private !== undefined) changes.isPrivate = dto.is_private;
      if (dto.dive_information !== undefined) changes.diveInformation = dto.dive_information;
      if (dto.max_depth !== undefined) changes.maxDepth = dto.max_depth;
      if (dto.average_depth !== undefined) changes.averageDepth = dto.average_depth;
      if (dto.gas_bottles_used !== undefined) changes.gasBottlesUsed = dto.gas_bottles_used;
      if (dto.suit_type !== undefined) changes.suitType = dto.suit_type;
      if (difficultyId !== undefined) changes.difficultyId = difficultyId;
      if (dto.visibility_rating !== undefined) changes.visibilityRating = dto.visibility_rating;
      if (dto.user_rating !== undefined) changes.userRating = dto.user_rating;
      if (dto.duration !== undefined) changes.duration = dto.duration;
      assertDepths(
        dto.max_depth !== undefined ? dto.max_depth : dive.maxDepth,
        dto.average_depth !== undefined ? dto.average_depth : dive.averageDepth,
      );

      // Name: a non-blank name wins; a blank one, or a changed site, regenerates it.
      if (dto.name) {
        changes.name = dto.name;
      } else if (dto.name !== undefined || siteChanged) {
        if (siteName === undefined) {
          siteName = dive.diveSiteId === null ? null : await this.siteAccess.siteName(dive.diveSiteId, em);
        }
        changes.name = defaultDiveName(siteName, dto.dive_date ?? dive.diveDate);
      }

      if (Object.keys(changes).length > 0) {
        await em.getRepository(Dive).update({ id }, changes);
      }
      if (dto.tags !== undefined) {
        await this.writeTags(id, dto.tags, em, true);
        // A new tag set is a change of the dive.
        if (Object.keys(changes).length === 0) {
          await em.query('UPDATE dives SET updated_at = CURRENT_TIMESTAMP(6) WHERE id = ?', [id]);
        }
      }
      return this.readOne(id, em, false);
    });
  }

  /** Deletes a dive (its media and tags go with it): the owner only, others 404. */
  async remove(id: number, caller: AuthenticatedUser): Promise<void> {
    const result = await this.dataSource.getRepository(Dive).delete({ id, userId: caller.id });
    if (!result.affected) throw new NotFoundException(DIVE_NOT_FOUND);
  }

  /** Deletes any dive (admin endpoint). */
  async adminRemove(id: number): Promise<void> {
    const result = await this.dataSource.getRepository(Dive).delete({ id });
    if (!result.affected) throw new NotFoundException(DIVE_NOT_FOUND);
  }

  // ---- shared with the media and tag services ----------------------------------------------------

  /**
   * The dive, locked for this transaction, when the caller may change it: its owner (and admins
   * when `allowAdmin`); 404 "Dive not found" otherwise.
   */
  async requireEditable(
    id: number,
    caller: AuthenticatedUser,
    em: EntityManager,
    allowAdmin = false,
  ): Promise<Dive> {
    const dive = await em.getRepository(Dive).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!dive || (dive.userId !== caller.id && !(allowAdmin && caller.isAdmin))) {
      throw new NotFoundException(DIVE_NOT_FOUND);
    }
    return dive;
  }

  /** The dive's row when the caller may read it: 404 "Dive not found", 403 "This dive is private". */
  async readableRow(id: number, caller: AuthenticatedUser | undefined, em?: EntityManager): Promise<DiveRow> {
    const row = await this.dives.findRow(id, em);
    if (!row) throw new NotFoundException(DIVE_NOT_FOUND);
    assertCanRead(row, caller);
    return row;
  }

  /** Inserts media items of a dive (URLs already checked). */
  async insertMedia(diveId: number, media: CreateDiveMediaDto[], em: EntityManager): Promise<number[]> {
    const ids: number[] = [];
    for (const m of media) {
      const result = await em.query<{ insertId: number }>(
        `INSERT INTO dive_media (dive_id, media_type, url, description, title, thumbnail_url, medium_url)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [
          diveId,
          m.media_type,
          m.url,
          m.description ?? null,
          m.title ?? null,
          m.thumbnail_url ?? null,
          m.medium_url ?? null,
        ],
      );
      ids.push(result.insertId);
    }
    return ids;
  }

  // ---- internals ---------------------------------------------------------------------------------

  /** A page of dives in envelope A (null fields left out): count, page, tags — 3 queries. */
  private async pageOf(
    filter: DiveFilter,
    sort: Extract<DiveOrder, { order: unknown }>,
    request: PageRequest,
  ): Promise<DivePage> {
    const total = await this.dives.count(filter);
    const rows = total === 0 ? [] : await this.dives.page(filter, sort, request);
    const items = await this.present(rows);
    const page = { items: items.map((item) => omitNullFields(item)), ...pageMeta({ total, ...request }) };
    return filter.search ? { ...page, matchTypes: await this.matchTypesOf(filter.search, rows) } : page;
  }

  /** How each dive of a page matched `search`: exact, name (its name, its site's names) or text. */
  private async matchTypesOf(search: string, rows: DiveRow[]): Promise<Map<number, MatchType>> {
    const query = booleanQuery(search);
    const atSites = rows.filter((r) => r.dive_site_id !== null).map((r) => r.id);
    const bySiteName = query ? await this.dives.siteNameMatches(atSites, query) : new Set<number>();
    const phrase = searchWords(search).join(' ');
    return new Map(
      rows.map((r) => {
        // Words too short for the index matched by substring: the site's name contains them.
        const siteNamed = query
          ? bySiteName.has(r.id)
          : phrase.length > 0 && searchWords(r.site_name).join(' ').includes(phrase);
        return [r.id, diveMatchType(search, r, siteNamed)];
      }),
    );
  }

  /** Rows as responses: difficulty from the cached levels, tags (and media) with one query each. */
  private async present(rows: DiveRow[], em?: EntityManager, withMedia = false): Promise<DiveResponseDto[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const extras: DiveExtras = {
      levels: await this.difficulty.list(),
      tags: groupTags(await this.dives.tagsFor(ids, em)),
    };
    if (withMedia) extras.media = groupMedia(await this.dives.mediaFor(ids, em));
    return rows.map((row) => toDiveResponse(row, extras));
  }

  /** A dive as just written, read through the writer's transaction (D25). */
  private async readOne(id: number, em: EntityManager, withMedia: boolean): Promise<DiveResponseDto> {
    const row = await this.dives.findRow(id, em);
    if (!row) throw new NotFoundException(DIVE_NOT_FOUND);
    const [response] = await this.present([row], em, withMedia);
    return response;
  }

  /**
   * Puts these tags on the dive (`replace`: they become its whole set). Unknown ids → 404 "Tag with
   * ID n not found", before anything is written.
   */
  private async writeTags(
    diveId: number,
    tagIds: number[],
    em: EntityManager,
    replace = false,
  ): Promise<void> {
    const ids = [...new Set(tagIds)];
    await this.tags.requireAll(ids, em);
    if (replace) await em.query('DELETE FROM dive_tags WHERE dive_id = ?', [diveId]);
    if (ids.length === 0) return;
    await em.query(
      `INSERT INTO dive_tags (dive_id, tag_id) VALUES ${ids.map(() => '(?, ?)').join(', ')}`,
      ids.flatMap((tagId) => [diveId, tagId]),
    );
  }

  /** The query's filters, checked (400/401/422 of the contract) and resolved. */
  private async filterOf(
    query: DiveFilterQueryDto & { dive_site_ids?: number[] },
    caller: AuthenticatedUser | undefined,
    visibility: DiveVisibility,
    admin: boolean,
  ): Promise<DiveFilter> {
    const filter: DiveFilter = { visibility };
    if (query.tag_ids && query.tag_ids.length > MAX_TAG_FILTERS) {
      throw new BadRequestException(TOO_MANY_TAG_FILTERS);
    }
    if (query.tag_ids?.length) filter.tagIds = query.tag_ids;
    if (query.my_dives) {
      if (!caller) throw new UnauthorizedException(MY_DIVES_NEEDS_AUTH);
      filter.userId = caller.id;
    }
    if (query.user_id !== undefined) {
      // Both given and different: nothing matches.
      if (filter.userId !== undefined && filter.userId !== query.user_id) filter.none = true;
      filter.userId = query.user_id;
    }
    if (query.username) filter.usernameContains = query.username;
    if (query.dive_site_id !== undefined) filter.diveSiteId = query.dive_site_id;
    if (query.dive_site_ids?.length) filter.diveSiteIds = query.dive_site_ids;
    if (query.dive_site_name) filter.diveSiteName = query.dive_site_name;
    if (query.search) {
      if (admin) filter.adminSearch = query.search;
      else filter.search = query.search;
    }
    if (query.difficulty_code) {
      const level = await this.difficulty.byCode(query.difficulty_code);
      if (level) filter.difficultyId = level.id;
      else filter.none = true;
    }
    if (query.exclude_unspecified_difficulty) filter.excludeUnspecifiedDifficulty = true;
    if (query.suit_type) filter.suitType = query.suit_type;
    if (query.min_depth !== undefined) filter.minDepth = query.min_depth;
    if (query.max_depth !== undefined) filter.maxDepth = query.max_depth;
    if (query.min_visibility !== undefined) filter.minVisibility = query.min_visibility;
    if (query.max_visibility !== undefined) filter.maxVisibility = query.max_visibility;
    if (query.min_rating !== undefined) filter.minRating = query.min_rating;
    if (query.max_rating !== undefined) filter.maxRating = query.max_rating;
    if (query.start_date) filter.startDate = query.start_date;
    if (query.end_date) filter.endDate = query.end_date;
    // Dive buddies come later ("Our rules" 12): no dive has a buddy, so a buddy filter matches
    // nothing — except an unknown buddy_username, which the contract drops silently.
    if (query.buddy_id !== undefined) filter.none = true;
    if (query.buddy_username && (await this.users.isEnabledUsername(query.buddy_username))) {
      filter.none = true;
    }

    filter.bbox = resolveBoundingBox(query, SITE_BBOX_MARGIN);
    return filter;
  }
}
