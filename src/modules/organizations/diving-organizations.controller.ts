import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors, Public, Roles } from '../../common/auth/auth.decorators';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { DivingOrganizationsService } from './diving-organizations.service';
import { CreateDivingOrganizationDto } from './dto/create-diving-organization.dto';
import { DivingOrganizationResponseDto } from './dto/diving-organization.response.dto';
import { ListDivingOrganizationsQueryDto } from './dto/list-diving-organizations.query.dto';
import { UpdateDivingOrganizationDto } from './dto/update-diving-organization.dto';
import { MessageResponseDto } from '../../common/http/message.response.dto';

@ApiTags('diving-organizations')
@Controller('diving-organizations')
export class DivingOrganizationsController {
  constructor(private readonly organizations: DivingOrganizationsService) {}

  /** All organizations, by id (skip/limit). */
  @Public()
  @Get()
  list(@Query() query: ListDivingOrganizationsQueryDto): Promise<DivingOrganizationResponseDto[]> {
    return this.organizations.list(query.skip ?? 0, query.limit ?? 100);
  }

  /** One organization by id (numeric), or by exact name or acronym; counts a view. */
  @Public()
  @Get(':identifier')
  @ApiNotFoundResponse({ description: 'Diving organization not found' })
  view(@Param('identifier') identifier: string): Promise<DivingOrganizationResponseDto> {
    return this.organizations.view(identifier);
  }

  /** Creates an organization (admins and moderators). */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiBadRequestResponse({ description: 'An organization with this acronym or name already exists' })
  @Post()
  create(@Body() dto: CreateDivingOrganizationDto): Promise<DivingOrganizationResponseDto> {
    return this.organizations.create(dto);
  }

  /** Updates an organization (admins and moderators). */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiBadRequestResponse({ description: 'An organization with this acronym or name already exists' })
  @ApiNotFoundResponse({ description: 'Diving organization not found' })
  @Put(':id')
  update(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: UpdateDivingOrganizationDto,
  ): Promise<DivingOrganizationResponseDto> {
    return this.organizations.update(id, dto);
  }

  /** Deletes an organization, its center links and the certifications users hold with it. */
  @Roles('admin', 'moderator')
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Diving organization not found' })
  @Delete(':id')
  async remove(@Param('id', IntParamPipe) id: number): Promise<MessageResponseDto> {
    await this.organizations.remove(id);
    return { message: 'Diving organization deleted successfully' };
  }
}
