import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAuthErrors, CurrentUser, Public } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { ApiBoundedListResponse, sendTotalCount, windowOf } from '../../common/pagination/bounded-list';
import type { WithoutNulls } from '../../common/pagination/envelope';
import { PAGE_SIZE_ERROR, type PageEnvelope } from '../../common/pagination/pagination';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { matchTypesHeader } from '../../common/text/search-text';
import { DiveMediaService } from './dive-media.service';
import { DiveTagsService } from './dive-tags.service';
import { DivesService } from './dives.service';
import { AddDiveTagDto } from './dto/add-dive-tag.dto';
import { CreateDiveDto } from './dto/create-dive.dto';
import { CreateDiveMediaDto } from './dto/create-dive-media.dto';
import { DiveMediaResponseDto } from './dto/dive-media.response.dto';
import { UpdateDiveMediaDto } from './dto/update-dive-media.dto';
import {
  DiveDetailsResponseDto,
  DiveListResponseDto,
  DiveResponseDto,
  DiveTagAssignmentResponseDto,
} from './dto/dive.response.dto';
import { CountDivesQueryDto, ListDivesQueryDto } from './dto/list-dives.query.dto';
import { UpdateDiveDto } from './dto/update-dive.dto';
import { ListMediaQueryDto, MEDIA_DEFAULT_LIMIT } from '../sites/dto/list-media.query.dto';
import { CountResponseDto, MessageResponseDto } from '../../common/http/message.response.dto';

const PRIVATE = 'This dive is private (another user’s private dive)';

@ApiTags('dives')
@Controller('dives')
export class DivesController {
  constructor(
    private readonly dives: DivesService,
    private readonly media: DiveMediaService,
    private readonly tags: DiveTagsService,
  ) {}

  /** Logs a dive for the caller, with its tags and media in one transaction. */
  @Post()
  @ApiAuthErrors()
  @ApiBadRequestResponse({ description: 'Invalid media URL' })
  @ApiNotFoundResponse({
    description: 'Dive site not found, Diving center not found, or Tag with ID n not found',
  })
  create(@Body() dto: CreateDiveDto, @CurrentUser() caller: AuthenticatedUser): Promise<DiveResponseDto> {
    return this.dives.create(dto, caller);
  }

  /** Dives the caller may see (public ones and their own; envelope A, null fields left out). */
  @Public()
  @Get()
  @ApiOkResponse({ type: DiveListResponseDto, description: 'Envelope A; items leave null fields out' })
  @ApiBadRequestResponse({
    description: `${PAGE_SIZE_ERROR}; invalid sort_by or sort_order; more than 20 tag_ids`,
  })
  @ApiUnauthorizedResponse({ description: 'my_dives=true without a token' })
  @ApiForbiddenResponse({ description: 'Sorting by view_count as a non-admin' })
  @ApiHeader({
    name: 'X-Match-Types',
    required: false,
    description:
      'With `search`: JSON `{"<id>": "exact" | "name" | "text"}` — how each dive of the page matched: the search is its or its site\'s name, the words are in its name or its site\'s names and aliases, or in other texts (dive information, the site\'s place or description); absent above 8 KB',
  })
  async list(
    @Query() query: ListDivesQueryDto,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() caller?: AuthenticatedUser,
  ): Promise<PageEnvelope<WithoutNulls<DiveResponseDto>>> {
    const { matchTypes, ...page } = await this.dives.list(query, caller);
    const header = matchTypes && matchTypesHeader(matchTypes);
    if (header) res.setHeader('X-Match-Types', header);
    return page;
  }

  /** How many dives the list's filters match. */
  @Public()
  @Get('count')
  async count(
    @Query() query: CountDivesQueryDto,
    @CurrentUser() caller?: AuthenticatedUser,
  ): Promise<CountResponseDto> {
    return { total: await this.dives.count(query, caller) };
  }

  /** One dive with its tags; counts a view. */
  @Public()
  @Get(':id')
  @ApiForbiddenResponse({ description: PRIVATE })
  @ApiNotFoundResponse({ description: 'Dive not found' })
  detail(
    @Param('id', IntParamPipe) id: number,
    @CurrentUser() caller?: AuthenticatedUser,
  ): Promise<DiveResponseDto> {
    return this.dives.detail(id, caller);
  }

