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
import { DivingCenter } from './diving-center.entity';

/** One rating per user and center (DECISIONS.md D6); score 1–10 is a CHECK in the migration (D7). */
@Entity({ name: 'center_ratings' })
@Unique('uq_center_ratings_diving_center_id_user_id', ['divingCenterId', 'userId'])
export class CenterRating {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'diving_center_id', type: 'int' })
  divingCenterId!: number;

  @ManyToOne(() => DivingCenter, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'diving_center_id', foreignKeyConstraintName: 'fk_center_ratings_diving_center_id' })
  divingCenter?: Relation<DivingCenter>;

  @Column({ name: 'user_id', type: 'int' })
  userId!: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_center_ratings_user_id' })
  user?: Relation<User>;

  @Column({ name: 'score', type: 'int' })
  score!: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}
