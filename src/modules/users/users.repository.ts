import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { containsPattern, LIKE_ESCAPE } from '../../common/pagination/like';
import { offsetOf, type Page, type PageRequest } from '../../common/pagination/pagination';
import type { Sort } from '../../common/pagination/sorting';
import type { UserSortField } from './dto/list-users.query.dto';
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
}
