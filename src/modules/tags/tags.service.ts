import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { BoundedList, ListWindow } from '../../common/pagination/bounded-list';
import { isDuplicateKeyError } from '../../database/errors';
import type { CreateTagDto } from './dto/create-tag.dto';
import type { TagResponseDto, TagWithCountsResponseDto } from './dto/tag.response.dto';
import type { UpdateTagDto } from './dto/update-tag.dto';
import { AvailableTag } from './entities/available-tag.entity';
import { TagUsageSources } from './tag-usage-sources.service';

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

/**
 * available_tags: the vocabulary of tags put on dive sites and dives. The links themselves belong to
 * the modules above (dive_site_tags to sites, dive_tags to dives): their counts come through the
 * TagUsageSources extension point.
 */
@Injectable()
export class TagsService {
  constructor(
    @InjectRepository(AvailableTag) private readonly tags: Repository<AvailableTag>,
    private readonly usage: TagUsageSources,
  ) {}

  /** A window of the tags by name (then id), and how many tags there are. */
  async list(window: ListWindow): Promise<BoundedList<TagResponseDto>> {
    const [tags, total] = await this.tags.findAndCount({
      order: { name: 'ASC', id: 'ASC' },
      take: window.limit,
      skip: window.offset,
    });
    return { items: tags.map(toTagResponse), total };
  }

  /**
   * A window of the tags with their usage, counted by the registered TagUsageSources for that
   * window's tags only, one query per source: live sites (the sites module's) and public dives (the
   * dives module's).
   */
  async listWithCounts(window: ListWindow): Promise<BoundedList<TagWithCountsResponseDto>> {
    const page = await this.list(window);
    const ids = page.items.map((t) => t.id);
    if (ids.length === 0) return { items: [], total: page.total };
    const counts = await this.usage.countUses(ids);
    return {
      items: page.items.map((tag) => ({
        ...tag,
        dive_site_count: counts.dive_sites.get(tag.id) ?? 0,
        dive_count: counts.dives.get(tag.id) ?? 0,
      })),
      total: page.total,
    };
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
