import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAuthErrors, CurrentUser, Public, Roles } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { ApiBoundedListResponse, sendTotalCount, windowOf } from '../../common/pagination/bounded-list';
import { CHILD_LIST_DEFAULT_LIMIT, ChildListQueryDto } from '../../common/pagination/offset-query.dto';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { DiveSiteAliasResponseDto } from './dto/dive-site.response.dto';
import { SiteAliasDto } from './dto/create-site-alias.dto';
import { SiteAliasesService } from './site-aliases.service';
import { MessageResponseDto } from '../../common/http/message.response.dto';

@ApiTags('dive-sites')
@Controller('dive-sites/:id/aliases')
export class SiteAliasesController {
  constructor(private readonly aliases: SiteAliasesService) {}

  /** A site's alternative names, oldest first: `limit` (default 100, at most 500) from `offset`; X-Total-Count. */
  @Public()
  @Get()
  @ApiBoundedListResponse(DiveSiteAliasResponseDto)
  @ApiNotFoundResponse({ description: 'Dive site not found' })
  async list(
    @Param('id', IntParamPipe) id: number,
    @Query() query: ChildListQueryDto,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() caller?: AuthenticatedUser,
  ): Promise<DiveSiteAliasResponseDto[]> {
    return sendTotalCount(
      res,
      await this.aliases.list(id, caller, windowOf(query, CHILD_LIST_DEFAULT_LIMIT)),
    );
  }

  /** Adds an alternative name (admins); the list search finds the site by it. */
  @Roles('admin')
  @ApiAuthErrors()
  @Post()
  @ApiBadRequestResponse({ description: 'Alias already exists for this dive site' })
  @ApiNotFoundResponse({ description: 'Dive site not found' })
  create(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: SiteAliasDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<DiveSiteAliasResponseDto> {
    return this.aliases.create(id, dto.alias, caller);
  }

  /** Renames an alias (admins). */
  @Roles('admin')
  @ApiAuthErrors()
  @Put(':alias_id')
  @ApiBadRequestResponse({ description: 'Alias already exists for this dive site' })
  @ApiNotFoundResponse({ description: 'Dive site not found, or Alias not found' })
  update(
    @Param('id', IntParamPipe) id: number,
    @Param('alias_id', IntParamPipe) aliasId: number,
    @Body() dto: SiteAliasDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<DiveSiteAliasResponseDto> {
    return this.aliases.update(id, aliasId, dto.alias, caller);
  }

  /** Removes an alias (admins). */
  @Roles('admin')
  @ApiAuthErrors()
  @Delete(':alias_id')
  @ApiNotFoundResponse({ description: 'Dive site not found, or Alias not found' })
  async remove(
    @Param('id', IntParamPipe) id: number,
    @Param('alias_id', IntParamPipe) aliasId: number,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<MessageResponseDto> {
    await this.aliases.remove(id, aliasId, caller);
    return { message: 'Alias deleted successfully' };
  }
}
