import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAuthErrors, CurrentUser, Public, Roles } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { ApiBoundedListResponse, sendTotalCount, windowOf } from '../../common/pagination/bounded-list';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { CreateTagDto } from './dto/create-tag.dto';
import { ListTagsQueryDto, TAGS_DEFAULT_LIMIT } from './dto/list-tags.query.dto';
import { TagResponseDto, TagWithCountsResponseDto } from './dto/tag.response.dto';
import { UpdateTagDto } from './dto/update-tag.dto';
import { TagsService } from './tags.service';
import { MessageResponseDto } from '../../common/http/message.response.dto';

@ApiTags('tags')
@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  /** The tags, ordered by name: `limit` (default 500, at most 1000) from `offset`; X-Total-Count. */
  @Public()
  @Get()
  @ApiBoundedListResponse(TagResponseDto)
  async list(
    @Query() query: ListTagsQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TagResponseDto[]> {
    return sendTotalCount(res, await this.tags.list(windowOf(query, TAGS_DEFAULT_LIMIT)));
  }

  /** The tags with how many dive sites and public dives carry each; paged like the list. */
  @Public()
  @Get('with-counts')
  @ApiBoundedListResponse(TagWithCountsResponseDto)
  async withCounts(
    @Query() query: ListTagsQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TagWithCountsResponseDto[]> {
    return sendTotalCount(res, await this.tags.listWithCounts(windowOf(query, TAGS_DEFAULT_LIMIT)));
  }

  /** Creates a tag (admins and moderators). */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiBadRequestResponse({ description: 'Tag with this name already exists' })
  @Post()
  create(@Body() dto: CreateTagDto, @CurrentUser() caller: AuthenticatedUser): Promise<TagResponseDto> {
    return this.tags.create(dto, caller.id);
  }

  /** Renames or re-describes a tag (admins and moderators). */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Tag not found' })
  @Put(':id')
  update(@Param('id', IntParamPipe) id: number, @Body() dto: UpdateTagDto): Promise<TagResponseDto> {
    return this.tags.update(id, dto);
  }

  /** Deletes a tag and its links to sites and dives (admins and moderators). */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Tag not found' })
  @Delete(':id')
  async remove(@Param('id', IntParamPipe) id: number): Promise<MessageResponseDto> {
    await this.tags.remove(id);
    return { message: 'Tag deleted successfully' };
  }
}
