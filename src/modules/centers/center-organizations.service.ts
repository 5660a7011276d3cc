import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  DivingOrganizationsService,
  toOrganizationSummary,
} from '../organizations/diving-organizations.service';
import { isDuplicateKeyError } from '../../database/errors';
import { DivingCentersService } from './diving-centers.service';
import type { AddCenterOrganizationDto } from './dto/add-center-organization.dto';
import type { CenterOrganizationResponseDto } from './dto/center-organization.response.dto';
import type { UpdateCenterOrganizationDto } from './dto/update-center-organization.dto';
import { DivingCenterOrganization } from './entities/diving-center-organization.entity';

export const ORGANIZATION_ALREADY_LINKED = 'Organization is already associated with this diving center';
export const ASSOCIATION_NOT_FOUND = 'Organization association not found';
export const RELATIONSHIP_NOT_FOUND = 'Organization relationship not found';
/** The most organizations `GET /diving-centers/{id}/organizations` returns (see list()). */
export const MAX_CENTER_ORGANIZATIONS = 1000;

/**
 * The organizations a center is affiliated with (spec/api.md §7). At most one is primary: setting
 * `is_primary` clears the center's other primaries in the same transaction, which first locks the
 * center's row — so concurrent changes to one center's links run one after the other and can never
 * leave two primaries. A duplicate link (a race too) is the unique key's 400.
 */
@Injectable()
export class CenterOrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly centers: DivingCentersService,
    private readonly organizations: DivingOrganizationsService,
  ) {}

  /**
   * A center's organizations in the order they were linked. Bounded by nature rather than paged: the
   * unique (center, organization) key (D6) allows one row per diving organization, a short list that
   * admins and moderators keep; the SQL cap is the largest page of `GET /diving-organizations`, so a
   * client that lists every organization can also show every link (issue 13, "every list bounded").
   */
  async list(centerId: number): Promise<CenterOrganizationResponseDto[]> {
    await this.centers.requireExists(centerId);
    const links = await this.dataSource.getRepository(DivingCenterOrganization).find({
      where: { divingCenterId: centerId },
      order: { id: 'ASC' },
      take: MAX_CENTER_ORGANIZATIONS,
    });
    return this.present(links);
  }

  async add(centerId: number, dto: AddCenterOrganizationDto): Promise<CenterOrganizationResponseDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        await this.centers.requireExists(centerId, em, true);
        await this.organizations.require(dto.diving_organization_id, em);
        const repo = em.getRepository(DivingCenterOrganization);
        if (
          await repo.exists({
            where: { divingCenterId: centerId, divingOrganizationId: dto.diving_organization_id },
          })
        ) {
          throw new BadRequestException(ORGANIZATION_ALREADY_LINKED);
        }
        const isPrimary = dto.is_primary ?? false;
        if (isPrimary) await this.clearPrimaries(centerId, undefined, em);
        const link = repo.create({
          divingCenterId: centerId,
          divingOrganizationId: dto.diving_organization_id,
          isPrimary,
        });
        await repo.insert(link);
        return (await this.present([await repo.findOneOrFail({ where: { id: link.id } })], em))[0];
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new BadRequestException(ORGANIZATION_ALREADY_LINKED);
      throw error;
    }
  }

  async update(
    centerId: number,
    linkId: number,
    dto: UpdateCenterOrganizationDto,
  ): Promise<CenterOrganizationResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.centers.requireExists(centerId, em, true);
      const repo = em.getRepository(DivingCenterOrganization);
      const link = await repo.findOne({ where: { id: linkId, divingCenterId: centerId } });
      if (!link) throw new NotFoundException(ASSOCIATION_NOT_FOUND);
      if (dto.is_primary !== undefined) {
        if (dto.is_primary) await this.clearPrimaries(centerId, linkId, em);
        await repo.update({ id: linkId }, { isPrimary: dto.is_primary });
      }
      return (await this.present([await repo.findOneOrFail({ where: { id: linkId } })], em))[0];
    });
  }

  async remove(centerId: number, linkId: number): Promise<void> {
    await this.centers.requireExists(centerId);
    const result = await this.dataSource
      .getRepository(DivingCenterOrganization)
      .delete({ id: linkId, divingCenterId: centerId });
    if (!result.affected) throw new NotFoundException(RELATIONSHIP_NOT_FOUND);
  }

  private async clearPrimaries(
    centerId: number,
    exceptLinkId: number | undefined,
    em: EntityManager,
  ): Promise<void> {
    await em.query(
      'UPDATE diving_center_organizations SET is_primary = 0 WHERE diving_center_id = ? AND is_primary = 1 AND id <> ?',
      [centerId, exceptLinkId ?? 0],
    );
  }

  private async present(
    links: DivingCenterOrganization[],
    em?: EntityManager,
  ): Promise<CenterOrganizationResponseDto[]> {
    const orgs = new Map(
      (
        await this.organizations.findByIds(
          links.map((l) => l.divingOrganizationId),
          em,
        )
      ).map((o) => [o.id, o]),
    );
    return links.flatMap((link) => {
      const org = orgs.get(link.divingOrganizationId);
      if (!org) return [];
      return [
        {
          id: link.id,
          diving_center_id: link.divingCenterId,
          diving_organization_id: link.divingOrganizationId,
          is_primary: link.isPrimary,
          created_at: link.createdAt,
          diving_organization: toOrganizationSummary(org),
        },
      ];
    });
  }
}
