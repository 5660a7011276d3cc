import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { DiveSite } from './dive-site.entity';

/** One rating per user and site (DECISIONS.md D6); score 1–10 is a CHECK in the migration (D7). */
@Entity({ name: 'site_ratings' })
@Unique('uq_site_ratings_dive_site_id_user_id', ['diveSiteId', 'userId'])
export class SiteRating {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'dive_site_id', type: 'int' })
  diveSiteId!: number;

  @ManyToOne(() => DiveSite, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'dive_site_id', foreignKeyConstraintName: 'fk_site_ratings_dive_site_id' })
  diveSite?: Relation<DiveSite>;

  @Column({ name: 'user_id', type: 'int' })
  userId!: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_site_ratings_user_id' })
  user?: Relation<User>;

  @Column({ name: 'score', type: 'int' })
  score!: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}
