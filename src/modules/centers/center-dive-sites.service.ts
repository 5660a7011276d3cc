import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type { BoundedList, ListWindow } from '../../common/pagination/bounded-list';
import { isDuplicateKeyError } from '../../database/errors';
import { DiveSiteAccessPolicy } from '../sites/dive-site-access.policy';
import { SiteReadModel } from '../sites/site.read-model';
import { decimal } from './diving-center.mapper';
import { DivingCentersService } from './diving-centers.service';
import type {
  CenterDiveSiteLinkResponseDto,
  CenterDiveSiteResponseDto,
  SiteDivingCenterResponseDto,
} from './dto/center-dive-site.response.dto';
import type { NearbyDivingCenterResponseDto } from './dto/diving-center.response.dto';

export const ALREADY_LINKED = 'Diving center is already associated with this dive site';
export const NOT_LINKED = 'Diving center is not associated with this dive site';
export const LINK_REMOVED = 'Diving center removed from dive site successfully';
export const NO_COORDINATES = 'Dive site does not have location coordinates';
export const NOT_ENOUGH_PERMISSIONS = 'Not enough permissions';

/** What a link write needs: which pair, and the price of a dive. */
export interface LinkRequest {
  centerId: number;
  siteId: number;
  diveCost?: number | null;
  currency?: string;
}

/**
 * The dive sites a center goes to, with the price of a dive (center_dive_sites), seen from both
 * sides: `/diving-centers/{id}/dive-sites` and `/dive-sites/{id}/diving-centers`, plus the centers
 * near a site. One link per pair (DECISIONS.md D6): a duplicate, from a race too, is the contract's
 * 400. Archived sites are 404 for everyone but admins, and a site's center links are changed by
 * admins, moderators and the site's creator (D19) — both rules are the sites module's.
 */
