import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QueryFailedError, type DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { TAG_NOT_FOUND, TagsService } from '../tags/tags.service';
import { isDuplicateKeyError } from '../../database/errors';
import { DiveSiteAccessPolicy } from './dive-site-access.policy';
import type { SiteTagAssignmentResponseDto } from './dto/site-tag-assignment.response.dto';
import { DiveSiteTag } from './entities/dive-site-tag.entity';

export const TAG_ALREADY_ASSIGNED = 'Tag is already assigned to this dive site';
export const TAG_ASSIGNMENT_NOT_FOUND = 'Tag assignment not found';
export const NOT_AUTHORIZED_TO_EDIT_TAGS = 'Not authorized to edit tags of this dive site';

function isMissingReferenceError(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: string } | undefined)?.code === 'ER_NO_REFERENCED_ROW_2'
  );
}

function toAssignmentResponse(link: DiveSiteTag): SiteTagAssignmentResponseDto {
  return { id: link.id, dive_site_id: link.diveSiteId, tag_id: link.tagId, created_at: link.createdAt };
}

/**
 * Tags on dive sites (`/tags/dive-sites/{site_id}/tags`, spec/api.md §10): put on and taken off by
 * admins, moderators and the site's creator (D19; others 403, no 202 until a moderation queue
 * exists). A tag is on a site at most once through the (dive_site_id, tag_id) key (D6): a duplicate,
 * also a concurrent one, is the contract's 400; a tag deleted meanwhile is its 404.
 */
@Injectable()
export class SiteTagsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly siteAccess: DiveSiteAccessPolicy,
    private readonly tags: TagsService,
  ) {}

  async add(siteId: number, tagId: number, caller: AuthenticatedUser): Promise<SiteTagAssignmentResponseDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const site = await this.siteAccess.requireVisibleSite(siteId, caller, em);
        this.siteAccess.assertCanEdit(site, caller, NOT_AUTHORIZED_TO_EDIT_TAGS);
        if (!(await this.tags.findById(tagId, em))) throw new NotFoundException(TAG_NOT_FOUND);
        const repo = em.getRepository(DiveSiteTag);
        const link = repo.create({ diveSiteId: siteId, tagId });
        await repo.insert(link);
        return toAssignmentResponse(await repo.findOneByOrFail({ id: link.id }));
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new BadRequestException(TAG_ALREADY_ASSIGNED);
      if (isMissingReferenceError(error)) throw new NotFoundException(TAG_NOT_FOUND);
      throw error;
    }
  }

  async remove(siteId: number, tagId: number, caller: AuthenticatedUser): Promise<void> {
    const site = await this.siteAccess.requireVisibleSite(siteId, caller);
    this.siteAccess.assertCanEdit(site, caller, NOT_AUTHORIZED_TO_EDIT_TAGS);
    const result = await this.dataSource.getRepository(DiveSiteTag).delete({ diveSiteId: siteId, tagId });
    if (!result.affected) throw new NotFoundException(TAG_ASSIGNMENT_NOT_FOUND);
  }
}
