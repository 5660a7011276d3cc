import { Body, Controller, Delete, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAuthErrors, CurrentUser, Public, Roles } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { ApiBoundedListResponse, sendTotalCount, windowOf } from '../../common/pagination/bounded-list';
import { CHILD_LIST_DEFAULT_LIMIT, ChildListQueryDto } from '../../common/pagination/offset-query.dto';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { CenterDiveSitesService, LINK_REMOVED } from './center-dive-sites.service';
import {
  CenterDiveSiteLinkResponseDto,
  CenterDiveSiteResponseDto,
  SiteDivingCenterResponseDto,
} from './dto/center-dive-site.response.dto';
import { LinkDiveSiteDto } from './dto/link-dive-site.dto';
import { LinkDivingCenterDto } from './dto/link-diving-center.dto';
import { NearbyDivingCenterResponseDto } from './dto/diving-center.response.dto';
import { NearbyRangeQueryDto } from './dto/list-diving-centers.query.dto';
import { MessageResponseDto } from '../../common/http/message.response.dto';

/** The center ↔ dive site links (center_dive_sites), from both sides, and the centers near a site. */
@ApiTags('diving-centers')
@Controller()
export class CenterDiveSitesController {
  constructor(private readonly links: CenterDiveSitesService) {}

  /**
   * The dive sites a center goes to, with the price of a dive, by name: `limit` (default 100, at
   * most 500) from `offset`; X-Total-Count.
   */
  @Public()
  @ApiBoundedListResponse(CenterDiveSiteResponseDto)
  @ApiNotFoundResponse({ description: 'Diving center not found' })
  @Get('diving-centers/:id/dive-sites')
  async sitesOfCenter(
    @Param('id', IntParamPipe) id: number,
    @Query() query: ChildListQueryDto,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() caller: AuthenticatedUser | undefined,
  ): Promise<CenterDiveSiteResponseDto[]> {
    const window = windowOf(query, CHILD_LIST_DEFAULT_LIMIT);
    return sendTotalCount(res, await this.links.sitesOfCenter(id, caller, window));
  }

  /** Links a dive site to a center (admins and moderators). */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiBadRequestResponse({ description: 'Diving center is already associated with this dive site' })
  @ApiNotFoundResponse({ description: 'Diving center not found, or Dive site not found' })
  @Post('diving-centers/:id/dive-sites')
  linkSite(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: LinkDiveSiteDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<CenterDiveSiteLinkResponseDto> {
    return this.links.link(
      { centerId: id, siteId: dto.dive_site_id, diveCost: dto.dive_cost, currency: dto.currency },
      caller,
      'center',
    );
  }

  /** Unlinks a dive site from a center (admins and moderators). */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Not found, or Diving center is not associated with this dive site' })
  @Delete('diving-centers/:id/dive-sites/:siteId')
  async unlinkSite(
    @Param('id', IntParamPipe) id: number,
    @Param('siteId', IntParamPipe) siteId: number,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<MessageResponseDto> {
    await this.links.unlink(id, siteId, caller, 'center');
    return { message: LINK_REMOVED };
  }

  /**
   * The centers that go to a dive site, with the price of a dive, by name: `limit` (default 100, at
   * most 500) from `offset`; X-Total-Count.
   */
  @Public()
  @ApiBoundedListResponse(SiteDivingCenterResponseDto)
  @ApiNotFoundResponse({ description: 'Dive site not found' })
  @Get('dive-sites/:id/diving-centers')
  async centersOfSite(
    @Param('id', IntParamPipe) id: number,
    @Query() query: ChildListQueryDto,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() caller: AuthenticatedUser | undefined,
  ): Promise<SiteDivingCenterResponseDto[]> {
    const window = windowOf(query, CHILD_LIST_DEFAULT_LIMIT);
    return sendTotalCount(res, await this.links.centersOfSite(id, caller, window));
  }

  /** Centers within radius_km of a dive site, nearest first. */
  @Public()
  @ApiBadRequestResponse({ description: 'Dive site does not have location coordinates' })
  @ApiNotFoundResponse({ description: 'Dive site not found' })
  @Get('dive-sites/:id/diving-centers/nearby')
  centersNearSite(
    @Param('id', IntParamPipe) id: number,
    @Query() query: NearbyRangeQueryDto,
    @CurrentUser() caller: AuthenticatedUser | undefined,
  ): Promise<NearbyDivingCenterResponseDto[]> {
    return this.links.centersNearSite(id, query.radius_km ?? 100, query.limit ?? 25, caller);
  }

  /** Links a center to a dive site (admins, moderators and the site's creator: DECISIONS.md D19). */
  @ApiAuthErrors()
  @ApiBadRequestResponse({ description: 'Diving center is already associated with this dive site' })
  @ApiNotFoundResponse({ description: 'Dive site not found, or Diving center not found' })
  @Post('dive-sites/:id/diving-centers')
  linkCenter(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: LinkDivingCenterDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<CenterDiveSiteLinkResponseDto> {
    return this.links.link(
      { centerId: dto.diving_center_id, siteId: id, diveCost: dto.dive_cost, currency: dto.currency },
      caller,
      'site',
    );
  }

  /** Unlinks a center from a dive site (admins, moderators and the site's creator). */
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Not found, or Diving center is not associated with this dive site' })
  @Delete('dive-sites/:id/diving-centers/:centerId')
  async unlinkCenter(
    @Param('id', IntParamPipe) id: number,
    @Param('centerId', IntParamPipe) centerId: number,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<MessageResponseDto> {
    await this.links.unlink(centerId, id, caller, 'site');
    return { message: LINK_REMOVED };
  }
}
