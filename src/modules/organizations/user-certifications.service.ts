import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import type { BoundedList, ListWindow } from '../../common/pagination/bounded-list';
import { isDuplicateKeyError } from '../../database/errors';
import { UsersService } from '../users/users.service';
import { DivingOrganizationsService, toOrganizationSummary } from './diving-organizations.service';
import type { CreateUserCertificationDto } from './dto/create-user-certification.dto';
import type {
  ToggleCertificationResponseDto,
  UserCertificationResponseDto,
} from './dto/user-certification.response.dto';
import type { UpdateUserCertificationDto } from './dto/update-user-certification.dto';
import type { DivingOrganization } from './entities/diving-organization.entity';
import { UserCertification } from './entities/user-certification.entity';

export const CERTIFICATION_NOT_FOUND = 'Certification not found';
export const CERTIFICATION_EXISTS = 'Certification already exists for this organization and level';
export const LEVEL_REQUIRED = 'Certification level or ID is required';
export const INVALID_LEVEL = 'Invalid certification level for this organization';
export const USER_NOT_FOUND = 'User not found';

export function toCertificationResponse(
  cert: UserCertification,
  org: DivingOrganization,
): UserCertificationResponseDto {
  return {
    id: cert.id,
    user_id: cert.userId,
    diving_organization_id: cert.divingOrganizationId,
    certification_level: cert.certificationLevel,
    certification_level_id: null,
    is_active: cert.isActive,
    diving_organization: toOrganizationSummary(org),
    certification_level_link: null,
    created_at: cert.createdAt,
    updated_at: cert.updatedAt,
  };
}

/**
 * User certifications (spec/api.md §9): the caller's own (CRUD + toggle) and a user's active ones,
 * which the public profile embeds. One row per user, organization and level (DECISIONS.md D6): the
 * unique key turns a duplicate — from a race too — into the contract's 400. Another user's
 * certification is 404, as if it did not exist.
 *
 * Certification levels are not stored yet (spec/api.md "Our rules" 12): a `certification_level_id`
 * can never name a level of the organization (400), and responses carry null level links.
 */
