import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { UserCertificationsService } from '../organizations/user-certifications.service';
import { DiveSitesService } from './dive-sites.service';
import type { SiteCommentResponseDto, SiteRatingResponseDto } from './dto/site-reviews.dto';

export const COMMENT_NOT_FOUND = 'Comment not found';
export const NOT_AUTHORIZED_TO_EDIT_COMMENT = 'Not authorized to edit this comment';
export const NOT_AUTHORIZED_TO_DELETE_COMMENT = 'Not authorized to delete this comment';

interface CommentRow {
  id: number;
  dive_site_id: number;
  user_id: number;
  username: string;
  comment_text: string;
  created_at: Date;
  updated_at: Date;
  number_of_dives: number;
}

const COMMENT_SELECT = `SELECT c.id, c.dive_site_id, c.user_id, u.username, c.comment_text, c.created_at,
  c.updated_at, u.number_of_dives FROM site_comments c JOIN users u ON u.id = c.user_id`;

/**
 * Ratings and comments of dive sites (spec/api.md §6), the same way as the centers' (CenterReviews):
 * one rating per user, upserted with INSERT … ON DUPLICATE KEY UPDATE on the unique (site, user) key
 * (D6), so the list's average/total and the detail's user_rating follow; comments are edited and
 * deleted by their author or an admin (the original has no such endpoints for sites). An archived
 * site's ratings and comments are 404 for non-admins, like the site. A comment list takes two
 * queries whatever its length (comments with their authors, then the authors' certification badges).
 */
@Injectable()
export class SiteReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sites: DiveSitesService,
    private readonly certifications: UserCertificationsService,
  ) {}

  /** Sets the caller's score (a second rating replaces the first); the rating row. */
  async rate(siteId: number, caller: AuthenticatedUser, score: number): Promise<SiteRatingResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.sites.requireVisibleSite(siteId, caller, em);
      await em.query(
        `INSERT INTO site_ratings (dive_site_id, user_id, score) VALUES (?, ?, ?)
           ON DUPLICATE KEY UPDATE score = VALUES(score)`,
        [siteId, caller.id, score],
      );
      const [row] = await em.query<SiteRatingResponseDto[]>(
        `SELECT id, dive_site_id, user_id, score, created_at FROM site_ratings
          WHERE dive_site_id = ? AND user_id = ?`,
        [siteId, caller.id],
      );
      return row;
    });
  }

  /** A site's comments, newest first. */
  async comments(siteId: number, caller: AuthenticatedUser | undefined): Promise<SiteCommentResponseDto[]> {
    await this.sites.requireVisibleSite(siteId, caller);
    const rows = await this.dataSource.query<CommentRow[]>(
      `${COMMENT_SELECT} WHERE c.dive_site_id = ? ORDER BY c.created_at DESC, c.id DESC`,
      [siteId],
    );
    return this.present(rows);
  }

  async addComment(siteId: number, caller: AuthenticatedUser, text: string): Promise<SiteCommentResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.sites.requireVisibleSite(siteId, caller, em);
      const result = await em.query<{ insertId: number }>(
        'INSERT INTO site_comments (dive_site_id, user_id, comment_text) VALUES (?, ?, ?)',
        [siteId, caller.id, text],
      );
      return this.readComment(result.insertId, em);
    });
  }

  /** Changes a comment's text (its author or an admin). */
  async editComment(
    siteId: number,
    commentId: number,
    caller: AuthenticatedUser,
    text: string,
  ): Promise<SiteCommentResponseDto> {
    return this.dataSource.transaction(async (em) => {
      await this.sites.requireVisibleSite(siteId, caller, em);
      const comment = await this.requireComment(siteId, commentId, em);
      if (comment.user_id !== caller.id && !caller.isAdmin) {
        throw new ForbiddenException(NOT_AUTHORIZED_TO_EDIT_COMMENT);
      }
      await em.query('UPDATE site_comments SET comment_text = ? WHERE id = ?', [text, commentId]);
      return this.readComment(commentId, em);
    });
  }

  /** Deletes a comment (its author or an admin). */
  async deleteComment(siteId: number, commentId: number, caller: AuthenticatedUser): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.sites.requireVisibleSite(siteId, caller, em);
      const comment = await this.requireComment(siteId, commentId, em);
      if (comment.user_id !== caller.id && !caller.isAdmin) {
        throw new ForbiddenException(NOT_AUTHORIZED_TO_DELETE_COMMENT);
      }
      await em.query('DELETE FROM site_comments WHERE id = ?', [commentId]);
    });
  }

  /** The comment of this site, locked for the rest of the transaction; 404 otherwise. */
  private async requireComment(
    siteId: number,
    commentId: number,
    em: EntityManager,
  ): Promise<{ user_id: number }> {
    const rows = await em.query<Array<{ user_id: number }>>(
      'SELECT user_id FROM site_comments WHERE id = ? AND dive_site_id = ? FOR UPDATE',
      [commentId, siteId],
    );
    if (rows.length === 0) throw new NotFoundException(COMMENT_NOT_FOUND);
    return rows[0];
  }

  private async readComment(id: number, em: EntityManager): Promise<SiteCommentResponseDto> {
    const rows = await em.query<CommentRow[]>(`${COMMENT_SELECT} WHERE c.id = ?`, [id]);
    return (await this.present(rows, em))[0];
  }

  private async present(rows: CommentRow[], em?: EntityManager): Promise<SiteCommentResponseDto[]> {
    const badges = await this.certifications.badgesOf(
      rows.map((r) => r.user_id),
      em,
    );
    return rows.map((r) => ({
      id: r.id,
      dive_site_id: r.dive_site_id,
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
