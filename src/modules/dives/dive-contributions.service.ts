import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** What one user contributed as dive logs (a read model of the dives module's table). */
export interface DiveContributionCounts {
  /** Their logged dives that are not private */
  publicDives: number;
}

/** The dives module's read model of a user's contributions, for the public profile (profiles module). */
@Injectable()
export class DiveContributionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async countsOf(userId: number): Promise<DiveContributionCounts> {
    const [row] = await this.dataSource.query<Array<{ total: string | number }>>(
      'SELECT COUNT(*) AS total FROM dives WHERE user_id = ? AND is_private = 0',
      [userId],
    );
    return { publicDives: Number(row.total) };
  }
}
