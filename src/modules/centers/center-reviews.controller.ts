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
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import { ApiAuthErrors, CurrentUser, Public } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { ApiBoundedListResponse, sendTotalCount, windowOf } from '../../common/pagination/bounded-list';
import { ApiRateLimited, perMinute } from '../../common/rate-limit/rate-limit';
import { COMMENTS_DEFAULT_LIMIT, ListCommentsQueryDto } from '../../common/reviews/list-comments.query.dto';
import { CenterReviewsService } from './center-reviews.service';
import { CenterCommentDto } from './dto/create-center-comment.dto';
import { CenterCommentResponseDto } from './dto/center-comment.response.dto';
import { CenterRatingResponseDto } from './dto/center-rating.response.dto';
import { RateDivingCenterDto } from './dto/rate-diving-center.dto';
import { MessageResponseDto } from '../../common/http/message.response.dto';

@ApiTags('diving-centers')
@Controller('diving-centers/:id')
export class CenterReviewsController {
  constructor(private readonly reviews: CenterReviewsService) {}

  /** Rates a center 1–10; a second rating replaces the caller's first (200: an upsert). */
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Diving center not found' })
  @Post('rate')
  @HttpCode(HttpStatus.OK)
  rate(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: RateDivingCenterDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<CenterRatingResponseDto> {
    return this.reviews.rate(id, caller.id, dto.score);
  }

  /** A center's comments, newest first: `limit` (default 50, at most 100) from `offset`; X-Total-Count. */
  @Public()
  @ApiBoundedListResponse(CenterCommentResponseDto)
  @ApiNotFoundResponse({ description: 'Diving center not found' })
  @Get('comments')
  async comments(
    @Param('id', IntParamPipe) id: number,
    @Query() query: ListCommentsQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CenterCommentResponseDto[]> {
    return sendTotalCount(res, await this.reviews.comments(id, windowOf(query, COMMENTS_DEFAULT_LIMIT)));
  }

  /** Comments on a center (rate-limited per client IP, like site comments). */
  @Throttle({ default: perMinute('comment') })
  @ApiRateLimited()
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Diving center not found' })
  @Post('comments')
  addComment(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: CenterCommentDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<CenterCommentResponseDto> {
    return this.reviews.addComment(id, caller.id, dto.comment_text);
  }

  /** Edits a comment (its author or an admin). */
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Comment not found' })
  @Put('comments/:commentId')
  editComment(
    @Param('id', IntParamPipe) id: number,
    @Param('commentId', IntParamPipe) commentId: number,
    @Body() dto: CenterCommentDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<CenterCommentResponseDto> {
    return this.reviews.editComment(id, commentId, caller, dto.comment_text);
  }

  /** Deletes a comment (its author or an admin). */
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Diving center not found, or Comment not found' })
  @Delete('comments/:commentId')
  async deleteComment(
    @Param('id', IntParamPipe) id: number,
    @Param('commentId', IntParamPipe) commentId: number,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<MessageResponseDto> {
    await this.reviews.deleteComment(id, commentId, caller);
    return { message: 'Comment deleted successfully' };
  }
}
