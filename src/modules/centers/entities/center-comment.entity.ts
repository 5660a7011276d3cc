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
import { DivingCenter } from './diving-center.entity';

@Entity({ name: 'center_comments' })
export class CenterComment {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'diving_center_id', type: 'int' })
  divingCenterId!: number;

  @ManyToOne(() => DivingCenter, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'diving_center_id', foreignKeyConstraintName: 'fk_center_comments_diving_center_id' })
  divingCenter?: Relation<DivingCenter>;

  @Column({ name: 'user_id', type: 'int' })
  userId!: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_center_comments_user_id' })
  user?: Relation<User>;

  @Column({ name: 'comment_text', type: 'text' })
  commentText!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}
