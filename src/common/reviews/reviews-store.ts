import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { BoundedList, ListWindow } from '../pagination/bounded-list';

export const COMMENT_NOT_FOUND = 'Comment not found';
export const NOT_AUTHORIZED_TO_EDIT_COMMENT = 'Not authorized to edit this comment';
export const NOT_AUTHORIZED_TO_DELETE_COMMENT = 'Not authorized to delete this comment';

/**
 * What is reviewed, as its feature module describes it (common/ names no feature table): its ratings
 * and comments tables, the column of both naming the reviewed row (`K`: the responses carry the
 * parent's id under that name), and where the comments' authors are read from.
 */
export interface ReviewTarget<K extends string> {
  /** The reviewed rows' table: it holds their `rating_count` and `rating_sum`, kept here. */
  parentTable: string;
  ratingsTable: string;
  commentsTable: string;
  parentColumn: K;
  /** The authors' table and its username and declared-dive-count columns, joined on `id = user_id`. */
  authors: { table: string; username: string; diveCount: string };
}

/** The authors' certification badges ("PADI Open Water"), one query for a list of users. */
export interface BadgeSource {
  badgesOf(userIds: number[], em?: EntityManager): Promise<Map<number, string>>;
}

/** A rating row as the API returns it, with the parent's id under the target's parent column. */
export type Rating<K extends string> = {
  id: number;
  user_id: number;
  score: number;
  created_at: Date;
} & Record<K, number>;

/** A comment as the API returns it, with its author's name, badge and declared dive count. */
export type Comment<K extends string> = {
  id: number;
  user_id: number;
  username: string;
  comment_text: string;
  created_at: Date;
  updated_at: Date;
  user_diving_certification: string | null;
  user_number_of_dives: number;
} & Record<K, number>;

interface CommentRow {
  id: number;
  parent_id: number;
  user_id: number;
  username: string;
  comment_text: string;
  created_at: Date;
  updated_at: Date;
  number_of_dives: number;
}

/**
 * Ratings and comments of one target (its feature module passes the ReviewTarget), all following
 * the same rules: one rating per user, upserted with INSERT … ON DUPLICATE KEY UPDATE on the unique
 * (parent, user) key (D6); comments edited and deleted by their author or an admin, the row locked
 * meanwhile; a comment list is two queries whatever its length (comments with their authors, then the
 * authors' badges). The parent's existence and visibility are the caller's business; every method
 * runs on the EntityManager given (a transaction where it writes). Typed by the parent column `K`,
 * so the target's response DTOs need no cast.
 */
export class ReviewsStore<K extends string> {
  private readonly commentSelect: string;

  constructor(
    private readonly target: ReviewTarget<K>,
    private readonly badges: BadgeSource,
  ) {
    const { authors } = target;
    this.commentSelect = `SELECT c.id, c.${target.parentColumn} AS parent_id, c.user_id, u.${authors.username} AS username,
      c.comment_text, c.created_at, c.updated_at, u.${authors.diveCount} AS number_of_dives
      FROM ${target.commentsTable} c JOIN ${authors.table} u ON u.id = c.user_id`;
  }

  /**
   * Sets the user's score (a second rating replaces the first); the rating row. The parent's
   * `rating_count` / `rating_sum` change in the same transaction: the parent row is locked first, so
   * ratings of one parent are serialised (no lost update, no gap-lock deadlock between two first
   * ratings) and the old score read under the lock is the one being replaced. `updated_at` stays: a
   * rating is not an edit of the parent.
   */
  async rate(em: EntityManager, parentId: number, userId: number, score: number): Promise<Rating<K>> {
    const { parentTable, ratingsTable: table, parentColumn: parent } = this.target;
    await em.query(`SELECT id FROM ${parentTable} WHERE id = ? FOR UPDATE`, [parentId]);
    const [previous] = await em.query<Array<{ score: number }>>(
      `SELECT score FROM ${table} WHERE ${parent} = ? AND user_id = ? FOR UPDATE`,
      [parentId, userId],
    );
    await em.query(
      `INSERT INTO ${table} (${parent}, user_id, score) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE score = VALUES(score)`,
      [parentId, userId, score],
    );
    await em.query(
      `UPDATE ${parentTable} SET rating_count = rating_count + ?, rating_sum = rating_sum + ?,
         updated_at = updated_at WHERE id = ?`,
      [previous ? 0 : 1, score - (previous?.score ?? 0), parentId],
    );
    const [row] = await em.query<Array<Rating<K>>>(
      `SELECT id, ${parent}, user_id, score, created_at FROM ${table} WHERE ${parent} = ? AND user_id = ?`,
      [parentId, userId],
    );
    return row;
  }

