import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type { BoundedList, ListWindow } from '../../common/pagination/bounded-list';
import { DIVING_CENTER_REVIEWS, ReviewsStore } from '../../common/reviews/reviews-store';
import { UserCertificationsService } from '../organizations/user-certifications.service';
import { DivingCentersService } from './diving-centers.service';
import type { CenterCommentResponseDto, CenterRatingResponseDto } from './dto/center-reviews.dto';

export {
  COMMENT_NOT_FOUND,
  NOT_AUTHORIZED_TO_DELETE_COMMENT,
  NOT_AUTHORIZED_TO_EDIT_COMMENT,
} from '../../common/reviews/reviews-store';

/**
 * Ratings and comments of diving centers (spec/api.md §7), through the reviews store shared with dive
 * sites; this service adds the center's existence check (404 "Diving center not found").
 */
@Injectable()
export class CenterReviewsService {
  private readonly store: ReviewsStore;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly centers: DivingCentersService,
    certifications: UserCertificationsService,
  ) {
    this.store = new ReviewsStore(DIVING_CENTER_REVIEWS, certifications);
  }

  /** Sets the caller's score (a second rating replaces the first); 200 with the rating row. */
  rate(centerId: number, userId: number, score: number): Promise<CenterRatingResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.centers.requireExists(centerId, em);
      return (await this.store.rate(em, centerId, userId, score)) as unknown as CenterRatingResponseDto;
    });
  }

  /** A window of a center's comments, newest first, and their total. */
  async comments(centerId: number, window: ListWindow): Promise<BoundedList<CenterCommentResponseDto>> {
    await this.centers.requireExists(centerId);
    return (await this.store.comments(
      this.dataSource.manager,
      centerId,
      window,
    )) as unknown as BoundedList<CenterCommentResponseDto>;
  }

  addComment(centerId: number, userId: number, text: string): Promise<CenterCommentResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.centers.requireExists(centerId, em);
      return (await this.store.addComment(em, centerId, userId, text)) as unknown as CenterCommentResponseDto;
    });
  }

  editComment(
    centerId: number,
    commentId: number,
    caller: AuthenticatedUser,
    text: string,
  ): Promise<CenterCommentResponseDto> {
    return this.dataSource.transaction(
      async (em) =>
        (await this.store.editComment(
          em,
          centerId,
          commentId,
          caller,
          text,
        )) as unknown as CenterCommentResponseDto,
    );
  }

  async deleteComment(centerId: number, commentId: number, caller: AuthenticatedUser): Promise<void> {
    await this.centers.requireExists(centerId);
    await this.dataSource.transaction((em) => this.store.deleteComment(em, centerId, commentId, caller));
  }
}
