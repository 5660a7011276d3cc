import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/auth.decorators';
import { UserPublicResponseDto } from './dto/user-public.response.dto';
import { UserProfilesService } from './user-profiles.service';

@ApiTags('users')
@Controller('users')
export class UserProfilesController {
  constructor(private readonly profiles: UserProfilesService) {}

  /** A user's public profile and contribution counts. */
  @Public()
  @Get(':username/public')
  @ApiNotFoundResponse({ description: 'User not found (also for disabled and archived accounts)' })
  publicProfile(@Param('username') username: string): Promise<UserPublicResponseDto> {
    return this.profiles.publicProfile(username);
  }
}
