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
import { Newsletter } from './newsletter.entity';
import { ParsedDive } from './parsed-dive.entity';

export const TRIP_STATUSES = ['scheduled', 'confirmed', 'cancelled', 'completed'] as const;
export type TripStatus = (typeof TRIP_STATUSES)[number];

/** A dive trip offered by a center, usually extracted from a newsletter. Belongs to its center (D5). */
@Entity({ name: 'parsed_dive_trips' })
@Index('idx_parsed_dive_trips_trip_date', ['tripDate'])
@Index('idx_parsed_dive_trips_trip_status', ['tripStatus'])
@Index('ft_parsed_dive_trips_text', ['tripDescription', 'specialRequirements'], { fulltext: true })
export class ParsedDiveTrip {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'diving_center_id', type: 'int', nullable: true })
  divingCenterId!: number | null;

  @ManyToOne(() => DivingCenter, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'diving_center_id', foreignKeyConstraintName: 'fk_parsed_dive_trips_diving_center_id' })
  divingCenter?: Relation<DivingCenter> | null;

  /** `YYYY-MM-DD`. */
  @Column({ name: 'trip_date', type: 'date' })
  tripDate!: string;

  /** `HH:MM:SS`. */
  @Column({ name: 'trip_time', type: 'time', nullable: true })
  tripTime!: string | null;

  /** Minutes. */
  @Column({ name: 'trip_duration', type: 'int', nullable: true })
  tripDuration!: number | null;

  @Column({ name: 'trip_difficulty_id', type: 'int', nullable: true })
  tripDifficultyId!: number | null;

  @ManyToOne(() => DifficultyLevel, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({
    name: 'trip_difficulty_id',
    foreignKeyConstraintName: 'fk_parsed_dive_trips_trip_difficulty_id',
  })
  tripDifficulty?: Relation<DifficultyLevel> | null;

  @Column({
    name: 'trip_price',
    type: 'decimal',
    precision: 10,
    scale: 2,
    nullable: true,
    transformer: decimalTransformer,
  })
  tripPrice!: number | null;

  @Column({ name: 'trip_currency', type: 'char', length: 3, default: 'EUR' })
  tripCurrency!: string;

  @Column({ name: 'group_size_limit', type: 'int', nullable: true })
  groupSizeLimit!: number | null;

  @Column({ name: 'current_bookings', type: 'int', default: 0 })
  currentBookings!: number;

  @Column({ name: 'trip_description', type: 'text', nullable: true })
  tripDescription!: string | null;

  @Column({ name: 'special_requirements', type: 'text', nullable: true })
  specialRequirements!: string | null;

  @Column({ name: 'trip_status', type: 'enum', enum: TRIP_STATUSES, default: 'scheduled' })
  tripStatus!: TripStatus;

  @Column({ name: 'source_newsletter_id', type: 'int', nullable: true })
  sourceNewsletterId!: number | null;

  @ManyToOne(() => Newsletter, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({
    name: 'source_newsletter_id',
    foreignKeyConstraintName: 'fk_parsed_dive_trips_source_newsletter_id',
  })
  sourceNewsletter?: Relation<Newsletter> | null;

  @Column({ name: 'view_count', type: 'int', default: 0 })
  viewCount!: number;

  @Column({ name: 'extracted_at', type: 'datetime', precision: 6, default: () => 'CURRENT_TIMESTAMP(6)' })
  extractedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;

  @OneToMany(() => ParsedDive, (dive) => dive.trip)
  dives?: Relation<ParsedDive[]>;
}
