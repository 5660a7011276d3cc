import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type { BoundedList, ListWindow } from '../../common/pagination/bounded-list';
import type { UserRemovalParticipant } from '../../common/extension-points/user-removal-participant';
import { ReviewsStore, type ReviewTarget } from '../../common/reviews/reviews-store';
import { UserRemovalParticipants } from '../users/user-removal-participants.service';
import { UserCertificationsService } from '../organizations/user-certifications.service';
import { DivingCentersService } from './diving-centers.service';
import type { CenterCommentResponseDto } from './dto/center-comment.response.dto';
import type { CenterRatingResponseDto } from './dto/center-rating.response.dto';

/** The reviews of diving centers: their tables, and the users table their comments' authors come from. */
const DIVING_CENTER_REVIEWS: ReviewTarget<'diving_center_id'> = {
  parentTable: 'diving_centers',
  ratingsTable: 'center_ratings',
  commentsTable: 'center_comments',
  parentColumn: 'diving_center_id',
  authors: { table: 'users', username: 'username', diveCount: 'number_of_dives' },
};

/**
 * Ratings and comments of diving centers (spec/api.md §7), through the reviews store shared with dive
 * sites; this service adds the center's existence check (404 "Diving center not found").
 */
@Injectable()
export class CenterReviewsService implements UserRemovalParticipant, OnModuleInit {
  private readonly store: ReviewsStore<'diving_center_id'>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly centers: DivingCentersService,
    certifications: UserCertificationsService,
    private readonly removals: UserRemovalParticipants,
  ) {
    this.store = new ReviewsStore(DIVING_CENTER_REVIEWS, certifications);
  }

  onModuleInit(): void {
    this.removals.register(this);
  }

  /** A user's permanent deletion: their center ratings leave the aggregates, in its transaction. */
  beforeUserDeleted(userId: number, em: EntityManager): Promise<void> {
    return this.store.removeRatingsOf(em, userId);
  }

  /** Sets the caller's score (a second rating replaces the first); 200 with the rating row. */
  rate(centerId: number, userId: number, score: number): Promise<CenterRatingResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.centers.requireExists(centerId, em);
      return this.store.rate(em, centerId, userId, score);
    });
  }

  /** A window of a center's comments, newest first, and their total. */
  async comments(centerId: number, window: ListWindow): Promise<BoundedList<CenterCommentResponseDto>> {
    await this.centers.requireExists(centerId);
    return this.store.comments(this.dataSource.manager, centerId, window);
  }

  addComment(centerId: number, userId: number, text: string): Promise<CenterCommentResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.centers.requireExists(centerId, em);
      return this.store.addComment(em, centerId, userId, text);
    });
  }

  editComment(
    centerId: number,
    commentId: number,
    caller: AuthenticatedUser,
    text: string,
  ): Promise<CenterCommentResponseDto> {
    return this.dataSource.transaction((em) => this.store.editComment(em, centerId, commentId, caller, text));
  }

  async deleteComment(centerId: number, commentId: number, caller: AuthenticatedUser): Promise<void> {
    await this.centers.requireExists(centerId);
    await this.dataSource.transaction((em) => this.store.deleteComment(em, centerId, commentId, caller));
  }
}
