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
import { DiveSite } from '../../sites/entities/dive-site.entity';
import { ParsedDiveTrip } from './parsed-dive-trip.entity';

/** One dive of a parsed trip. */
@Entity({ name: 'parsed_dives' })
export class ParsedDive {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'trip_id', type: 'int' })
  tripId!: number;

  @ManyToOne(() => ParsedDiveTrip, (trip) => trip.dives, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'trip_id', foreignKeyConstraintName: 'fk_parsed_dives_trip_id' })
  trip?: Relation<ParsedDiveTrip>;

  @Column({ name: 'dive_site_id', type: 'int', nullable: true })
  diveSiteId!: number | null;

  @ManyToOne(() => DiveSite, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'dive_site_id', foreignKeyConstraintName: 'fk_parsed_dives_dive_site_id' })
  diveSite?: Relation<DiveSite> | null;

  @Column({ name: 'dive_number', type: 'int' })
  diveNumber!: number;

  /** `HH:MM:SS`. */
  @Column({ name: 'dive_time', type: 'time', nullable: true })
  diveTime!: string | null;

  /** Minutes. */
  @Column({ name: 'dive_duration', type: 'int', nullable: true })
  diveDuration!: number | null;

  @Column({ name: 'dive_description', type: 'text', nullable: true })
  diveDescription!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}
