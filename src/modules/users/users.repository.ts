import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { containsPattern, LIKE_ESCAPE } from '../../common/pagination/like';
import { offsetOf, type Page, type PageRequest } from '../../common/pagination/pagination';
import type { Sort } from '../../common/pagination/sorting';
import type { UserSortField } from './dto/list-users.query.dto';
import type { UserPublicStatsDto } from './dto/user-public.response.dto';
import { User } from './entities/user.entity';

export interface UserListFilter {
  /** Substring of the username or the e-mail */
  search?: string;
  isAdmin?: boolean;
  isModerator?: boolean;
  enabled?: boolean;
}

/** sort_by values → the entity's properties. */
const SORT_COLUMNS: Record<UserSortField, keyof User> = {
  id: 'id',
  username: 'username',
  email: 'email',
  created_at: 'createdAt',
  is_admin: 'isAdmin',
  enabled: 'enabled',
  last_accessed_at: 'lastAccessedAt',
};

/** The user queries that outgrow find-options: the admin list and the public profile's counts. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One page of users matching `filter`, sorted (ties broken by id, so pages never overlap). */
  async list(
    filter: UserListFilter,
    sort: Sort<UserSortField>,
    request: PageRequest,
    em: EntityManager = this.dataSource.manager,
  ): Promise<Page<User>> {
    const qb = em.createQueryBuilder(User, 'u');
    if (filter.search) {
      qb.andWhere(
        `(u.username LIKE :pattern ESCAPE '${LIKE_ESCAPE}' OR u.email LIKE :pattern ESCAPE '${LIKE_ESCAPE}')`,
        { pattern: containsPattern(filter.search) },
      );
    }
    if (filter.isAdmin !== undefined) qb.andWhere('u.isAdmin = :isAdmin', { isAdmin: filter.isAdmin });
    if (filter.isModerator !== undefined) {
      qb.andWhere('u.isModerator = :isModerator', { isModerator: filter.isModerator });
    }
    if (filter.enabled !== undefined) qb.andWhere('u.enabled = :enabled', { enabled: filter.enabled });
    qb.orderBy(`u.${SORT_COLUMNS[sort.field]}`, sort.order);
    if (sort.field !== 'id') qb.addOrderBy('u.id', 'ASC');
    const [items, total] = await qb.skip(offsetOf(request)).take(request.pageSize).getManyAndCount();
    return { items, total, page: request.page, pageSize: request.pageSize };
  }

  /** The public profile's counts, in one round trip (each subquery uses the user_id / created_by index). */
  async publicStats(userId: number): Promise<UserPublicStatsDto> {
    const [row] = await this.dataSource.query<Array<Record<keyof UserPublicStatsDto, string | number>>>(
      `SELECT
         (SELECT COUNT(*) FROM dive_sites WHERE created_by = ? AND deleted_at IS NULL) AS dive_sites_created,
         (SELECT COUNT(*) FROM site_comments WHERE user_id = ?)
           + (SELECT COUNT(*) FROM center_comments WHERE user_id = ?) AS comments_posted,
         (SELECT COUNT(*) FROM site_ratings WHERE user_id = ?) AS dive_sites_rated,
         (SELECT COUNT(*) FROM dives WHERE user_id = ? AND is_private = 0) AS dives_logged`,
      [userId, userId, userId, userId, userId],
    );
    return {
      dive_sites_created: Number(row.dive_sites_created),
      comments_posted: Number(row.comments_posted),
      dive_sites_rated: Number(row.dive_sites_rated),
      dives_logged: Number(row.dives_logged),
    };
  }
}
