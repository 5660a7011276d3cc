import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { DiveSite } from './dive-site.entity';

@Entity({ name: 'site_comments' })
export class SiteComment {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'dive_site_id', type: 'int' })
  diveSiteId!: number;

  @ManyToOne(() => DiveSite, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'dive_site_id', foreignKeyConstraintName: 'fk_site_comments_dive_site_id' })
  diveSite?: Relation<DiveSite>;

  @Column({ name: 'user_id', type: 'int' })
  userId!: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_site_comments_user_id' })
  user?: Relation<User>;

  @Column({ name: 'comment_text', type: 'text' })
  commentText!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}
