import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAuthErrors, CurrentUser, Public } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { ApiBoundedListResponse, sendTotalCount, windowOf } from '../../common/pagination/bounded-list';
import { CHILD_LIST_DEFAULT_LIMIT, ChildListQueryDto } from '../../common/pagination/offset-query.dto';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { CreateUserCertificationDto } from './dto/create-user-certification.dto';
import {
  ToggleCertificationResponseDto,
  UserCertificationResponseDto,
} from './dto/user-certification.response.dto';
import { UpdateUserCertificationDto } from './dto/update-user-certification.dto';
import { UserCertificationsService } from './user-certifications.service';
import { MessageResponseDto } from '../../common/http/message.response.dto';

@ApiTags('user-certifications')
@Controller('user-certifications')
export class UserCertificationsController {
  constructor(private readonly certifications: UserCertificationsService) {}

  /**
   * The caller's certifications, active and inactive, oldest first: `limit` (default 100, at most
   * 500) from `offset`; X-Total-Count.
   */
  @ApiAuthErrors()
  @ApiBoundedListResponse(UserCertificationResponseDto)
  @Get('my-certifications')
  async mine(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ChildListQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserCertificationResponseDto[]> {
    return sendTotalCount(
      res,
      await this.certifications.mine(caller.id, windowOf(query, CHILD_LIST_DEFAULT_LIMIT)),
    );
  }

  /** A user's active certifications, oldest first; paged like the caller's own. */
  @Public()
  @ApiBoundedListResponse(UserCertificationResponseDto)
  @ApiNotFoundResponse({ description: 'User not found' })
  @Get('users/:userId/certifications')
  async ofUser(
    @Param('userId', IntParamPipe) userId: number,
    @Query() query: ChildListQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserCertificationResponseDto[]> {
    return sendTotalCount(
      res,
      await this.certifications.publicOf(userId, windowOf(query, CHILD_LIST_DEFAULT_LIMIT)),
    );
  }

  /** Adds a certification to the caller's profile. */
  @ApiAuthErrors()
  @ApiBadRequestResponse({ description: 'Duplicate, or no (valid) level given' })
  @ApiNotFoundResponse({ description: 'Diving organization not found' })
  @Post('my-certifications')
  create(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: CreateUserCertificationDto,
  ): Promise<UserCertificationResponseDto> {
    return this.certifications.create(caller.id, dto);
  }

  /** Changes one of the caller's certifications (another user's is 404). */
  @ApiAuthErrors()
  @ApiBadRequestResponse({ description: 'Duplicate, or no (valid) level given' })
  @ApiNotFoundResponse({ description: 'Certification not found, or Diving organization not found' })
  @Put('my-certifications/:id')
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', IntParamPipe) id: number,
    @Body() dto: UpdateUserCertificationDto,
  ): Promise<UserCertificationResponseDto> {
    return this.certifications.update(caller.id, id, dto);
  }

  /** Removes one of the caller's certifications. */
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Certification not found' })
  @Delete('my-certifications/:id')
  async remove(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', IntParamPipe) id: number,
  ): Promise<MessageResponseDto> {
    await this.certifications.remove(caller.id, id);
    return { message: 'Certification deleted successfully' };
  }

  /** Shows or hides one of the caller's certifications on their public profile. */
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Certification not found' })
  @Patch('my-certifications/:id/toggle')
  toggle(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', IntParamPipe) id: number,
  ): Promise<ToggleCertificationResponseDto> {
    return this.certifications.toggle(caller.id, id);
  }
}
