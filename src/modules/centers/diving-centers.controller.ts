import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors, CurrentUser, Public, Roles } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type { WithoutNulls } from '../../common/pagination/envelope';
import type { PageEnvelope } from '../../common/pagination/pagination';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
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
  list(
    @Query() query: ListDivingCentersQueryDto,
    @CurrentUser() caller: AuthenticatedUser | undefined,
  ): Promise<PageEnvelope<WithoutNulls<Partial<DivingCenterResponseDto>>>> {
    return this.centers.list(query, caller);
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

  /** Centers whose name contains q: names starting with it first; with lat and lng, ties nearest first. */
  @Public()
  @Get('search')
  search(@Query() query: SearchDivingCentersQueryDto): Promise<DivingCenterSearchResultDto[]> {
    return this.centers.search(query);
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
