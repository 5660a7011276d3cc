import {
  BadRequestException,
  Injectable,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { cellsWithin } from '../../common/geo/cells';
import { RetryLaterException } from '../../common/http/retry-later';
import { lockName, NamedLockTimeoutError, withNamedLocks } from '../../database/named-lock';
import { flavourOfOptions, spatialSql, type SpatialSql } from '../../database/spatial';
import { DifficultyService } from '../difficulty/difficulty.service';
import { DiveSiteAccessPolicy } from './dive-site-access.policy';
import { SiteSearchIndex } from './site-search-index.service';
import { DiveSitePresenter } from './dive-site.presenter';
import {
  CREATE_BUSY,
  CREATE_BUSY_RETRY_AFTER_S,
  CREATE_LOCK_TIMEOUT_S,
  DIVE_SITE_NOT_FOUND,
  SIMILAR_NAME_DISTANCE_M,
  toStoredCoordinate,
  unprocessable,
} from './dive-site-rules';
import { DiveSiteSpatialService, type NameVerdicts } from './dive-site-spatial.service';
import type { CreateDiveSiteDto } from './dto/create-dive-site.dto';
import type { DiveSiteResponseDto } from './dto/dive-site.response.dto';
import type { UpdateDiveSiteDto } from './dto/update-dive-site.dto';
import { DiveSite } from './entities/dive-site.entity';
import { siteNameMatcher } from '../../common/text/site-name-similarity';

/** Added to the 50 km radius when choosing the cells to lock: covers rounding at the disc's edge. */
const LOCK_RADIUS_MARGIN_M = 100;

/**
 * The writes of dive sites (spec/api.md §6 with "Our rules", DECISIONS.md D19, D21, D22): create with
 * the proximity check under per-area locks, update, archive/delete and restore. `location` is written
 * with the server's point expression in the same statement as the coordinates.
 */
@Injectable()
export class DiveSiteWritesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly difficulty: DifficultyService,
    private readonly access: DiveSiteAccessPolicy,
    private readonly presenter: DiveSitePresenter,
    private readonly spatialQueries: DiveSiteSpatialService,
    private readonly searchIndex: SiteSearchIndex,
  ) {}

  private get spatial() {
    return spatialSql(flavourOfOptions(this.dataSource.options));
  }

  /**
   * Creates a site owned by the caller. Refused with 409 when a live site lies within 50 m, or one
   * with a similar name within 50 km (D19, D21); `moderation_needed` is accepted and ignored.
   *
   * Check-then-insert, serialised per AREA (no unique key can express "within 50 m"; one global lock
   * made every creator in the world wait for each other while holding a pool connection):
   * - The globe is cut into cells of about 1° × 1° and wider (common/geo/cells.ts). A creator takes
   *   the named lock (GET_LOCK) of every cell its 50 km disc touches — 1 to 4 cells, a few more near
   *   the poles, where one polar cell covers each pole — in one fixed order, so no two creators
   *   deadlock. Two creators whose new sites are within 50 km of each other always share a cell (the
   *   one the other's site lies in), so one of them sees the other's committed row; creators farther
   *   apart never wait for each other. Named locks rather than `SELECT … FOR UPDATE` on a cell table:
   *   no table, no migration, and they die with their connection (DECISIONS.md D9 uses the same).
   * - First a check without any lock, with no connection held: most duplicates get their 409 here,
   *   and the similarity of every nearby name is judged outside the lock. Then, under the locks, the
   *   decisive re-check and the insert: only names it has not judged yet (sites created meanwhile) are
   *   compared, so the locks are held for one indexed query, the insert and the response's reads.
   * - Everything under the locks runs on the lock's connection (the presenter's queries included, the
   *   difficulty levels are loaded before): a creator never holds one connection while waiting for a
   *   second, so a small pool cannot starve.
   * - Locks not taken within CREATE_LOCK_TIMEOUT_S: 503 CREATE_BUSY with Retry-After, never a 500.
   * - Sites without coordinates have no proximity rule: no lock.
   */
  async create(dto: CreateDiveSiteDto, caller: AuthenticatedUser): Promise<DiveSiteResponseDto> {
    const lat = dto.latitude ?? null;
    const lng = dto.longitude ?? null;
    if ((lat === null) !== (lng === null)) {
      throw unprocessable(
        lat === null ? 'latitude' : 'longitude',
        'Give both latitude and longitude, or neither',
      );
    }
    const difficultyId = await this.difficulty.idForCode(dto.difficulty_code);
    await this.difficulty.list(); // cached: the presenter then needs no query of its own
    const spatial = this.spatial;
    if (lat === null || lng === null) {
      return this.dataSource.transaction((em) =>
        this.insertSite(dto, caller, difficultyId, null, spatial, em),
      );
    }
    const point = { lat: toStoredCoordinate(lat), lng: toStoredCoordinate(lng) };
    const matches = siteNameMatcher(dto.name);
    const verdicts: NameVerdicts = new Map();
    await this.spatialQueries.assertNotTooClose(matches, { lat, lng }, this.dataSource.manager, verdicts);

    const locks = cellsWithin(point, SIMILAR_NAME_DISTANCE_M + LOCK_RADIUS_MARGIN_M).map((cell) =>
      lockName(this.dataSource, `dive_sites:create:${cell.band}:${cell.index}`),
    );
    try {
      return await withNamedLocks(this.dataSource, locks, CREATE_LOCK_TIMEOUT_S, async (lockRunner) => {
        await this.spatialQueries.assertNotTooClose(matches, { lat, lng }, lockRunner.manager, verdicts);
        return this.insertSite(dto, caller, difficultyId, point, spatial, lockRunner.manager);
      });
    } catch (error) {
      if (error instanceof NamedLockTimeoutError) throw createBusy(error);
      throw error;
    }
  }

  private async insertSite(
    dto: CreateDiveSiteDto,
    caller: AuthenticatedUser,
    difficultyId: number | null | undefined,
    point: { lat: number; lng: number } | null,
    spatial: SpatialSql,
    manager: EntityManager,
  ): Promise<DiveSiteResponseDto> {
    return manager.transaction(async (em) => {
      const result = await em
        .createQueryBuilder()
        .insert()
        .into(DiveSite)
        .values({
          name: dto.name,
          description: dto.description ?? null,
          latitude: point?.lat ?? null,
          longitude: point?.lng ?? null,
          address: dto.address ?? null,
          accessInstructions: dto.access_instructions ?? null,
          divePlans: dto.dive_plans ?? null,
          gasTanksNecessary: dto.gas_tanks_necessary ?? null,
          difficultyId: difficultyId ?? null,
          marineLife: dto.marine_life ?? null,
          safetyInformation: dto.safety_information ?? null,
          maxDepth: dto.max_depth ?? null,
          country: dto.country ?? null,
          region: dto.region ?? null,
          createdBy: caller.id,
          location: () => (point ? spatial.point(':lng', ':lat') : spatial.sentinel()),
        })
        .setParameters(point ? { lng: point.lng, lat: point.lat } : {})
        .execute();
      const id = Number((result.identifiers[0] as { id: number }).id);
      await this.searchIndex.refresh([id], em);
      return this.presenter.byId(id, caller, em);
    });
  }

  /**
   * Changes any subset of a site's fields (admin, moderator or creator; D19). Coordinates cannot be
   * emptied (422) and stay both-or-neither; `location` follows them in the same statement.
   */
  async update(id: number, dto: UpdateDiveSiteDto, caller: AuthenticatedUser): Promise<DiveSiteResponseDto> {
    const difficultyId = await this.difficulty.idForCode(dto.difficulty_code);
    const spatial = this.spatial;
    return this.dataSource.transaction(async (em) => {
      const site = await this.access.requireVisibleSite(id, caller, em);
      this.access.assertCanEdit(site, caller);
      const changes: QueryDeepPartialEntity<DiveSite> = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.description !== undefined) changes.description = dto.description;
      if (dto.address !== undefined) changes.address = dto.address;
      if (dto.access_instructions !== undefined) changes.accessInstructions = dto.access_instructions;
      if (dto.dive_plans !== undefined) changes.divePlans = dto.dive_plans;
      if (dto.gas_tanks_necessary !== undefined) changes.gasTanksNecessary = dto.gas_tanks_necessary;
      if (dto.difficulty_code !== undefined) changes.difficultyId = difficultyId ?? null;
      if (dto.marine_life !== undefined) changes.marineLife = dto.marine_life;
      if (dto.safety_information !== undefined) changes.safetyInformation = dto.safety_information;
      if (dto.max_depth !== undefined) changes.maxDepth = dto.max_depth;
      if (dto.country !== undefined) changes.country = dto.country;
      if (dto.region !== undefined) changes.region = dto.region;

      const params: Record<string, unknown> = { id };
      if (dto.latitude !== undefined || dto.longitude !== undefined) {
        const lat = dto.latitude ?? site.latitude;
        const lng = dto.longitude ?? site.longitude;
        if (lat === null || lng === null) {
          throw unprocessable(
            lat === null ? 'latitude' : 'longitude',
            'Give both latitude and longitude, or neither',
          );
        }
        params.lat = toStoredCoordinate(lat);
        params.lng = toStoredCoordinate(lng);
        changes.latitude = params.lat as number;
        changes.longitude = params.lng as number;
        changes.location = () => spatial.point(':lng', ':lat');
      }
      if (Object.keys(changes).length > 0) {
        await em
          .createQueryBuilder()
          .update(DiveSite)
          .set(changes)
          .where('id = :id')
          .setParameters(params)
          .execute();
        if (dto.name !== undefined || dto.description !== undefined || dto.country !== undefined || dto.region !== undefined) {
          await this.searchIndex.refresh([id], em);
        }
      }
      return this.presenter.byId(id, caller, em);
    });
  }

  // ---- delete, restore ---------------------------------------------------------------------------

  /**
   * Archives the site (admin or creator), or with `force` deletes it for good (admins only; its
   * aliases, media, ratings, comments and tags go with it, dives keep their log with no site: D5).
   */
  async remove(id: number, force: boolean, caller: AuthenticatedUser): Promise<string> {
    const site = await this.access.requireVisibleSite(id, caller);
    this.access.assertCanDelete(site, caller, force);
    if (force) {
      await this.dataSource.getRepository(DiveSite).delete({ id });
      return 'Dive site permanently deleted';
    }
    if (!site.deletedAt) {
      await this.dataSource.query('UPDATE dive_sites SET deleted_at = CURRENT_TIMESTAMP(6) WHERE id = ?', [
        id,
      ]);
    }
    return 'Dive site archived successfully';
  }

  /** Brings an archived site back (admins); 400 when it is not archived. */
  async restore(id: number): Promise<string> {
    const site = await this.dataSource.getRepository(DiveSite).findOne({ where: { id } });
    if (!site) throw new NotFoundException(DIVE_SITE_NOT_FOUND);
    if (!site.deletedAt) throw new BadRequestException('Dive site is not archived');
    await this.dataSource.query('UPDATE dive_sites SET deleted_at = NULL WHERE id = ?', [id]);
    return 'Dive site restored successfully';
  }
}

/** The 503 of a create whose area stays locked (CREATE_LOCK_TIMEOUT_S): the client retries. */
function createBusy(cause: NamedLockTimeoutError): ServiceUnavailableException {
  return new RetryLaterException(
    { message: CREATE_BUSY, detail: CREATE_BUSY, error: 'site_creation_busy' },
    CREATE_BUSY_RETRY_AFTER_S,
    cause,
  );
}
