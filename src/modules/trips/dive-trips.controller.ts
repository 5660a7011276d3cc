import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors, CurrentUser, Public, Roles } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { DiveTripsService } from './dive-trips.service';
import { CreateDiveTripDto } from './dto/create-dive-trip.dto';
import { DiveTripListResponseDto, DiveTripResponseDto } from './dto/dive-trip.response.dto';
import { UpdateDiveTripDto } from './dto/update-dive-trip.dto';
import { ListDiveTripsQueryDto } from './dto/list-dive-trips.query.dto';
import { MessageResponseDto } from '../../common/http/message.response.dto';

/** Dive trips parsed from newsletters or entered by hand (spec/api.md §11). */
@ApiTags('newsletters')
@Controller('newsletters/trips')
export class DiveTripsController {
  constructor(private readonly trips: DiveTripsService) {}

  /**
   * Trips with their dives, filtered and sorted, in envelope B. Anonymous callers see the two earliest
   * matching trips of each center.
   */
  @Public()
  @Get()
  @ApiBadRequestResponse({ description: 'Invalid sort_by or sort_order' })
  list(
    @Query() query: ListDiveTripsQueryDto,
    @CurrentUser() caller?: AuthenticatedUser,
  ): Promise<DiveTripListResponseDto> {
    return this.trips.list(query, caller);
  }

  /** One trip (signed-in callers); the caller's own dives at its sites that day are linked. */
  @Get(':id')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Trip not found' })
  get(
    @Param('id', IntParamPipe) id: number,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<DiveTripResponseDto> {
    return this.trips.get(id, caller);
  }

  @Post()
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiBadRequestResponse({ description: 'diving_center_id is required' })
  @ApiNotFoundResponse({ description: 'Diving center or dive site not found' })
  create(
    @Body() dto: CreateDiveTripDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<DiveTripResponseDto> {
    return this.trips.create(dto, caller);
  }

  /** Sets the fields given; `dives` replaces all of the trip's dives. */
  @Put(':id')
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Trip, diving center or dive site not found' })
  update(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: UpdateDiveTripDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<DiveTripResponseDto> {
    return this.trips.update(id, dto, caller);
  }

  @Delete(':id')
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Trip not found' })
  async remove(@Param('id', IntParamPipe) id: number): Promise<MessageResponseDto> {
    await this.trips.remove(id);
    return { message: 'Trip deleted successfully' };
  }
}
