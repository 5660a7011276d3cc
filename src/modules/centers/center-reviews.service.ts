import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { UserCertificationsService } from '../organizations/user-certifications.service';
import { DivingCentersService } from './diving-centers.service';
import type { CenterCommentResponseDto, CenterRatingResponseDto } from './dto/center-reviews.dto';

export const COMMENT_NOT_FOUND = 'Comment not found';
export const NOT_AUTHORIZED_TO_EDIT_COMMENT = 'Not authorized to edit this comment';
export const NOT_AUTHORIZED_TO_DELETE_COMMENT = 'Not authorized to delete this comment';

interface CommentRow {
  id: number;
  diving_center_id: number;
  user_id: number;
  username: string;
  comment_text: string;
  created_at: Date;
  updated_at: Date;
  number_of_dives: number;
}

const COMMENT_SELECT = `SELECT c.id, c.diving_center_id, c.user_id, u.username, c.comment_text, c.created_at,
  c.updated_at, u.number_of_dives FROM center_comments c JOIN users u ON u.id = c.user_id`;

/**
 * Ratings and comments of diving centers (spec/api.md §7): one rating per user, upserted with
 * INSERT … ON DUPLICATE KEY UPDATE on the unique (center, user) key (DECISIONS.md D6); comments are
 * edited and deleted by their author or an admin. A comment list is two queries whatever its length
 * (the comments with their authors, then the authors' certification badges).
 */
@Injectable()
export class CenterReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly centers: DivingCentersService,
    private readonly certifications: UserCertificationsService,
  ) {}

  /** Sets the caller's score (a second rating replaces the first); 200 with the rating row. */
  async rate(centerId: number, userId: number, score: number): Promise<CenterRatingResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.centers.requireExists(centerId, em);
      await em.query(
        `INSERT INTO center_ratings (diving_center_id, user_id, score) VALUES (?, ?, ?)
           ON DUPLICATE KEY UPDATE score = VALUES(score)`,
        [centerId, userId, score],
      );
      const [row] = await em.query<CenterRatingResponseDto[]>(
        `SELECT id, diving_center_id, user_id, score, created_at FROM center_ratings
          WHERE diving_center_id = ? AND user_id = ?`,
        [centerId, userId],
      );
      return row;
    });
  }

  /** A center's comments, newest first. */
  async comments(centerId: number): Promise<CenterCommentResponseDto[]> {
    await this.centers.requireExists(centerId);
    const rows = await this.dataSource.query<CommentRow[]>(
      `${COMMENT_SELECT} WHERE c.diving_center_id = ? ORDER BY c.created_at DESC, c.id DESC`,
      [centerId],
    );
    return this.present(rows);
  }

  async addComment(centerId: number, userId: number, text: string): Promise<CenterCommentResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.centers.requireExists(centerId, em);
      const result = await em.query<{ insertId: number }>(
        'INSERT INTO center_comments (diving_center_id, user_id, comment_text) VALUES (?, ?, ?)',
        [centerId, userId, text],
      );
      return this.readComment(result.insertId, em);
    });
  }

  async editComment(
    centerId: number,
    commentId: number,
    caller: AuthenticatedUser,
    text: string,
  ): Promise<CenterCommentResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const comment = await this.requireComment(centerId, commentId, em);
      if (comment.user_id !== caller.id && !caller.isAdmin) {
        throw new ForbiddenException(NOT_AUTHORIZED_TO_EDIT_COMMENT);
      }
      await em.query('UPDATE center_comments SET comment_text = ? WHERE id = ?', [text, commentId]);
      return this.readComment(commentId, em);
    });
  }

  async deleteComment(centerId: number, commentId: number, caller: AuthenticatedUser): Promise<void> {
    await this.centers.requireExists(centerId);
    const comment = await this.requireComment(centerId, commentId);
    if (comment.user_id !== caller.id && !caller.isAdmin) {
      throw new ForbiddenException(NOT_AUTHORIZED_TO_DELETE_COMMENT);
    }
    await this.dataSource.query('DELETE FROM center_comments WHERE id = ?', [commentId]);
  }

  private async requireComment(
    centerId: number,
    commentId: number,
    em?: EntityManager,
  ): Promise<{ user_id: number }> {
    const rows = await (em ?? this.dataSource.manager).query<Array<{ user_id: number }>>(
      `SELECT user_id FROM center_comments WHERE id = ? AND diving_center_id = ?${em ? ' FOR UPDATE' : ''}`,
      [commentId, centerId],
    );
    if (rows.length === 0) throw new NotFoundException(COMMENT_NOT_FOUND);
    return rows[0];
  }

  private async readComment(id: number, em: EntityManager): Promise<CenterCommentResponseDto> {
    const rows = await em.query<CommentRow[]>(`${COMMENT_SELECT} WHERE c.id = ?`, [id]);
    return (await this.present(rows, em))[0];
  }

  private async present(rows: CommentRow[], em?: EntityManager): Promise<CenterCommentResponseDto[]> {
    const badges = await this.certifications.badgesOf(
      rows.map((r) => r.user_id),
      em,
    );
    return rows.map((r) => ({
      id: r.id,
      diving_center_id: r.diving_center_id,
      user_id: r.user_id,
      username: r.username,
      comment_text: r.comment_text,
      created_at: r.created_at,
      updated_at: r.updated_at,
      user_diving_certification: badges.get(r.user_id) ?? null,
      user_number_of_dives: r.number_of_dives,
    }));
  }
}
