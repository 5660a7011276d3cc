import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type { BoundedList, ListWindow } from '../../common/pagination/bounded-list';
import { isDuplicateKeyError } from '../../database/errors';
import { DiveSiteAccessPolicy } from './dive-site-access.policy';
import { SiteSearchIndex } from './site-search-index.service';
import type { DiveSiteAliasResponseDto } from './dto/dive-site.response.dto';
import { DiveSiteAlias } from './entities/dive-site-alias.entity';

export const ALIAS_EXISTS = 'Alias already exists for this dive site';
export const ALIAS_NOT_FOUND = 'Alias not found';

export function toAliasResponse(alias: DiveSiteAlias): DiveSiteAliasResponseDto {
  return {
    id: alias.id,
    dive_site_id: alias.diveSiteId,
    alias: alias.alias,
    created_at: alias.createdAt,
  };
}

/**
 * Alternative names of a dive site (spec/api.md §6): anyone reads them, admins write them (the
 * controller's @Roles). Unique per site through the (dive_site_id, alias) key, so two racing
 * requests cannot both add the same alias: the loser's duplicate-key error becomes the contract's
 * 400 (D6). The list search reads them (DiveSitesRepository.whereOf).
 */
@Injectable()
export class SiteAliasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly siteAccess: DiveSiteAccessPolicy,
    private readonly searchIndex: SiteSearchIndex,
  ) {}

  /**
   * A window of a site's aliases, oldest first, and their total (404 for a missing site, or an
   * archived one for non-admins).
   */
  async list(
    siteId: number,
    caller: AuthenticatedUser | undefined,
    window: ListWindow,
  ): Promise<BoundedList<DiveSiteAliasResponseDto>> {
    await this.siteAccess.requireVisibleSite(siteId, caller);
    const [aliases, total] = await this.dataSource.getRepository(DiveSiteAlias).findAndCount({
      where: { diveSiteId: siteId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: window.limit,
      skip: window.offset,
    });
    return { items: aliases.map(toAliasResponse), total };
  }

  async create(siteId: number, alias: string, caller: AuthenticatedUser): Promise<DiveSiteAliasResponseDto> {
    return this.unique(() =>
      this.dataSource.transaction(async (em) => {
        await this.siteAccess.requireVisibleSite(siteId, caller, em);
        const repo = em.getRepository(DiveSiteAlias);
        const entity = repo.create({ diveSiteId: siteId, alias });
        await repo.insert(entity);
        await this.searchIndex.refresh([siteId], em);
        return toAliasResponse(await repo.findOneByOrFail({ id: entity.id }));
      }),
    );
  }

  async update(
    siteId: number,
    aliasId: number,
    alias: string,
    caller: AuthenticatedUser,
  ): Promise<DiveSiteAliasResponseDto> {
    return this.unique(() =>
      this.dataSource.transaction(async (em) => {
        await this.siteAccess.requireVisibleSite(siteId, caller, em);
        const existing = await this.requireAlias(siteId, aliasId, em);
        const repo = em.getRepository(DiveSiteAlias);
        await repo.update({ id: existing.id }, { alias });
        await this.searchIndex.refresh([siteId], em);
        return toAliasResponse(await repo.findOneByOrFail({ id: existing.id }));
      }),
    );
  }

  async remove(siteId: number, aliasId: number, caller: AuthenticatedUser): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.siteAccess.requireVisibleSite(siteId, caller, em);
      const result = await em.getRepository(DiveSiteAlias).delete({ id: aliasId, diveSiteId: siteId });
      if (!result.affected) throw new NotFoundException(ALIAS_NOT_FOUND);
      await this.searchIndex.refresh([siteId], em);
    });
  }

  private async requireAlias(siteId: number, aliasId: number, em: EntityManager): Promise<DiveSiteAlias> {
    const alias = await em.getRepository(DiveSiteAlias).findOneBy({ id: aliasId, diveSiteId: siteId });
    if (!alias) throw new NotFoundException(ALIAS_NOT_FOUND);
    return alias;
  }

  /** Runs a write; a duplicate (site, alias) — also one a concurrent request just made — is a 400. */
  private async unique<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new BadRequestException(ALIAS_EXISTS);
      throw error;
    }
  }
}
