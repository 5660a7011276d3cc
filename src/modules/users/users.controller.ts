import { Body, Controller, Delete, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { ApiAuthErrors, CurrentUser } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { ApiRateLimited, perMinute } from '../../common/rate-limit/rate-limit';
import { AccountService } from './account.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { UpdateMeDto } from './dto/update-me.dto';
import { toUserResponse, UserResponseDto } from './dto/user.response.dto';
import { MessageResponseDto } from '../../common/http/message.response.dto';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly account: AccountService) {}

  /** Updates the caller's profile. The e-mail cannot be changed; passwords change through change-password. */
  @Put('me')
  @ApiAuthErrors()
  @ApiBadRequestResponse({
    description: 'A password field, a reserved username, or a username already registered',
  })
  async updateMe(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: UpdateMeDto,
  ): Promise<UserResponseDto> {
    return toUserResponse(await this.account.updateMe(caller.id, dto));
  }

  /** Changes the caller's password; every refresh session of the account is revoked. */
  @Post('me/change-password')
  @HttpCode(HttpStatus.OK)
  @Throttle({ default: perMinute('login') })
  @ApiRateLimited()
  @ApiAuthErrors()
  @ApiBadRequestResponse({ description: 'Current password is incorrect, or the new one is too weak' })
  async changePassword(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: ChangePasswordDto,
  ): Promise<MessageResponseDto> {
    return { message: await this.account.changePassword(caller.id, dto) };
  }

  /** Archives the caller's account: their sessions end and they can no longer sign in. */
  @Delete('me')
  @ApiAuthErrors()
  async archiveMe(@CurrentUser() caller: AuthenticatedUser): Promise<MessageResponseDto> {
    await this.account.archiveSelf(caller.id);
    return { message: 'Account archived successfully' };
  }
}