  /**
   * Before `userId` is deleted: their ratings leave the parents' aggregates, then the ratings go
   * (parents locked first by the UPDATE, the same order as `rate`). In the deletion's transaction.
   */
  async removeRatingsOf(em: EntityManager, userId: number): Promise<void> {
    const { parentTable, ratingsTable: table, parentColumn: parent } = this.target;
    await em.query(
      `UPDATE ${parentTable} p JOIN ${table} r ON r.${parent} = p.id
          SET p.rating_count = p.rating_count - 1, p.rating_sum = p.rating_sum - r.score,
              p.updated_at = p.updated_at
        WHERE r.user_id = ?`,
      [userId],
    );
    await em.query(`DELETE FROM ${table} WHERE user_id = ?`, [userId]);
  }

  /**
   * A window of the parent's comments, newest first (ties by id, so pages never overlap), and how
   * many comments it has.
   */
  async comments(em: EntityManager, parentId: number, window: ListWindow): Promise<BoundedList<Comment<K>>> {
    const { commentsTable: table, parentColumn: parent } = this.target;
    const rows = await em.query<CommentRow[]>(
      `${this.commentSelect} WHERE c.${parent} = ? ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?`,
      [parentId, window.limit, window.offset],
    );
    const [{ total }] = await em.query<Array<{ total: number | string }>>(
      `SELECT COUNT(*) AS total FROM ${table} WHERE ${parent} = ?`,
      [parentId],
    );
    return { items: await this.present(rows, em), total: Number(total) };
  }

  async addComment(em: EntityManager, parentId: number, userId: number, text: string): Promise<Comment<K>> {
    const { commentsTable: table, parentColumn: parent } = this.target;
    const result = await em.query<{ insertId: number }>(
      `INSERT INTO ${table} (${parent}, user_id, comment_text) VALUES (?, ?, ?)`,
      [parentId, userId, text],
    );
    return this.readComment(em, result.insertId);
  }

  /** Changes a comment's text (its author or an admin; else 403); 404 when not the parent's. */
  async editComment(
    em: EntityManager,
    parentId: number,
    commentId: number,
    caller: AuthenticatedUser,
    text: string,
  ): Promise<Comment<K>> {
    await this.requireOwnComment(em, parentId, commentId, caller, NOT_AUTHORIZED_TO_EDIT_COMMENT);
    await em.query(`UPDATE ${this.target.commentsTable} SET comment_text = ? WHERE id = ?`, [
      text,
      commentId,
    ]);
    return this.readComment(em, commentId);
  }

  /** Deletes a comment (its author or an admin; else 403); 404 when not the parent's. */
  async deleteComment(
    em: EntityManager,
    parentId: number,
    commentId: number,
    caller: AuthenticatedUser,
  ): Promise<void> {
    await this.requireOwnComment(em, parentId, commentId, caller, NOT_AUTHORIZED_TO_DELETE_COMMENT);
    await em.query(`DELETE FROM ${this.target.commentsTable} WHERE id = ?`, [commentId]);
  }

  /** The comment of this parent, locked for the rest of the transaction; 404, then 403 for others'. */
  private async requireOwnComment(
    em: EntityManager,
    parentId: number,
    commentId: number,
    caller: AuthenticatedUser,
    forbidden: string,
  ): Promise<void> {
    const rows = await em.query<Array<{ user_id: number }>>(
      `SELECT user_id FROM ${this.target.commentsTable} WHERE id = ? AND ${this.target.parentColumn} = ? FOR UPDATE`,
      [commentId, parentId],
    );
    if (rows.length === 0) throw new NotFoundException(COMMENT_NOT_FOUND);
    if (rows[0].user_id !== caller.id && !caller.isAdmin) throw new ForbiddenException(forbidden);
  }

  private async readComment(em: EntityManager, id: number): Promise<Comment<K>> {
    const rows = await em.query<CommentRow[]>(`${this.commentSelect} WHERE c.id = ?`, [id]);
    return (await this.present(rows, em))[0];
  }

  private async present(rows: CommentRow[], em: EntityManager): Promise<Array<Comment<K>>> {
    const badges = await this.badges.badgesOf(
      rows.map((r) => r.user_id),
      em,
    );
    return rows.map((r) => ({
      id: r.id,
      ...keyed(this.target.parentColumn, r.parent_id),
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

/** `{ [key]: value }` typed by its key (TypeScript widens a computed generic key to `string`). */
function keyed<K extends string, V>(key: K, value: V): Record<K, V> {
  return { [key]: value } as Record<K, V>;
}
