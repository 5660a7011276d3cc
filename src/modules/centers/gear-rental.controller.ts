import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAuthErrors, Public, Roles } from '../../common/auth/auth.decorators';
import { ApiBoundedListResponse, sendTotalCount, windowOf } from '../../common/pagination/bounded-list';
import { CHILD_LIST_DEFAULT_LIMIT, ChildListQueryDto } from '../../common/pagination/offset-query.dto';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { CreateGearRentalDto } from './dto/create-gear-rental.dto';
import { GearRentalResponseDto } from './dto/gear-rental.response.dto';
import { UpdateGearRentalDto } from './dto/update-gear-rental.dto';
import { GearRentalService } from './gear-rental.service';
import { MessageResponseDto } from '../../common/http/message.response.dto';

@ApiTags('diving-centers')
@Controller('diving-centers/:id/gear-rental')
export class GearRentalController {
  constructor(private readonly gear: GearRentalService) {}

  /**
   * A center's gear rental prices in the order they were added: `limit` (default 100, at most 500)
   * from `offset`; X-Total-Count.
   */
  @Public()
  @ApiBoundedListResponse(GearRentalResponseDto)
  @ApiNotFoundResponse({ description: 'Diving center not found' })
  @Get()
  async list(
    @Param('id', IntParamPipe) id: number,
    @Query() query: ChildListQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<GearRentalResponseDto[]> {
    return sendTotalCount(res, await this.gear.list(id, windowOf(query, CHILD_LIST_DEFAULT_LIMIT)));
  }

  /** Adds a price (admins and moderators). */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Diving center not found' })
  @Post()
  add(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: CreateGearRentalDto,
  ): Promise<GearRentalResponseDto> {
    return this.gear.add(id, dto);
  }

  /** Changes a price (admins and moderators). */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Diving center not found, or Gear rental not found' })
  @Put(':gearId')
  update(
    @Param('id', IntParamPipe) id: number,
    @Param('gearId', IntParamPipe) gearId: number,
    @Body() dto: UpdateGearRentalDto,
  ): Promise<GearRentalResponseDto> {
    return this.gear.update(id, gearId, dto);
  }

  /** Removes a price (admins and moderators). */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Diving center not found, or Gear rental not found' })
  @Delete(':gearId')
  async remove(
    @Param('id', IntParamPipe) id: number,
    @Param('gearId', IntParamPipe) gearId: number,
  ): Promise<MessageResponseDto> {
    await this.gear.remove(id, gearId);
    return { message: 'Gear rental deleted successfully' };
  }
}