@Injectable()
export class UserCertificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(UserCertification) private readonly certifications: Repository<UserCertification>,
    private readonly organizations: DivingOrganizationsService,
    private readonly users: UsersService,
  ) {}

  /** A window of the caller's certifications, active or not, oldest first, and their total. */
  async mine(userId: number, window: ListWindow): Promise<BoundedList<UserCertificationResponseDto>> {
    return this.windowOf({ userId }, window);
  }

  /**
   * `GET /users/{id}/certifications`: a window of the user's active certifications, oldest first,
   * and their total; 404 for an unknown, disabled or archived user.
   */
  async publicOf(userId: number, window: ListWindow): Promise<BoundedList<UserCertificationResponseDto>> {
    const user = await this.users.findById(userId);
    if (!user || !user.enabled || user.deletedAt) throw new NotFoundException(USER_NOT_FOUND);
    return this.windowOf({ userId, isActive: true }, window);
  }

  private async windowOf(
    where: { userId: number; isActive?: boolean },
    window: ListWindow,
  ): Promise<BoundedList<UserCertificationResponseDto>> {
    const [rows, total] = await this.certifications.findAndCount({
      where,
      order: { id: 'ASC' },
      take: window.limit,
      skip: window.offset,
    });
    return { items: await this.present(rows), total };
  }

  /** A user's active certifications, oldest first (the public profile embeds them). */
  async activeOf(userId: number, em?: EntityManager): Promise<UserCertificationResponseDto[]> {
    const repo = em?.getRepository(UserCertification) ?? this.certifications;
    return this.present(await repo.find({ where: { userId, isActive: true }, order: { id: 'ASC' } }), em);
  }

  /**
   * "<ACRONYM> <level>" of each user's first active certification (comment authors' badges), in one
   * query for all the users.
   */
  async badgesOf(userIds: number[], em?: EntityManager): Promise<Map<number, string>> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return new Map();
    const rows = await (em ?? this.dataSource.manager).query<
      Array<{ user_id: number; acronym: string; level: string }>
    >(
      `SELECT uc.user_id, o.acronym, uc.certification_level AS level
         FROM user_certifications uc JOIN diving_organizations o ON o.id = uc.diving_organization_id
        WHERE uc.user_id IN (?) AND uc.is_active = 1
        ORDER BY uc.user_id, uc.id`,
      [unique],
    );
    const badges = new Map<number, string>();
    for (const row of rows)
      if (!badges.has(row.user_id)) badges.set(row.user_id, `${row.acronym} ${row.level}`);
    return badges;
  }

  async create(userId: number, dto: CreateUserCertificationDto): Promise<UserCertificationResponseDto> {
    const org = await this.organizations.require(dto.diving_organization_id);
    const level = this.levelOf(dto.certification_level, dto.certification_level_id);
    if (level === undefined) throw new BadRequestException(LEVEL_REQUIRED);
    const cert = this.certifications.create({
      userId,
      divingOrganizationId: org.id,
      certificationLevel: level,
      isActive: dto.is_active ?? true,
    });
    await this.write(() => this.certifications.insert(cert));
    return toCertificationResponse(await this.certifications.findOneOrFail({ where: { id: cert.id } }), org);
  }

  async update(
    userId: number,
    id: number,
    dto: UpdateUserCertificationDto,
  ): Promise<UserCertificationResponseDto> {
    const cert = await this.requireOwn(userId, id);
    const changes: Partial<UserCertification> = {};
    if (dto.diving_organization_id !== undefined) {
      changes.divingOrganizationId = (await this.organizations.require(dto.diving_organization_id)).id;
    }
    if (dto.certification_level !== undefined || dto.certification_level_id !== undefined) {
      const level = this.levelOf(dto.certification_level, dto.certification_level_id);
      if (level === undefined) throw new BadRequestException(LEVEL_REQUIRED);
      changes.certificationLevel = level;
    }
    if (dto.is_active !== undefined) changes.isActive = dto.is_active;
    if (Object.keys(changes).length > 0) {
      await this.write(() => this.certifications.update({ id: cert.id, userId }, changes));
    }
    return (await this.present([await this.certifications.findOneOrFail({ where: { id } })]))[0];
  }

  async remove(userId: number, id: number): Promise<void> {
    const result = await this.certifications.delete({ id, userId });
    if (!result.affected) throw new NotFoundException(CERTIFICATION_NOT_FOUND);
  }

  /** Flips is_active in one statement (two toggles racing end where they started). */
  async toggle(userId: number, id: number): Promise<ToggleCertificationResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const result = await em.query<{ affectedRows: number }>(
        'UPDATE user_certifications SET is_active = NOT is_active WHERE id = ? AND user_id = ?',
        [id, userId],
      );
      if (!result.affectedRows) throw new NotFoundException(CERTIFICATION_NOT_FOUND);
      const cert = await em.getRepository(UserCertification).findOneOrFail({ where: { id } });
      return {
        message: `Certification ${cert.isActive ? 'activated' : 'deactivated'} successfully`,
        is_active: cert.isActive,
      };
    });
  }

  private async requireOwn(userId: number, id: number): Promise<UserCertification> {
    const cert = await this.certifications.findOne({ where: { id, userId } });
    if (!cert) throw new NotFoundException(CERTIFICATION_NOT_FOUND);
    return cert;
  }

  /**
   * The level name to store: a level id can never be one of the organization's levels while levels
   * are not stored (400); a blank name counts as none (undefined: the caller answers 400).
   */
  private levelOf(name: string | null | undefined, levelId: number | null | undefined): string | undefined {
    if (levelId !== undefined && levelId !== null) throw new BadRequestException(INVALID_LEVEL);
    const trimmed = name?.trim();
    return trimmed ? trimmed : undefined;
  }

  private async present(
    certs: UserCertification[],
    em?: EntityManager,
  ): Promise<UserCertificationResponseDto[]> {
    const orgs = new Map(
      (
        await this.organizations.findByIds(
          certs.map((c) => c.divingOrganizationId),
          em,
        )
      ).map((o) => [o.id, o]),
    );
    return certs.flatMap((c) => {
      const org = orgs.get(c.divingOrganizationId);
      return org ? [toCertificationResponse(c, org)] : [];
    });
  }

  private async write(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new BadRequestException(CERTIFICATION_EXISTS);
      throw error;
    }
  }
}
