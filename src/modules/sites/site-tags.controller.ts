import { Body, Controller, Delete, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors, CurrentUser } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { AddSiteTagDto } from './dto/add-site-tag.dto';
import { SiteTagAssignmentResponseDto } from './dto/site-tag-assignment.response.dto';
import { SiteTagsService } from './site-tags.service';
import { MessageResponseDto } from '../../common/http/message.response.dto';

/** Tags on dive sites: under /tags in the contract (spec/api.md §10), but a sites concern. */
@ApiTags('tags')
@Controller('tags/dive-sites/:site_id/tags')
export class SiteTagsController {
  constructor(private readonly siteTags: SiteTagsService) {}

  /** Puts a tag on a site (admins, moderators and the site's creator). */
  @ApiAuthErrors()
  @Post()
  @ApiBadRequestResponse({ description: 'Tag is already assigned to this dive site' })
  @ApiForbiddenResponse({ description: 'Not authorized to edit tags of this dive site' })
  @ApiNotFoundResponse({ description: 'Dive site not found, or Tag not found' })
  add(
    @Param('site_id', IntParamPipe) siteId: number,
    @Body() dto: AddSiteTagDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<SiteTagAssignmentResponseDto> {
    return this.siteTags.add(siteId, dto.tag_id, caller);
  }

  /** Takes a tag off a site (admins, moderators and the site's creator). */
  @ApiAuthErrors()
  @Delete(':tag_id')
  @ApiForbiddenResponse({ description: 'Not authorized to edit tags of this dive site' })
  @ApiNotFoundResponse({ description: 'Dive site not found, or Tag assignment not found' })
  async remove(
    @Param('site_id', IntParamPipe) siteId: number,
    @Param('tag_id', IntParamPipe) tagId: number,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<MessageResponseDto> {
    await this.siteTags.remove(siteId, tagId, caller);
    return { message: 'Tag removed from dive site successfully' };
  }
}
