import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { MEDIA_TYPES, type MediaType } from '../../../common/media/media-type';
import { Dive } from './dive.entity';

@Entity({ name: 'dive_media' })
export class DiveMedia {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'dive_id', type: 'int' })
  diveId!: number;

  @ManyToOne(() => Dive, (dive) => dive.media, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'dive_id', foreignKeyConstraintName: 'fk_dive_media_dive_id' })
  dive?: Relation<Dive>;

  @Column({ name: 'media_type', type: 'enum', enum: MEDIA_TYPES })
  mediaType!: MediaType;

  @Column({ name: 'url', type: 'varchar', length: 500 })
  url!: string;

  @Column({ name: 'description', type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'title', type: 'varchar', length: 255, nullable: true })
  title!: string | null;

  @Column({ name: 'thumbnail_url', type: 'varchar', length: 500, nullable: true })
  thumbnailUrl!: string | null;

  @Column({ name: 'medium_url', type: 'varchar', length: 500, nullable: true })
  mediumUrl!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}
