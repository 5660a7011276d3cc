import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors, CurrentUser } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { MyCommentListResponseDto, MyRatingListResponseDto } from './dto/my-activity.response.dto';
import { MyCommentsQueryDto } from './dto/list-my-comments.query.dto';
import { MyRatingsQueryDto } from './dto/list-my-ratings.query.dto';
import { MyActivityService } from './my-activity.service';

/** The caller's own comments and ratings on dive sites (under /users/me, owned by sites: D26). */
@ApiTags('users')
@Controller('users/me')
export class MyActivityController {
  constructor(private readonly activity: MyActivityService) {}

  /** The caller's comments on dive sites, newest first (page_size 1–50, default 15). */
  @ApiAuthErrors()
  @Get('comments')
  comments(
    @Query() query: MyCommentsQueryDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<MyCommentListResponseDto> {
    return this.activity.comments(caller, { page: query.page ?? 1, pageSize: query.page_size ?? 15 });
  }

  /** The caller's ratings of dive sites, newest first (page_size 1–100, default 20). */
  @ApiAuthErrors()
  @Get('ratings')
  ratings(
    @Query() query: MyRatingsQueryDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<MyRatingListResponseDto> {
    return this.activity.ratings(caller, { page: query.page ?? 1, pageSize: query.page_size ?? 20 });
  }
}
