import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { decimalTransformer } from '../../../database/transformers';
import { DivingCenter } from '../../centers/entities/diving-center.entity';
import { DifficultyLevel } from '../../difficulty/entities/difficulty-level.entity';
import { DiveSite } from '../../sites/entities/dive-site.entity';
import { User } from '../../users/entities/user.entity';
import { DiveMedia } from './dive-media.entity';
import { DiveTag } from './dive-tag.entity';

export const SUIT_TYPES = ['wet_suit', 'dry_suit', 'shortie'] as const;
export type SuitType = (typeof SUIT_TYPES)[number];

/**
 * A user's logged dive. The user FK is RESTRICT (a user with dives cannot be hard-deleted, D17); site,
 * center and difficulty are SET NULL so nobody else's delete removes a log (D5). Range CHECKs on
 * ratings, depths and duration live in the migration (D7).
 */
@Entity({ name: 'dives' })
@Index('idx_dives_user_id_dive_date_dive_time', ['userId', 'diveDate', 'diveTime'])
@Index('idx_dives_dive_date_dive_time', ['diveDate', 'diveTime'])
@Index('idx_dives_dive_site_id', ['diveSiteId'])
@Index('idx_dives_is_private_dive_date_dive_time', ['isPrivate', 'diveDate', 'diveTime'])
@Index('ft_dives_text', ['name', 'diveInformation'], { fulltext: true })
export class Dive {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'user_id', type: 'int' })
  userId!: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_dives_user_id' })
  user?: Relation<User>;

  @Column({ name: 'dive_site_id', type: 'int', nullable: true })
  diveSiteId!: number | null;

  @ManyToOne(() => DiveSite, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'dive_site_id', foreignKeyConstraintName: 'fk_dives_dive_site_id' })
  diveSite?: Relation<DiveSite> | null;

  @Column({ name: 'diving_center_id', type: 'int', nullable: true })
  divingCenterId!: number | null;

  @ManyToOne(() => DivingCenter, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'diving_center_id', foreignKeyConstraintName: 'fk_dives_diving_center_id' })
  divingCenter?: Relation<DivingCenter> | null;

  @Column({ name: 'name', type: 'varchar', length: 255, nullable: true })
  name!: string | null;

  @Column({ name: 'is_private', type: 'boolean', default: false })
  isPrivate!: boolean;

  @Column({ name: 'dive_information', type: 'text', nullable: true })
  diveInformation!: string | null;

  /** Metres, 0–999.999 (DECISIONS.md D4). */
  @Column({
    name: 'max_depth',
    type: 'decimal',
    precision: 6,
    scale: 3,
    nullable: true,
    transformer: decimalTransformer,
  })
  maxDepth!: number | null;

  @Column({
    name: 'average_depth',
    type: 'decimal',
    precision: 6,
    scale: 3,
    nullable: true,
    transformer: decimalTransformer,
  })
  averageDepth!: number | null;

  @Column({ name: 'gas_bottles_used', type: 'text', nullable: true })
  gasBottlesUsed!: string | null;

  @Column({ name: 'suit_type', type: 'enum', enum: SUIT_TYPES, nullable: true })
  suitType!: SuitType | null;

  @Column({ name: 'difficulty_id', type: 'int', nullable: true })
  difficultyId!: number | null;

  @ManyToOne(() => DifficultyLevel, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'difficulty_id', foreignKeyConstraintName: 'fk_dives_difficulty_id' })
  difficulty?: Relation<DifficultyLevel> | null;

  @Column({ name: 'visibility_rating', type: 'int', nullable: true })
  visibilityRating!: number | null;

  @Column({ name: 'user_rating', type: 'int', nullable: true })
  userRating!: number | null;

  /** `YYYY-MM-DD` (DATE columns are read as strings, so it never shifts a day). */
  @Column({ name: 'dive_date', type: 'date' })
  diveDate!: string;

  /** `HH:MM:SS`. */
  @Column({ name: 'dive_time', type: 'time', nullable: true })
  diveTime!: string | null;

  /** Minutes. */
  @Column({ name: 'duration', type: 'int', nullable: true })
  duration!: number | null;

  @Column({ name: 'view_count', type: 'int', default: 0 })
  viewCount!: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;

  @OneToMany(() => DiveMedia, (media) => media.dive)
  media?: Relation<DiveMedia[]>;

  @OneToMany(() => DiveTag, (diveTag) => diveTag.dive)
  tags?: Relation<DiveTag[]>;
}
