import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type { BoundedList, ListWindow } from '../../common/pagination/bounded-list';
import { DIVE_SITE_REVIEWS, ReviewsStore } from '../../common/reviews/reviews-store';
import { UserCertificationsService } from '../organizations/user-certifications.service';
import { DiveSitesService } from './dive-sites.service';
import type { SiteCommentResponseDto, SiteRatingResponseDto } from './dto/site-reviews.dto';

export {
  COMMENT_NOT_FOUND,
  NOT_AUTHORIZED_TO_DELETE_COMMENT,
  NOT_AUTHORIZED_TO_EDIT_COMMENT,
} from '../../common/reviews/reviews-store';

/**
 * Ratings and comments of dive sites (spec/api.md §6), through the reviews store shared with diving
 * centers, so the list's average/total and the detail's user_rating follow. This service adds the
 * site check: an archived site's ratings and comments are 404 for non-admins, like the site. (The
 * original has no comment edit/delete for sites; ours behave as the centers'.)
 */
@Injectable()
export class SiteReviewsService {
  private readonly store: ReviewsStore;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sites: DiveSitesService,
    certifications: UserCertificationsService,
  ) {
    this.store = new ReviewsStore(DIVE_SITE_REVIEWS, certifications);
  }

  /** Sets the caller's score (a second rating replaces the first); the rating row. */
  rate(siteId: number, caller: AuthenticatedUser, score: number): Promise<SiteRatingResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.sites.requireVisibleSite(siteId, caller, em);
      return (await this.store.rate(em, siteId, caller.id, score)) as unknown as SiteRatingResponseDto;
    });
  }

  /** A window of a site's comments, newest first, and their total. */
  async comments(
    siteId: number,
    caller: AuthenticatedUser | undefined,
    window: ListWindow,
  ): Promise<BoundedList<SiteCommentResponseDto>> {
    await this.sites.requireVisibleSite(siteId, caller);
    return (await this.store.comments(
      this.dataSource.manager,
      siteId,
      window,
    )) as unknown as BoundedList<SiteCommentResponseDto>;
  }

  addComment(siteId: number, caller: AuthenticatedUser, text: string): Promise<SiteCommentResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.sites.requireVisibleSite(siteId, caller, em);
      return (await this.store.addComment(em, siteId, caller.id, text)) as unknown as SiteCommentResponseDto;
    });
  }

  /** Changes a comment's text (its author or an admin). */
  editComment(
    siteId: number,
    commentId: number,
    caller: AuthenticatedUser,
    text: string,
  ): Promise<SiteCommentResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.sites.requireVisibleSite(siteId, caller, em);
      return (await this.store.editComment(
        em,
        siteId,
        commentId,
        caller,
        text,
      )) as unknown as SiteCommentResponseDto;
    });
  }

  /** Deletes a comment (its author or an admin). */
  async deleteComment(siteId: number, commentId: number, caller: AuthenticatedUser): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.sites.requireVisibleSite(siteId, caller, em);
      await this.store.deleteComment(em, siteId, commentId, caller);
    });
  }
}
