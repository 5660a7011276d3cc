import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** What one user contributed to diving centers (a read model of the centers module's tables). */
export interface CenterContributionCounts {
  centerComments: number;
}

/** The centers module's read model of a user's contributions, for the public profile (profiles module). */
@Injectable()
export class CenterContributionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async countsOf(userId: number): Promise<CenterContributionCounts> {
    const [row] = await this.dataSource.query<Array<{ total: string | number }>>(
      'SELECT COUNT(*) AS total FROM center_comments WHERE user_id = ?',
      [userId],
    );
    return { centerComments: Number(row.total) };
  }
}
