import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAuthErrors, CurrentUser, Roles } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { ApiHeaderPaginatedResponse } from '../../common/pagination/api-paginated';
import { sendHeaderPage } from '../../common/pagination/pagination';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { CreateUserAdminDto } from './dto/create-user-admin.dto';
import { DeleteUserQueryDto } from './dto/delete-user.query.dto';
import { ListUsersQueryDto } from './dto/list-users.query.dto';
import { UpdateUserAdminDto } from './dto/update-user-admin.dto';
import { toUserListResponse, UserListResponseDto } from './dto/user-list.response.dto';
import { UsersAdminService } from './users-admin.service';
import { MessageResponseDto } from '../../common/http/message.response.dto';

@ApiTags('users (admin)')
@Roles('admin')
@ApiAuthErrors()
@Controller('users/admin/users')
export class UsersAdminController {
  constructor(private readonly admin: UsersAdminService) {}

  /** Lists users, filtered and sorted; a bare array with the X-* pagination headers. */
  @Get()
  @ApiHeaderPaginatedResponse(UserListResponseDto)
  async list(
    @Query() query: ListUsersQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserListResponseDto[]> {
    return sendHeaderPage(res, await this.admin.list(query));
  }

  /** Creates a user (the password follows the strength rule). */
  @Post()
  @ApiBadRequestResponse({ description: 'Weak password, or username or e-mail already registered' })
  async create(@Body() dto: CreateUserAdminDto): Promise<UserListResponseDto> {
    return toUserListResponse(await this.admin.create(dto));
  }

  /** Changes any subset of a user's fields. */
  @Put(':id')
  @ApiBadRequestResponse({
    description: 'Duplicate username or e-mail, weak password, or demoting or disabling yourself',
  })
  @ApiNotFoundResponse({ description: 'User not found' })
  async update(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', IntParamPipe) id: number,
    @Body() dto: UpdateUserAdminDto,
  ): Promise<UserListResponseDto> {
    return toUserListResponse(await this.admin.update(caller.id, id, dto));
  }

  /** Archives a user (default) or, with force=true, deletes them for good. */
  @Delete(':id')
  @ApiBadRequestResponse({ description: 'Cannot delete your own account' })
  @ApiNotFoundResponse({ description: 'User not found' })
  @ApiConflictResponse({ description: 'force=true for a user who has dives: archive the account instead' })
  async remove(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', IntParamPipe) id: number,
    @Query() query: DeleteUserQueryDto,
  ): Promise<MessageResponseDto> {
    return { message: await this.admin.remove(caller.id, id, query.force ?? false) };
  }

  /** Un-archives a user and enables them again. */
  @Post(':id/restore')
  @HttpCode(HttpStatus.OK)
  @ApiBadRequestResponse({ description: 'User is not archived' })
  @ApiNotFoundResponse({ description: 'User not found' })
  async restore(@Param('id', IntParamPipe) id: number): Promise<UserListResponseDto> {
    return toUserListResponse(await this.admin.restore(id));
  }
}
