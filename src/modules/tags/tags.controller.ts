import { Body, Controller, Delete, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors, CurrentUser, Public, Roles } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { CreateTagDto, TagResponseDto, TagWithCountsResponseDto, UpdateTagDto } from './dto/tag.dto';
import { TagsService } from './tags.service';
import { MessageResponseDto } from '../../common/http/message.response.dto';

@ApiTags('tags')
@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  /** All tags, ordered by name. */
  @Public()
  @Get()
  list(): Promise<TagResponseDto[]> {
    return this.tags.list();
  }

  /** All tags with how many dive sites and public dives carry each. */
  @Public()
  @Get('with-counts')
  withCounts(): Promise<TagWithCountsResponseDto[]> {
    return this.tags.listWithCounts();
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