@Injectable()
export class CenterDiveSitesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly centers: DivingCentersService,
    private readonly siteAccess: DiveSiteAccessPolicy,
  ) {}

  /** `GET /dive-sites/{id}/diving-centers`: a window of the site's centers by name (then id), and their total. */
  async centersOfSite(
    siteId: number,
    caller: AuthenticatedUser | undefined,
    window: ListWindow,
  ): Promise<BoundedList<SiteDivingCenterResponseDto>> {
    await this.siteAccess.requireVisibleSite(siteId, caller);
    const rows = await this.dataSource.query<
      Array<
        Omit<SiteDivingCenterResponseDto, 'latitude' | 'longitude' | 'dive_cost'> & Record<string, unknown>
      >
    >(
      `SELECT c.id, c.name, c.description, c.email, c.phone, c.website, c.latitude, c.longitude, l.dive_cost, l.currency
         FROM center_dive_sites l JOIN diving_centers c ON c.id = l.diving_center_id
        WHERE l.dive_site_id = ? ORDER BY c.name, c.id LIMIT ? OFFSET ?`,
      [siteId, window.limit, window.offset],
    );
    const [{ total }] = await this.dataSource.query<Array<{ total: number | string }>>(
      'SELECT COUNT(*) AS total FROM center_dive_sites WHERE dive_site_id = ?',
      [siteId],
    );
    const items = rows.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      email: r.email,
      phone: r.phone,
      website: r.website,
      latitude: decimal(r.latitude as string | null),
      longitude: decimal(r.longitude as string | null),
      dive_cost: decimal(r.dive_cost as string | null),
      currency: r.currency,
    }));
    return { items, total: Number(total) };
  }

  /**
   * `GET /diving-centers/{id}/dive-sites`: a window of the center's sites by name (then id), and
   * their total (archived sites only for admins).
   */
  async sitesOfCenter(
    centerId: number,
    caller: AuthenticatedUser | undefined,
    window: ListWindow,
  ): Promise<BoundedList<CenterDiveSiteResponseDto>> {
    await this.centers.requireExists(centerId);
    const from = `FROM center_dive_sites l JOIN ${SiteReadModel.sites} s ON s.id = l.dive_site_id
        WHERE l.diving_center_id = ?${caller?.isAdmin ? '' : ' AND s.deleted_at IS NULL'}`;
    const rows = await this.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT s.id, s.name, s.description, s.latitude, s.longitude, s.country, s.region, l.dive_cost, l.currency
         ${from}
        ORDER BY s.name, s.id LIMIT ? OFFSET ?`,
      [centerId, window.limit, window.offset],
    );
    const [{ total }] = await this.dataSource.query<Array<{ total: number | string }>>(
      `SELECT COUNT(*) AS total ${from}`,
      [centerId],
    );
    const items = rows.map((r) => ({
      id: r.id as number,
      name: r.name as string,
      description: r.description as string | null,
      latitude: decimal(r.latitude as string | null),
      longitude: decimal(r.longitude as string | null),
      country: r.country as string | null,
      region: r.region as string | null,
      dive_cost: decimal(r.dive_cost as string | null),
      currency: r.currency as string,
    }));
    return { items, total: Number(total) };
  }

  /**
   * Links a center and a site. From the site's side the site's creator may do it too (D19); from the
   * center's side only admins and moderators (the route's @Roles).
   */
  async link(
    request: LinkRequest,
    caller: AuthenticatedUser,
    from: 'site' | 'center',
  ): Promise<CenterDiveSiteLinkResponseDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const site = await this.siteAccess.requireVisibleSite(request.siteId, caller, em);
        if (from === 'site') this.siteAccess.assertCanEdit(site, caller, NOT_ENOUGH_PERMISSIONS);
        await this.centers.requireExists(request.centerId, em, true);
        const existing = await em.query<unknown[]>(
          'SELECT id FROM center_dive_sites WHERE diving_center_id = ? AND dive_site_id = ?',
          [request.centerId, request.siteId],
        );
        if (existing.length > 0) throw new BadRequestException(ALREADY_LINKED);
        const result = await em.query<{ insertId: number }>(
          'INSERT INTO center_dive_sites (diving_center_id, dive_site_id, dive_cost, currency) VALUES (?, ?, ?, ?)',
          [request.centerId, request.siteId, request.diveCost ?? null, request.currency ?? 'EUR'],
        );
        const [row] = await em.query<Array<Record<string, unknown>>>(
          'SELECT id, dive_site_id, diving_center_id, dive_cost, currency, created_at FROM center_dive_sites WHERE id = ?',
          [result.insertId],
        );
        return {
          id: row.id as number,
          dive_site_id: row.dive_site_id as number,
          diving_center_id: row.diving_center_id as number,
          dive_cost: decimal(row.dive_cost as string | null),
          currency: row.currency as string,
          created_at: row.created_at as Date,
        };
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new BadRequestException(ALREADY_LINKED);
      throw error;
    }
  }

  /** Removes a link (404 for an unknown site or center, or when they are not linked). */
  async unlink(
    centerId: number,
    siteId: number,
    caller: AuthenticatedUser,
    from: 'site' | 'center',
  ): Promise<void> {
    const site = await this.siteAccess.requireVisibleSite(siteId, caller);
    if (from === 'site') this.siteAccess.assertCanEdit(site, caller, NOT_ENOUGH_PERMISSIONS);
    await this.centers.requireExists(centerId);
    const result = await this.dataSource.query<{ affectedRows: number }>(
      'DELETE FROM center_dive_sites WHERE diving_center_id = ? AND dive_site_id = ?',
      [centerId, siteId],
    );
    if (!result.affectedRows) throw new NotFoundException(NOT_LINKED);
  }

  /** Centers near a site (the site's coordinates as the search point); 400 for a site without them. */
  async centersNearSite(
    siteId: number,
    radiusKm: number,
    limit: number,
    caller: AuthenticatedUser | undefined,
  ): Promise<NearbyDivingCenterResponseDto[]> {
    const site = await this.siteAccess.requireVisibleSite(siteId, caller);
    if (site.latitude === null || site.longitude === null) throw new BadRequestException(NO_COORDINATES);
    return this.centers.nearby({ lat: site.latitude, lng: site.longitude }, radiusKm, limit);
  }
}
