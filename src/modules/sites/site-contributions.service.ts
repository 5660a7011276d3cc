import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** What one user contributed to dive sites (a read model of the sites module's tables). */
export interface SiteContributionCounts {
  /** Dive sites they created; archived sites are not counted */
  sitesCreated: number;
  siteComments: number;
  siteRatings: number;
}

/**
 * The sites module's read model of a user's contributions, for the public profile (profiles module).
 * One round trip; each subquery is served by the created_by / user_id index of its table.
 */
@Injectable()
export class SiteContributionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async countsOf(userId: number): Promise<SiteContributionCounts> {
    const [row] = await this.dataSource.query<Array<Record<string, string | number>>>(
      `SELECT
         (SELECT COUNT(*) FROM dive_sites WHERE created_by = ? AND deleted_at IS NULL) AS sites_created,
         (SELECT COUNT(*) FROM site_comments WHERE user_id = ?) AS site_comments,
         (SELECT COUNT(*) FROM site_ratings WHERE user_id = ?) AS site_ratings`,
      [userId, userId, userId],
    );
    return {
      sitesCreated: Number(row.sites_created),
      siteComments: Number(row.site_comments),
      siteRatings: Number(row.site_ratings),
    };
  }
}
