import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, type EntityManager, type Repository } from 'typeorm';
import { isDuplicateKeyError } from '../../database/errors';
import type { CreateDivingOrganizationDto } from './dto/create-diving-organization.dto';
import type {
  DivingOrganizationResponseDto,
  DivingOrganizationSummaryDto,
} from './dto/diving-organization.response.dto';
import type { UpdateDivingOrganizationDto } from './dto/update-diving-organization.dto';
import { DivingOrganization } from './entities/diving-organization.entity';
import { VIEW_COUNT_ONLY } from '../../database/result-cache';

export const ORGANIZATION_NOT_FOUND = 'Diving organization not found';
export const ACRONYM_EXISTS = 'Organization with this acronym already exists';
export const NAME_EXISTS = 'Organization with this name already exists';

/** The unique key a duplicate-key error names (mysql2's message: "Duplicate entry 'x' for key 'k'"). */
export function duplicateKeyName(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const message = (error.driverError as { sqlMessage?: string })?.sqlMessage ?? error.message;
  return /for key '(?:[^'.]*\.)?([^']+)'/.exec(message)?.[1];
}

export function toOrganizationSummary(org: DivingOrganization): DivingOrganizationSummaryDto {
  return { id: org.id, name: org.name, acronym: org.acronym, website: org.website, logo_url: org.logoUrl };
}

export function toOrganizationResponse(org: DivingOrganization): DivingOrganizationResponseDto {
  return {
    id: org.id,
    name: org.name,
    acronym: org.acronym,
    website: org.website,
    logo_url: org.logoUrl,
    description: org.description,
    country: org.country,
    founded_year: org.foundedYear,
    view_count: org.viewCount,
    created_at: org.createdAt,
    updated_at: org.updatedAt,
    certification_levels: [],
  };
}

/** The fields of a create/update body as entity properties (only those given). */
function changesOf(dto: UpdateDivingOrganizationDto): Partial<DivingOrganization> {
  const changes: Partial<DivingOrganization> = {};
  if (dto.name !== undefined) changes.name = dto.name;
  if (dto.acronym !== undefined) changes.acronym = dto.acronym;
  if (dto.website !== undefined) changes.website = dto.website || null;
  if (dto.logo_url !== undefined) changes.logoUrl = dto.logo_url || null;
  if (dto.description !== undefined) changes.description = dto.description || null;
  if (dto.country !== undefined) changes.country = dto.country || null;
  if (dto.founded_year !== undefined) changes.foundedYear = dto.founded_year;
  return changes;
}

/**
 * Diving organizations (spec/api.md §9): list, lookup by id, name or acronym, CRUD for admins and
 * moderators. Names and acronyms are unique (case-insensitive by the collation): the contract's 400s
 * are checked first (acronym, then name, as the original does) and the unique keys settle races.
 */
@Injectable()
export class DivingOrganizationsService {
  constructor(
    @InjectRepository(DivingOrganization) private readonly organizations: Repository<DivingOrganization>,
  ) {}

  async list(skip: number, limit: number): Promise<DivingOrganizationResponseDto[]> {
    const rows = await this.organizations.find({ order: { id: 'ASC' }, skip, take: limit });
    return rows.map(toOrganizationResponse);
  }

  findById(id: number, em?: EntityManager): Promise<DivingOrganization | null> {
    return (em?.getRepository(DivingOrganization) ?? this.organizations).findOne({ where: { id } });
  }

  /** The organizations with these ids (any order). */
  async findByIds(ids: number[], em?: EntityManager): Promise<DivingOrganization[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    return (em?.getRepository(DivingOrganization) ?? this.organizations)
      .createQueryBuilder('o')
      .where('o.id IN (:...ids)', { ids: unique })
      .getMany();
  }

  /** The organization, or 404 "Diving organization not found". */
  async require(id: number, em?: EntityManager): Promise<DivingOrganization> {
    const org = await this.findById(id, em);
    if (!org) throw new NotFoundException(ORGANIZATION_NOT_FOUND);
    return org;
  }

  /** A numeric identifier is an id; anything else an exact name or acronym (case-insensitive). */
  async findByIdentifier(identifier: string): Promise<DivingOrganization | null> {
    if (/^\d+$/.test(identifier)) {
      const id = Number(identifier);
      return Number.isSafeInteger(id) && id <= 2147483647 ? this.findById(id) : null;
    }
    return this.organizations.findOne({
      where: [{ name: identifier }, { acronym: identifier }],
      order: { id: 'ASC' },
    });
  }

  /** `GET /{identifier}`: the organization, with its view counted (updated_at unchanged). */
  async view(identifier: string): Promise<DivingOrganizationResponseDto> {
    const org = await this.findByIdentifier(identifier);
    if (!org) throw new NotFoundException(ORGANIZATION_NOT_FOUND);
    await this.organizations.query(
      `${VIEW_COUNT_ONLY} UPDATE diving_organizations SET view_count = view_count + 1, updated_at = updated_at WHERE id = ?`,
      [org.id],
    );
    org.viewCount += 1;
    return toOrganizationResponse(org);
  }

  async create(dto: CreateDivingOrganizationDto): Promise<DivingOrganizationResponseDto> {
    await this.assertUnique(dto.acronym, dto.name);
    const org = this.organizations.create({
      website: null,
      logoUrl: null,
      description: null,
      country: null,
      foundedYear: null,
      ...changesOf(dto),
    });
    await this.write(() => this.organizations.insert(org));
    return toOrganizationResponse(await this.organizations.findOneOrFail({ where: { id: org.id } }));
  }

  async update(id: number, dto: UpdateDivingOrganizationDto): Promise<DivingOrganizationResponseDto> {
    const org = await this.require(id);
    const acronym = dto.acronym !== undefined && dto.acronym !== org.acronym ? dto.acronym : undefined;
    const name = dto.name !== undefined && dto.name !== org.name ? dto.name : undefined;
    await this.assertUnique(acronym, name, id);
    const changes = changesOf(dto);
    if (Object.keys(changes).length > 0) {
      await this.write(() => this.organizations.update({ id }, changes));
    }
    return toOrganizationResponse(await this.organizations.findOneOrFail({ where: { id } }));
  }

  /** Deletes an organization; its center links and user certifications go with it (CASCADE). */
  async remove(id: number): Promise<void> {
    const result = await this.organizations.delete({ id });
    if (!result.affected) throw new NotFoundException(ORGANIZATION_NOT_FOUND);
  }

  private async assertUnique(acronym: string | undefined, name: string | undefined, exceptId?: number) {
    const clash = async (where: { acronym: string } | { name: string }) => {
      const found = await this.organizations.findOne({ where, select: { id: true } });
      return found !== null && found.id !== exceptId;
    };
    if (acronym !== undefined && (await clash({ acronym }))) throw new BadRequestException(ACRONYM_EXISTS);
    if (name !== undefined && (await clash({ name }))) throw new BadRequestException(NAME_EXISTS);
  }

  /** Runs a write; a duplicate key (a race past assertUnique) is the contract's 400. */
  private async write(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new BadRequestException(
          duplicateKeyName(error) === 'uq_diving_organizations_acronym' ? ACRONYM_EXISTS : NAME_EXISTS,
        );
      }
      throw error;
    }
  }
}
