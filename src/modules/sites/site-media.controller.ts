import { Body, Controller, Delete, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAuthErrors, CurrentUser, Public } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { ApiBoundedListResponse, sendTotalCount, windowOf } from '../../common/pagination/bounded-list';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { CreateSiteMediaDto } from './dto/create-site-media.dto';
import { ListMediaQueryDto, MEDIA_DEFAULT_LIMIT } from './dto/list-media.query.dto';
import { SiteMediaResponseDto } from './dto/site-media.response.dto';
import { UpdateSiteMediaDto } from './dto/update-site-media.dto';
import { SiteMediaService } from './site-media.service';
import { MessageResponseDto } from '../../common/http/message.response.dto';

@ApiTags('dive-sites')
@Controller('dive-sites/:id/media')
export class SiteMediaController {
  constructor(private readonly media: SiteMediaService) {}

  /**
   * A site's media: its own photos and videos, oldest first, then the media of the dives at the site
   * the caller may see (D26); `limit` (default 50, at most 100) from `offset`; X-Total-Count.
   */
  @Public()
  @Get()
  @ApiBoundedListResponse(SiteMediaResponseDto)
  @ApiNotFoundResponse({ description: 'Dive site not found' })
  async list(
    @Param('id', IntParamPipe) id: number,
    @Query() query: ListMediaQueryDto,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() caller?: AuthenticatedUser,
  ): Promise<SiteMediaResponseDto[]> {
    return sendTotalCount(res, await this.media.list(id, caller, windowOf(query, MEDIA_DEFAULT_LIMIT)));
  }

  /** Adds a photo or video link (admins, moderators and the site's creator). */
  @ApiAuthErrors()
  @Post()
  @ApiBadRequestResponse({ description: 'Invalid media URL (not an absolute http:// or https:// URL)' })
  @ApiForbiddenResponse({ description: 'Not authorized to edit media of this dive site' })
  @ApiNotFoundResponse({ description: 'Dive site not found' })
  create(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: CreateSiteMediaDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<SiteMediaResponseDto> {
    return this.media.create(id, dto, caller);
  }

  /** Changes a media item's description (admins, moderators and the site's creator). */
  @ApiAuthErrors()
  @Patch(':media_id')
  @ApiForbiddenResponse({ description: 'Not authorized to edit media of this dive site' })
  @ApiNotFoundResponse({ description: 'Dive site not found, or Media not found' })
  update(
    @Param('id', IntParamPipe) id: number,
    @Param('media_id', IntParamPipe) mediaId: number,
    @Body() dto: UpdateSiteMediaDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<SiteMediaResponseDto> {
    return this.media.update(id, mediaId, dto, caller);
  }

  /** Removes a media item (admins, moderators and the site's creator). */
  @ApiAuthErrors()
  @Delete(':media_id')
  @ApiForbiddenResponse({ description: 'Not authorized to edit media of this dive site' })
  @ApiNotFoundResponse({ description: 'Dive site not found, or Media not found' })
  async remove(
    @Param('id', IntParamPipe) id: number,
    @Param('media_id', IntParamPipe) mediaId: number,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<MessageResponseDto> {
    await this.media.remove(id, mediaId, caller);
    return { message: 'Media deleted successfully' };
  }
}
