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
import { DiveSite } from './dive-site.entity';

/** A tag on a dive site (at most once: DECISIONS.md D6). */
@Entity({ name: 'dive_site_tags' })
@Unique('uq_dive_site_tags_dive_site_id_tag_id', ['diveSiteId', 'tagId'])
export class DiveSiteTag {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'dive_site_id', type: 'int' })
  diveSiteId!: number;

  @ManyToOne(() => DiveSite, (site) => site.tags, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'dive_site_id', foreignKeyConstraintName: 'fk_dive_site_tags_dive_site_id' })
  diveSite?: Relation<DiveSite>;

  @Column({ name: 'tag_id', type: 'int' })
  tagId!: number;

  @ManyToOne(() => AvailableTag, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'tag_id', foreignKeyConstraintName: 'fk_dive_site_tags_tag_id' })
  tag?: Relation<AvailableTag>;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}
