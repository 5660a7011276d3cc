import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { DIVE_SITE_NOT_FOUND, NOT_AUTHORIZED_TO_DELETE, NOT_AUTHORIZED_TO_UPDATE } from './dive-site-rules';
import { DiveSite } from './entities/dive-site.entity';

/** Archived sites are seen by admins only (D19); every other site by everyone. */
export function isVisibleTo(deletedAt: Date | null, caller: AuthenticatedUser | undefined): boolean {
  return !deletedAt || Boolean(caller?.isAdmin);
}

/**
 * Who may see and change a dive site (D19). SitesModule exports it: the site's sub-resources
 * (aliases, ratings, comments, media, tags), the dives module and the centers' site links build on
 * requireVisibleSite() and assertCanEdit(); the dives module names a dive after its site with siteName().
 */
@Injectable()
export class DiveSiteAccessPolicy {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The site, or 404 "Dive site not found" when it does not exist or is archived and the caller is
   * not an admin (D19).
   */
  async requireVisibleSite(
    id: number,
    caller: AuthenticatedUser | undefined,
    em?: EntityManager,
  ): Promise<DiveSite> {
    const site = await (em ?? this.dataSource.manager).getRepository(DiveSite).findOne({ where: { id } });
    if (!site || !isVisibleTo(site.deletedAt, caller)) throw new NotFoundException(DIVE_SITE_NOT_FOUND);
    return site;
  }

  /**
   * The site's name, archived or not (a dive keeps the site it names); null when there is no such site.
   * No visibility check: for a site the caller already has a link to, e.g. the site of their dive.
   */
  async siteName(id: number, em?: EntityManager): Promise<string | null> {
    const site = await (em ?? this.dataSource.manager)
      .getRepository(DiveSite)
      .findOne({ where: { id }, select: { id: true, name: true } });
    return site?.name ?? null;
  }

  /** Admins, moderators and the site's creator may edit it (and its media, tags, …); others get 403. */
  assertCanEdit(
    site: Pick<DiveSite, 'createdBy'>,
    caller: AuthenticatedUser,
    message = NOT_AUTHORIZED_TO_UPDATE,
  ): void {
    if (caller.isAdmin || caller.isModerator) return;
    if (site.createdBy !== null && site.createdBy === caller.id) return;
    throw new ForbiddenException(message);
  }

  /** Admins and the site's creator may archive it; only admins may delete it for good (`force`). */
  assertCanDelete(site: Pick<DiveSite, 'createdBy'>, caller: AuthenticatedUser, force: boolean): void {
    const isCreator = site.createdBy !== null && site.createdBy === caller.id;
    if (!caller.isAdmin && !isCreator) throw new ForbiddenException(NOT_AUTHORIZED_TO_DELETE);
    if (force && !caller.isAdmin) {
      throw new ForbiddenException('Only admins can permanently delete dive sites');
    }
  }
}
