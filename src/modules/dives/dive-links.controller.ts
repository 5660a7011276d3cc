import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAuthErrors, CurrentUser, Public } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { ApiBoundedListResponse, sendTotalCount, windowOf } from '../../common/pagination/bounded-list';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { DivesService } from './dives.service';
import { DiveResponseDto, VisitedSiteResponseDto } from './dto/dive.response.dto';
import {
  SiteDivesQueryDto,
  VISITED_SITES_DEFAULT_LIMIT,
  VisitedSitesQueryDto,
} from './dto/list-dives.query.dto';

/** Dives seen from a dive site: `GET /dive-sites/{id}/dives` (owned by the dives module, D26). */
@ApiTags('dive-sites')
@Controller('dive-sites')
export class SiteDivesController {
  constructor(private readonly dives: DivesService) {}

  /** Public dives at the site (and the caller's own), best rated first, then newest. */
  @Public()
  @Get(':id/dives')
  @ApiNotFoundResponse({ description: 'Dive site not found' })
  list(
    @Param('id', IntParamPipe) id: number,
    @Query() query: SiteDivesQueryDto,
    @CurrentUser() caller?: AuthenticatedUser,
  ): Promise<DiveResponseDto[]> {
    return this.dives.atSite(id, query.limit ?? 10, caller);
  }
}

/** Dives seen from a user: `GET /users/{username}/visited-sites` (owned by the dives module, D26). */
@ApiTags('users')
@Controller('users')
export class VisitedSitesController {
  constructor(private readonly dives: DivesService) {}

  /**
   * The sites the user dived at with their dive counts, most visited first (the user or an admin):
   * `limit` (default 100, at most 500) from `offset`; X-Total-Count.
   */
  @Get(':username/visited-sites')
  @ApiBoundedListResponse(VisitedSiteResponseDto)
  @ApiAuthErrors()
  @ApiForbiddenResponse({ description: "You are not authorized to view this user's visited sites list" })
  @ApiNotFoundResponse({ description: 'User not found' })
  async list(
    @Param('username') username: string,
    @Query() query: VisitedSitesQueryDto,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<VisitedSiteResponseDto[]> {
    const window = windowOf(query, VISITED_SITES_DEFAULT_LIMIT);
    return sendTotalCount(res, await this.dives.visitedSites(username, caller, window));
  }
}
