import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { toPageEnvelopeWithoutNulls, type WithoutNulls } from '../../common/pagination/envelope';
import { offsetOf, type PageEnvelope, type PageRequest } from '../../common/pagination/pagination';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type {
  ActivityDiveSiteDto,
  MyCommentResponseDto,
  MyRatingResponseDto,
} from './dto/my-activity.response.dto';

interface SiteColumns {
  site_name: string;
  site_country: string | null;
  site_region: string | null;
  site_deleted_at: Date | null;
}

const SITE_COLUMNS =
  's.name AS site_name, s.country AS site_country, s.region AS site_region, s.deleted_at AS site_deleted_at';

function siteOf(id: number, row: SiteColumns): ActivityDiveSiteDto {
  return {
    id,
    name: row.site_name,
    country: row.site_country,
    region: row.site_region,
    deleted_at: row.site_deleted_at,
  };
}

/**
 * The caller's own comments and ratings on dive sites (`/users/me/comments`, `/users/me/ratings`:
 * spec/api.md §5, owned by sites per D26). Envelope A without the page_size whitelist (bounded ranges
 * instead), newest first, each with its site — archived ones included, `deleted_at` says so. Two
 * queries per page whatever its size: the count and the page joined with its sites.
 */
@Injectable()
export class MyActivityService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async comments(
    caller: AuthenticatedUser,
    request: PageRequest,
  ): Promise<PageEnvelope<WithoutNulls<MyCommentResponseDto>>> {
    const [{ total }] = await this.dataSource.query<Array<{ total: string | number }>>(
      'SELECT COUNT(*) AS total FROM site_comments WHERE user_id = ?',
      [caller.id],
    );
    const rows = await this.dataSource.query<
      Array<
        SiteColumns & {
          id: number;
          dive_site_id: number;
          user_id: number;
          comment_text: string;
          created_at: Date;
          updated_at: Date;
        }
      >
    >(
      `SELECT c.id, c.dive_site_id, c.user_id, c.comment_text, c.created_at, c.updated_at, ${SITE_COLUMNS}
         FROM site_comments c JOIN dive_sites s ON s.id = c.dive_site_id
        WHERE c.user_id = ? ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?`,
      [caller.id, request.pageSize, offsetOf(request)],
    );
    const items: MyCommentResponseDto[] = rows.map((r) => ({
      id: r.id,
      dive_site_id: r.dive_site_id,
      user_id: r.user_id,
      username: caller.username,
      comment_text: r.comment_text,
      created_at: r.created_at,
      updated_at: r.updated_at,
      dive_site: siteOf(r.dive_site_id, r),
    }));
    return toPageEnvelopeWithoutNulls({ items, total: Number(total), ...request });
  }

  async ratings(
    caller: AuthenticatedUser,
    request: PageRequest,
  ): Promise<PageEnvelope<WithoutNulls<MyRatingResponseDto>>> {
    const [{ total }] = await this.dataSource.query<Array<{ total: string | number }>>(
      'SELECT COUNT(*) AS total FROM site_ratings WHERE user_id = ?',
      [caller.id],
    );
    const rows = await this.dataSource.query<
      Array<
        SiteColumns & {
          id: number;
          dive_site_id: number;
          user_id: number;
          score: number;
          created_at: Date;
          updated_at: Date;
        }
      >
    >(
      `SELECT r.id, r.dive_site_id, r.user_id, r.score, r.created_at, r.updated_at, ${SITE_COLUMNS}
         FROM site_ratings r JOIN dive_sites s ON s.id = r.dive_site_id
        WHERE r.user_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?`,
      [caller.id, request.pageSize, offsetOf(request)],
    );
    const items: MyRatingResponseDto[] = rows.map((r) => ({
      id: r.id,
      dive_site_id: r.dive_site_id,
      user_id: r.user_id,
      score: r.score,
      created_at: r.created_at,
      updated_at: r.updated_at,
      dive_site: siteOf(r.dive_site_id, r),
    }));
    return toPageEnvelopeWithoutNulls({ items, total: Number(total), ...request });
  }
}
