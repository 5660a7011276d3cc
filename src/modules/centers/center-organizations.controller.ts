import { Body, Controller, Delete, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors, Public, Roles } from '../../common/auth/auth.decorators';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { CenterOrganizationsService } from './center-organizations.service';
import { AddCenterOrganizationDto } from './dto/add-center-organization.dto';
import { CenterOrganizationResponseDto } from './dto/center-organization.response.dto';
import { UpdateCenterOrganizationDto } from './dto/update-center-organization.dto';
import { MessageResponseDto } from '../../common/http/message.response.dto';

@ApiTags('diving-centers')
@Controller('diving-centers/:id/organizations')
export class CenterOrganizationsController {
  constructor(private readonly links: CenterOrganizationsService) {}

  /** The organizations a center is affiliated with. */
  @Public()
  @ApiNotFoundResponse({ description: 'Diving center not found' })
  @Get()
  list(@Param('id', IntParamPipe) id: number): Promise<CenterOrganizationResponseDto[]> {
    return this.links.list(id);
  }

  /** Affiliates a center with an organization (admins and moderators); is_primary clears the others. */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiBadRequestResponse({ description: 'Organization is already associated with this diving center' })
  @ApiNotFoundResponse({ description: 'Diving center not found, or Diving organization not found' })
  @Post()
  add(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: AddCenterOrganizationDto,
  ): Promise<CenterOrganizationResponseDto> {
    return this.links.add(id, dto);
  }

  /** Changes an affiliation (the path id is the association's id); is_primary clears the others. */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Diving center not found, or Organization association not found' })
  @Put(':linkId')
  update(
    @Param('id', IntParamPipe) id: number,
    @Param('linkId', IntParamPipe) linkId: number,
    @Body() dto: UpdateCenterOrganizationDto,
  ): Promise<CenterOrganizationResponseDto> {
    return this.links.update(id, linkId, dto);
  }

  /** Removes an affiliation (the path id is the association's id). */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Diving center not found, or Organization relationship not found' })
  @Delete(':linkId')
  async remove(
    @Param('id', IntParamPipe) id: number,
    @Param('linkId', IntParamPipe) linkId: number,
  ): Promise<MessageResponseDto> {
    await this.links.remove(id, linkId);
    return { message: 'Organization removed from diving center successfully' };
  }
}
