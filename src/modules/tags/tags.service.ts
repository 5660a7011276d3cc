import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { isDuplicateKeyError } from '../users/users.service';
import type { CreateTagDto, TagResponseDto, TagWithCountsResponseDto, UpdateTagDto } from './dto/tag.dto';
import { AvailableTag } from './entities/available-tag.entity';

export const TAG_EXISTS = 'Tag with this name already exists';
export const TAG_NOT_FOUND = 'Tag not found';

export function toTagResponse(tag: AvailableTag): TagResponseDto {
  return {
    id: tag.id,
    name: tag.name,
    description: tag.description,
    created_by: tag.createdBy,
    created_at: tag.createdAt,
  };
}

/** available_tags: the vocabulary of tags put on dive sites and dives. */
@Injectable()
export class TagsService {
  constructor(@InjectRepository(AvailableTag) private readonly tags: Repository<AvailableTag>) {}

  async list(): Promise<TagResponseDto[]> {
    return (await this.tags.find({ order: { name: 'ASC' } })).map(toTagResponse);
  }

  /** Each tag with its usage, counted by SQL aggregates (archived sites and private dives excluded). */
  async listWithCounts(): Promise<TagWithCountsResponseDto[]> {
    const rows = await this.tags.query<
      Array<{ id: number; site_count: string | number; dive_count: string | number }>
    >(
      `SELECT t.id,
              (SELECT COUNT(*) FROM dive_site_tags st JOIN dive_sites s ON s.id = st.dive_site_id
                WHERE st.tag_id = t.id AND s.deleted_at IS NULL) AS site_count,
              (SELECT COUNT(*) FROM dive_tags dt JOIN dives d ON d.id = dt.dive_id
                WHERE dt.tag_id = t.id AND d.is_private = 0) AS dive_count
         FROM available_tags t`,
    );
    const counts = new Map(rows.map((r) => [r.id, r]));
    return (await this.tags.find({ order: { name: 'ASC' } })).map((tag) => ({
      ...toTagResponse(tag),
      dive_site_count: Number(counts.get(tag.id)?.site_count ?? 0),
      dive_count: Number(counts.get(tag.id)?.dive_count ?? 0),
    }));
  }

  async findById(id: number, em?: EntityManager): Promise<AvailableTag | null> {
    return (em?.getRepository(AvailableTag) ?? this.tags).findOne({ where: { id } });
  }

  /** The tags with these ids; throws 404 "Tag with ID n not found" naming the first unknown one. */
  async requireAll(ids: number[], em?: EntityManager): Promise<AvailableTag[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const found = await (em?.getRepository(AvailableTag) ?? this.tags)
      .createQueryBuilder('t')
      .where('t.id IN (:...ids)', { ids: unique })
      .getMany();
    const missing = unique.find((id) => !found.some((t) => t.id === id));
    if (missing !== undefined) throw new NotFoundException(`Tag with ID ${missing} not found`);
    return found;
  }

  async create(dto: CreateTagDto, createdBy: number): Promise<TagResponseDto> {
    const tag = this.tags.create({ name: dto.name, description: dto.description ?? null, createdBy });
    try {
      await this.tags.insert(tag);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new BadRequestException(TAG_EXISTS);
      throw error;
    }
    return toTagResponse(await this.tags.findOneOrFail({ where: { id: tag.id } }));
  }

  async update(id: number, dto: UpdateTagDto): Promise<TagResponseDto> {
    const tag = await this.findById(id);
    if (!tag) throw new NotFoundException(TAG_NOT_FOUND);
    if (dto.name !== undefined) tag.name = dto.name;
    if (dto.description !== undefined) tag.description = dto.description;
    try {
      await this.tags.save(tag);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new BadRequestException(TAG_EXISTS);
      throw error;
    }
    return toTagResponse(await this.tags.findOneOrFail({ where: { id } }));
  }

  /** Deletes a tag; its links to sites and dives go with it (ON DELETE CASCADE). */
  async remove(id: number): Promise<void> {
    const result = await this.tags.delete({ id });
    if (!result.affected) throw new NotFoundException(TAG_NOT_FOUND);
  }
}
