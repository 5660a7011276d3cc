import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type { BoundedList, ListWindow } from '../../common/pagination/bounded-list';
import type { UserRemovalParticipant } from '../../common/extension-points/user-removal-participant';
import { ReviewsStore, type ReviewTarget } from '../../common/reviews/reviews-store';
import { UserRemovalParticipants } from '../users/user-removal-participants.service';
import { UserCertificationsService } from '../organizations/user-certifications.service';
import { DiveSiteAccessPolicy } from './dive-site-access.policy';
import type { SiteCommentResponseDto } from './dto/site-comment.response.dto';
import type { SiteRatingResponseDto } from './dto/site-rating.response.dto';

/** The reviews of dive sites: their tables, and the users table their comments' authors come from. */
const DIVE_SITE_REVIEWS: ReviewTarget<'dive_site_id'> = {
  parentTable: 'dive_sites',
  ratingsTable: 'site_ratings',
  commentsTable: 'site_comments',
  parentColumn: 'dive_site_id',
  authors: { table: 'users', username: 'username', diveCount: 'number_of_dives' },
};

/**
 * Ratings and comments of dive sites (spec/api.md §6), through the reviews store shared with diving
 * centers, so the list's average/total and the detail's user_rating follow. This service adds the
 * site check: an archived site's ratings and comments are 404 for non-admins, like the site. (The
 * original has no comment edit/delete for sites; ours behave as the centers'.)
 */
@Injectable()
export class SiteReviewsService implements UserRemovalParticipant, OnModuleInit {
  private readonly store: ReviewsStore<'dive_site_id'>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly siteAccess: DiveSiteAccessPolicy,
    certifications: UserCertificationsService,
    private readonly removals: UserRemovalParticipants,
  ) {
    this.store = new ReviewsStore(DIVE_SITE_REVIEWS, certifications);
  }

  onModuleInit(): void {
    this.removals.register(this);
  }

  /** A user's permanent deletion: their site ratings leave the aggregates, in its transaction. */
  beforeUserDeleted(userId: number, em: EntityManager): Promise<void> {
    return this.store.removeRatingsOf(em, userId);
  }

  /** Sets the caller's score (a second rating replaces the first); the rating row. */
  rate(siteId: number, caller: AuthenticatedUser, score: number): Promise<SiteRatingResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.siteAccess.requireVisibleSite(siteId, caller, em);
      return this.store.rate(em, siteId, caller.id, score);
    });
  }

  /** A window of a site's comments, newest first, and their total. */
  async comments(
    siteId: number,
    caller: AuthenticatedUser | undefined,
    window: ListWindow,
  ): Promise<BoundedList<SiteCommentResponseDto>> {
    await this.siteAccess.requireVisibleSite(siteId, caller);
    return this.store.comments(this.dataSource.manager, siteId, window);
  }

  addComment(siteId: number, caller: AuthenticatedUser, text: string): Promise<SiteCommentResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.siteAccess.requireVisibleSite(siteId, caller, em);
      return this.store.addComment(em, siteId, caller.id, text);
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
      await this.siteAccess.requireVisibleSite(siteId, caller, em);
      return this.store.editComment(em, siteId, commentId, caller, text);
    });
  }

  /** Deletes a comment (its author or an admin). */
  async deleteComment(siteId: number, commentId: number, caller: AuthenticatedUser): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.siteAccess.requireVisibleSite(siteId, caller, em);
      await this.store.deleteComment(em, siteId, commentId, caller);
    });
  }
}
