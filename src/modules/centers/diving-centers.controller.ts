import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAuthErrors, CurrentUser, Public, Roles } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type { WithoutNulls } from '../../common/pagination/envelope';
import type { PageEnvelope } from '../../common/pagination/pagination';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { matchTypesHeader, type MatchType } from '../../common/text/search-text';
import { DivingCentersService } from './diving-centers.service';
import { CreateDivingCenterDto } from './dto/create-diving-center.dto';
import {
  DivingCenterDetailResponseDto,
  DivingCenterResponseDto,
  DivingCenterSearchResultDto,
  NearbyDivingCenterResponseDto,
} from './dto/diving-center.response.dto';
import { UpdateDivingCenterDto } from './dto/update-diving-center.dto';
import {
  CountDivingCentersQueryDto,
  ListDivingCentersQueryDto,
  NearbyDivingCentersQueryDto,
  SearchDivingCentersQueryDto,
} from './dto/list-diving-centers.query.dto';
import { CountResponseDto, MessageResponseDto } from '../../common/http/message.response.dto';

/** Sets X-Match-Types from a result's match types (nothing without a search, or above 8 KB). */
function sendMatchTypes(res: Response, matchTypes: Map<number, MatchType> | undefined): void {
  const header = matchTypes && matchTypesHeader(matchTypes);
  if (header) res.setHeader('X-Match-Types', header);
}

const MATCH_TYPES_DESCRIPTION =
  'JSON `{"<id>": "exact" | "name" | "text" | "fuzzy"}` — how each item matched the search: its exact name, the words of its name, another field (description, country, region, city), or a name close to a misspelt search; absent above 8 KB';

@ApiTags('diving-centers')
@Controller('diving-centers')
export class DivingCentersController {
  constructor(private readonly centers: DivingCentersService) {}

  /** Centers with filters, sort, bounding box and detail level (envelope A; null fields left out). */
  @Public()
  @Get()
  @ApiBadRequestResponse({
    description:
      'page_size outside the allowed sizes, invalid sort_by/sort_order/detail_level, north ≤ south',
  })
  @ApiHeader({
    name: 'X-Match-Types',
    required: false,
    description: `With \`search\`: ${MATCH_TYPES_DESCRIPTION}`,
  })
  async list(
    @Query() query: ListDivingCentersQueryDto,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() caller: AuthenticatedUser | undefined,
  ): Promise<PageEnvelope<WithoutNulls<Partial<DivingCenterResponseDto>>>> {
    const { matchTypes, ...page } = await this.centers.list(query, caller);
    sendMatchTypes(res, matchTypes);
    return page;
  }

  /** How many centers match the list's filters. */
  @Public()
  @Get('count')
  async count(@Query() query: CountDivingCentersQueryDto): Promise<CountResponseDto> {
    return { total: await this.centers.count(query) };
  }

  /** Centers within radius_km of a point, nearest first (centers without coordinates never appear). */
  @Public()
  @Get('nearby')
  nearby(@Query() query: NearbyDivingCentersQueryDto): Promise<NearbyDivingCenterResponseDto[]> {
    return this.centers.nearby({ lat: query.lat, lng: query.lng }, query.radius_km ?? 100, query.limit ?? 25);
  }

  /**
   * Centers whose name has the words of q (word prefixes; case, accents and Greek/Latin spelling
   * aside): names starting with q first; with lat and lng, ties nearest first. Few matches: names close
   * to a misspelt q follow.
   */
  @Public()
  @Get('search')
  @ApiHeader({ name: 'X-Match-Types', required: false, description: MATCH_TYPES_DESCRIPTION })
  async search(
    @Query() query: SearchDivingCentersQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DivingCenterSearchResultDto[]> {
    const { items, matchTypes } = await this.centers.search(query);
    sendMatchTypes(res, matchTypes);
    return items;
  }

  /** One center, the caller's rating of it; counts a view. */
  @Public()
  @Get(':id')
  @ApiNotFoundResponse({ description: 'Diving center not found' })
  detail(
    @Param('id', IntParamPipe) id: number,
    @CurrentUser() caller: AuthenticatedUser | undefined,
  ): Promise<DivingCenterDetailResponseDto> {
    return this.centers.detail(id, caller);
  }

  /** Creates a center (admins and moderators). Coordinates: both or neither. */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @Post()
  create(
    @Body() dto: CreateDivingCenterDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<DivingCenterResponseDto> {
    return this.centers.create(dto, caller);
  }

  /** Updates a center (admins and moderators). Coordinates change together: both, or neither. */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Diving center not found' })
  @Put(':id')
  update(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: UpdateDivingCenterDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<DivingCenterResponseDto> {
    return this.centers.update(id, dto, caller);
  }

  /** Deletes a center and what hangs off it; dives logged with it keep their row (center cleared). */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Diving center not found' })
  @Delete(':id')
  async remove(@Param('id', IntParamPipe) id: number): Promise<MessageResponseDto> {
    await this.centers.remove(id);
    return { message: 'Diving center deleted successfully' };
  }
}
