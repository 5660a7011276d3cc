import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { ApiAuthErrors, CurrentUser, Public, Roles } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { PAGE_SIZE_ERROR } from '../../common/pagination/pagination';
import { matchTypesHeader } from '../../common/text/search-text';
import { ApiRateLimited, perMinute } from '../../common/rate-limit/rate-limit';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { DiveSiteSpatialService } from './dive-site-spatial.service';
import { DiveSiteWritesService } from './dive-site-writes.service';
import { DiveSitesService } from './dive-sites.service';
import { CreateDiveSiteDto } from './dto/create-dive-site.dto';
import {
  CheckProximityQueryDto,
  CountriesQueryDto,
  DeleteDiveSiteQueryDto,
  NearbyDiveSitesQueryDto,
  RegionsQueryDto,
} from './dto/dive-site-params.query.dto';
import {
  DiveSiteListResponseDto,
  DiveSiteResponseDto,
  NearbyDiveSiteResponseDto,
  ProximityDiveSiteResponseDto,
} from './dto/dive-site.response.dto';
import { CountDiveSitesQueryDto, ListDiveSitesQueryDto } from './dto/list-dive-sites.query.dto';
import { UpdateDiveSiteDto } from './dto/update-dive-site.dto';
import { CountResponseDto, MessageResponseDto } from '../../common/http/message.response.dto';

@ApiTags('dive-sites')
@Controller('dive-sites')
export class DiveSitesController {
  constructor(
    private readonly sites: DiveSitesService,
    private readonly writes: DiveSiteWritesService,
    private readonly spatial: DiveSiteSpatialService,
  ) {}

  /** Lists live dive sites (envelope A; null fields left out), filtered, sorted and paginated. */
  @Public()
  @Get()
  @ApiBadRequestResponse({
    description: `${PAGE_SIZE_ERROR}; invalid sort_by, sort_order or detail_level; search shorter than 3; more than 20 tag_ids; north ≤ south`,
  })
  @ApiForbiddenResponse({ description: 'Sorting by view_count or comment_count as a non-admin' })
  @ApiHeader({
    name: 'X-Match-Types',
    required: false,
    description:
      'With `search`: JSON `{"<id>": "exact" | "name" | "text" | "fuzzy"}` — how each item of the page matched (exact name, a word of its name or an alias, another field, a misspelt name); absent above 8 KB',
  })
  async list(
    @Query() query: ListDiveSitesQueryDto,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() caller?: AuthenticatedUser,
  ): Promise<DiveSiteListResponseDto> {
    const { matchTypes, ...page } = await this.sites.list(query, caller);
    const header = matchTypes && matchTypesHeader(matchTypes);
    if (header) res.setHeader('X-Match-Types', header);
    return page;
  }

  /** How many sites the list's filters match. */
  @Public()
  @Get('count')
  async count(
    @Query() query: CountDiveSitesQueryDto,
    @CurrentUser() caller?: AuthenticatedUser,
  ): Promise<CountResponseDto> {
    return { total: await this.sites.count(query, caller) };
  }

  /** The countries of live sites, sorted. */
  @Public()
  @Get('countries')
  countries(@Query() query: CountriesQueryDto): Promise<string[]> {
    return this.sites.countries(query.search);
  }

  /** The regions of live sites (of one country), sorted. */
  @Public()
  @Get('regions')
  regions(@Query() query: RegionsQueryDto): Promise<string[]> {
    return this.sites.regions(query.country, query.search);
  }

  /** At most 5 live sites within radius_m of a point, nearest first. */
  @Public()
  @Get('check-proximity')
  checkProximity(@Query() query: CheckProximityQueryDto): Promise<ProximityDiveSiteResponseDto[]> {
    return this.spatial.checkProximity(query.lat, query.lng, query.radius_m ?? 50);
  }

  /** One site with tags, aliases and the caller's rating; counts a view. */
  @Public()
  @Get(':id')
  @ApiNotFoundResponse({ description: 'Dive site not found (or archived, for non-admins)' })
  detail(
    @Param('id', IntParamPipe) id: number,
    @CurrentUser() caller?: AuthenticatedUser,
  ): Promise<DiveSiteResponseDto> {
    return this.sites.detail(id, caller);
  }

  /** Live sites within 100 km of a site, nearest first, with distance_km. */
  @Public()
  @Get(':id/nearby')
  @ApiBadRequestResponse({ description: 'Dive site does not have location coordinates' })
  @ApiNotFoundResponse({ description: 'Dive site not found' })
  nearby(
    @Param('id', IntParamPipe) id: number,
    @Query() query: NearbyDiveSitesQueryDto,
    @CurrentUser() caller?: AuthenticatedUser,
  ): Promise<NearbyDiveSiteResponseDto[]> {
    return this.spatial.nearby(id, query.limit ?? 10, caller);
  }

  /** Creates a site owned by the caller. */
  @Post()
  @Throttle({ default: perMinute('site_create') })
  @ApiRateLimited()
  @ApiAuthErrors()
  @ApiConflictResponse({
    description: 'A live site within 50 m, or one with a similar name within 50 km (detail.nearby_sites)',
  })
  @ApiServiceUnavailableResponse({
    description:
      'Too many sites are being created nearby at once (error "site_creation_busy"); retry after Retry-After',
  })
  create(
    @Body() dto: CreateDiveSiteDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<DiveSiteResponseDto> {
    return this.writes.create(dto, caller);
  }

  /** Changes any subset of a site's fields (admins, moderators and the site's creator). */
  @Put(':id')
  @ApiAuthErrors()
  @ApiForbiddenResponse({ description: 'Not authorized to update this dive site' })
  @ApiNotFoundResponse({ description: 'Dive site not found' })
  update(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: UpdateDiveSiteDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<DiveSiteResponseDto> {
    return this.writes.update(id, dto, caller);
  }

  /** Archives a site (admins and its creator); force=true deletes it for good (admins). */
  @Delete(':id')
  @ApiAuthErrors()
  @ApiForbiddenResponse({ description: 'Not authorized to delete this dive site' })
  @ApiNotFoundResponse({ description: 'Dive site not found' })
  async remove(
    @Param('id', IntParamPipe) id: number,
    @Query() query: DeleteDiveSiteQueryDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<MessageResponseDto> {
    return { message: await this.writes.remove(id, query.force ?? false, caller) };
  }

  /** Brings an archived site back (admins). */
  @Roles('admin')
  @ApiAuthErrors()
  @Post(':id/restore')
  @HttpCode(HttpStatus.OK)
  @ApiBadRequestResponse({ description: 'Dive site is not archived' })
  @ApiNotFoundResponse({ description: 'Dive site not found' })
  async restore(@Param('id', IntParamPipe) id: number): Promise<MessageResponseDto> {
    return { message: await this.writes.restore(id) };
  }
}
