import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors, CurrentUser, Public } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { DivesService } from './dives.service';
import { DiveResponseDto, VisitedSiteResponseDto } from './dto/dive.response.dto';
import { SiteDivesQueryDto } from './dto/list-dives.query.dto';

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

  /** The sites the user dived at with their dive counts, most visited first (the user or an admin). */
  @Get(':username/visited-sites')
  @ApiAuthErrors()
  @ApiForbiddenResponse({ description: "You are not authorized to view this user's visited sites list" })
  @ApiNotFoundResponse({ description: 'User not found' })
  list(
    @Param('username') username: string,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<VisitedSiteResponseDto[]> {
    return this.dives.visitedSites(username, caller);
  }
}
