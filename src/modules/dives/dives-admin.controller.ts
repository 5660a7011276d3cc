import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors, CurrentUser, Roles } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type { WithoutNulls } from '../../common/pagination/envelope';
import { PAGE_SIZE_ERROR, type PageEnvelope } from '../../common/pagination/pagination';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { DivesService } from './dives.service';
import { DiveListResponseDto, DiveResponseDto } from './dto/dive.response.dto';
import { AdminDiveFilterQueryDto, AdminListDivesQueryDto } from './dto/list-dives.query.dto';
import { UpdateDiveDto } from './dto/update-dive.dto';
import { CountResponseDto, MessageResponseDto } from '../../common/http/message.response.dto';

/** Every dive, private ones included: the only place admins see other users' private dives. */
@ApiTags('dives')
@Roles('admin')
@ApiAuthErrors()
@Controller('dives/admin/dives')
export class DivesAdminController {
  constructor(private readonly dives: DivesService) {}

  /** All dives (envelope A; `limit` is accepted as an alias of page_size), filtered and sorted. */
  @Get()
  @ApiOkResponse({ type: DiveListResponseDto, description: 'Envelope A; items leave null fields out' })
  @ApiBadRequestResponse({
    description: `${PAGE_SIZE_ERROR}; invalid sort_by or sort_order; more than 20 tag_ids`,
  })
  list(
    @Query() query: AdminListDivesQueryDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<PageEnvelope<WithoutNulls<DiveResponseDto>>> {
    return this.dives.adminList(query, caller);
  }

  /** How many dives (private included) the filters match. */
  @Get('count')
  async count(
    @Query() query: AdminDiveFilterQueryDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<CountResponseDto> {
    return { total: await this.dives.adminCount(query, caller) };
  }

  /** Changes any dive. */
  @Put(':id')
  @ApiNotFoundResponse({ description: 'Dive not found' })
  update(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: UpdateDiveDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<DiveResponseDto> {
    return this.dives.update(id, dto, caller);
  }

  /** Deletes any dive with its media and tags. */
  @Delete(':id')
  @ApiNotFoundResponse({ description: 'Dive not found' })
  async remove(@Param('id', IntParamPipe) id: number): Promise<MessageResponseDto> {
    await this.dives.adminRemove(id);
    return { message: 'Dive deleted successfully' };
  }
}
