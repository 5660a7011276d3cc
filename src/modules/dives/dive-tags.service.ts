import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { TAG_NOT_FOUND, TagsService } from '../tags/tags.service';
import { isDuplicateKeyError } from '../../database/errors';
import { TAG_ALREADY_ON_DIVE, TAG_NOT_ON_DIVE } from './dive-rules';
import { DivesService } from './dives.service';
import type { DiveTagAssignmentResponseDto } from './dto/dive.response.dto';
import { DiveTag } from './entities/dive-tag.entity';

/**
 * Tags on a dive one at a time (the dive's owner only; others 404 "Dive not found"). A tag is on a
 * dive at most once through the (dive_id, tag_id) key (D6): a duplicate, also a concurrent one, is
 * 400 "Tag already added to this dive".
 */
@Injectable()
export class DiveTagsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dives: DivesService,
    private readonly tags: TagsService,
  ) {}

  async add(diveId: number, tagId: number, caller: AuthenticatedUser): Promise<DiveTagAssignmentResponseDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        await this.dives.requireEditable(diveId, caller, em);
        const tag = await this.tags.findById(tagId, em);
        if (!tag) throw new NotFoundException(TAG_NOT_FOUND);
        const repo = em.getRepository(DiveTag);
        const link = repo.create({ diveId, tagId });
        await repo.insert(link);
        const saved = await repo.findOneByOrFail({ id: link.id });
        return { id: saved.id, dive_id: diveId, tag_id: tagId, name: tag.name, created_at: saved.createdAt };
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new BadRequestException(TAG_ALREADY_ON_DIVE);
      throw error;
    }
  }

  async remove(diveId: number, tagId: number, caller: AuthenticatedUser): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.dives.requireEditable(diveId, caller, em);
      const result = await em.getRepository(DiveTag).delete({ diveId, tagId });
      if (!result.affected) throw new NotFoundException(TAG_NOT_ON_DIVE);
    });
  }
}
