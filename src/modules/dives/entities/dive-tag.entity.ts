import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { AvailableTag } from '../../tags/entities/available-tag.entity';
import { Dive } from './dive.entity';

/** A tag on a dive (at most once: DECISIONS.md D6). */
@Entity({ name: 'dive_tags' })
@Unique('uq_dive_tags_dive_id_tag_id', ['diveId', 'tagId'])
export class DiveTag {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'dive_id', type: 'int' })
  diveId!: number;

  @ManyToOne(() => Dive, (dive) => dive.tags, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'dive_id', foreignKeyConstraintName: 'fk_dive_tags_dive_id' })
  dive?: Relation<Dive>;

  @Column({ name: 'tag_id', type: 'int' })
  tagId!: number;

  @ManyToOne(() => AvailableTag, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'tag_id', foreignKeyConstraintName: 'fk_dive_tags_tag_id' })
  tag?: Relation<AvailableTag>;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}
