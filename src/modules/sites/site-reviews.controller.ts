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
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import { ApiAuthErrors, CurrentUser, Public } from '../../common/auth/auth.decorators';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { IntParamPipe } from '../../common/pipes/int-param.pipe';
import { ApiBoundedListResponse, sendTotalCount, windowOf } from '../../common/pagination/bounded-list';
import { ApiRateLimited, perMinute } from '../../common/rate-limit/rate-limit';
import { COMMENTS_DEFAULT_LIMIT, ListCommentsQueryDto } from '../../common/reviews/list-comments.query.dto';
import { RateDiveSiteDto } from './dto/rate-dive-site.dto';
import { SiteCommentDto } from './dto/create-site-comment.dto';
import { SiteCommentResponseDto } from './dto/site-comment.response.dto';
import { SiteRatingResponseDto } from './dto/site-rating.response.dto';
import { SiteReviewsService } from './site-reviews.service';
import { MessageResponseDto } from '../../common/http/message.response.dto';

@ApiTags('dive-sites')
@Controller('dive-sites/:id')
export class SiteReviewsController {
  constructor(private readonly reviews: SiteReviewsService) {}

  /** Rates a site 1–10 (integers); a second rating replaces the caller's first (200: an upsert). */
  @ApiAuthErrors()
  @ApiNotFoundResponse({ description: 'Dive site not found' })
  @Post('rate')
  @HttpCode(HttpStatus.OK)
  rate(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: RateDiveSiteDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<SiteRatingResponseDto> {
    return this.reviews.rate(id, caller, dto.score);
  }

  /** A site's comments, newest first: `limit` (default 50, at most 100) from `offset`; X-Total-Count. */
  @Public()
  @ApiBoundedListResponse(SiteCommentResponseDto)
  @ApiNotFoundResponse({ description: 'Dive site not found' })
  @Get('comments')
  async comments(
    @Param('id', IntParamPipe) id: number,
    @Query() query: ListCommentsQueryDto,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() caller?: AuthenticatedUser,
  ): Promise<SiteCommentResponseDto[]> {
    return sendTotalCount(
      res,
      await this.reviews.comments(id, caller, windowOf(query, COMMENTS_DEFAULT_LIMIT)),
    );
  }

  /** Comments on a site. */
  @ApiAuthErrors()
  @Throttle({ default: perMinute('comment') })
  @ApiRateLimited()
  @ApiNotFoundResponse({ description: 'Dive site not found' })
  @Post('comments')
  addComment(
    @Param('id', IntParamPipe) id: number,
    @Body() dto: SiteCommentDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<SiteCommentResponseDto> {
    return this.reviews.addComment(id, caller, dto.comment_text);
  }

  /** Edits a comment (its author or an admin). */
  @ApiAuthErrors()
  @ApiForbiddenResponse({ description: 'Not authorized to edit this comment' })
  @ApiNotFoundResponse({ description: 'Dive site not found, or Comment not found' })
  @Put('comments/:comment_id')
  editComment(
    @Param('id', IntParamPipe) id: number,
    @Param('comment_id', IntParamPipe) commentId: number,
    @Body() dto: SiteCommentDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<SiteCommentResponseDto> {
    return this.reviews.editComment(id, commentId, caller, dto.comment_text);
  }

  /** Deletes a comment (its author or an admin). */
  @ApiAuthErrors()
  @ApiForbiddenResponse({ description: 'Not authorized to delete this comment' })
  @ApiNotFoundResponse({ description: 'Dive site not found, or Comment not found' })
  @Delete('comments/:comment_id')
  async deleteComment(
    @Param('id', IntParamPipe) id: number,
    @Param('comment_id', IntParamPipe) commentId: number,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<MessageResponseDto> {
    await this.reviews.deleteComment(id, commentId, caller);
    return { message: 'Comment deleted successfully' };
  }
}
