import { Body, Controller, Delete, Get, Param, Post, Put } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors, Public, Roles } from '../../common/auth/auth.decorators';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { CreateGearRentalDto, GearRentalResponseDto, UpdateGearRentalDto } from './dto/gear-rental.dto';
import { GearRentalService } from './gear-rental.service';
import { MessageResponseDto } from '../../common/http/message.response.dto';

@ApiTags('diving-centers')
@Controller('diving-centers/:id/gear-rental')
export class GearRentalController {
  constructor(private readonly gear: GearRentalService) {}

  /** A center's gear rental prices. */
  @Public()
  @ApiNotFoundResponse({ description: 'Diving center not found' })
  @Get()
  list(@Param('id', IntParamPipe) id: number): Promise<GearRentalResponseDto[]> {
    return this.gear.list(id);
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