  /** One dive with the richer site, its media and tags; counts a view. */
  @Public()
  @Get(':id/details')
  @ApiForbiddenResponse({ description: PRIVATE })
  @ApiNotFoundResponse({ description: 'Dive not found' })
  details(
    @Param('id', IntParamPipe) id: number,
    @CurrentUser() caller?: AuthenticatedUser,
  ): Promise<DiveDetailsResponseDto> {
    return this.dives.details(id, caller);
  }

  /** Changes a dive (its owner, or an admin); `tags` replaces the set. */
  @Put(':id')
  @ApiAuthErrors()
  @ApiNotFoundResponse({
    description: 'Dive not found (also another user’s dive), Dive site / Diving center / Tag not found',
  })
  update(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: UpdateDiveDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<DiveResponseDto> {
    return this.dives.update(id, dto, caller);
  }

  /** Deletes a dive with its media and tags (its owner only). */
  @Delete(':id')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Dive not found (also another user’s dive)' })
  async remove(
    @Param('id', IntParamPipe) id: number,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<MessageResponseDto> {
    await this.dives.remove(id, caller);
    return { message: 'Dive deleted successfully' };
  }

  /**
   * A dive's media, oldest first (same privacy as the dive): `limit` (default 50, at most 100) from
   * `offset`; X-Total-Count.
   */
  @Public()
  @Get(':id/media')
  @ApiBoundedListResponse(DiveMediaResponseDto)
  @ApiForbiddenResponse({ description: PRIVATE })
  @ApiNotFoundResponse({ description: 'Dive not found' })
  async listMedia(
    @Param('id', IntParamPipe) id: number,
    @Query() query: ListMediaQueryDto,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() caller?: AuthenticatedUser,
  ): Promise<DiveMediaResponseDto[]> {
    return sendTotalCount(res, await this.media.list(id, caller, windowOf(query, MEDIA_DEFAULT_LIMIT)));
  }

  /** Adds a media link to the caller's dive. */
  @Post(':id/media')
  @ApiAuthErrors()
  @ApiBadRequestResponse({ description: 'Invalid media URL (not an absolute http:// or https:// URL)' })
  @ApiNotFoundResponse({ description: 'Dive not found (also another user’s dive)' })
  addMedia(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: CreateDiveMediaDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<DiveMediaResponseDto> {
    return this.media.create(id, dto, caller);
  }

  /** Changes a media item's description or title. */
  @Patch(':id/media/:mediaId')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Dive not found, or Media not found' })
  updateMedia(
    @Param('id', IntParamPipe) id: number,
    @Param('mediaId', IntParamPipe) mediaId: number,
    @Body() dto: UpdateDiveMediaDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<DiveMediaResponseDto> {
    return this.media.update(id, mediaId, dto, caller);
  }

  /** Removes a media item. */
  @Delete(':id/media/:mediaId')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Dive not found, or Media not found' })
  async removeMedia(
    @Param('id', IntParamPipe) id: number,
    @Param('mediaId', IntParamPipe) mediaId: number,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<MessageResponseDto> {
    await this.media.remove(id, mediaId, caller);
    return { message: 'Media deleted successfully' };
  }

  /** Puts a tag on the caller's dive. */
  @Post(':id/tags')
  @ApiAuthErrors()
  @ApiBadRequestResponse({ description: 'Tag already added to this dive' })
  @ApiNotFoundResponse({ description: 'Dive not found, or Tag not found' })
  addTag(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: AddDiveTagDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<DiveTagAssignmentResponseDto> {
    return this.tags.add(id, dto.tag_id, caller);
  }

  /** Takes a tag off the caller's dive. */
  @Delete(':id/tags/:tagId')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Dive not found, or Tag not found on this dive' })
  async removeTag(
    @Param('id', IntParamPipe) id: number,
    @Param('tagId', IntParamPipe) tagId: number,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<MessageResponseDto> {
    await this.tags.remove(id, tagId, caller);
    return { message: 'Tag removed from dive successfully' };
  }
}
