import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { DiveSite } from './dive-site.entity';
import { MEDIA_TYPES, type MediaType } from '../../../common/media/media-type';

/** Media (URLs) attached to a dive site. */
@Entity({ name: 'site_media' })
export class SiteMedia {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'dive_site_id', type: 'int' })
  diveSiteId!: number;

  @ManyToOne(() => DiveSite, (site) => site.media, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'dive_site_id', foreignKeyConstraintName: 'fk_site_media_dive_site_id' })
  diveSite?: Relation<DiveSite>;

  /** Who added it; NULL once that user is deleted. */
  @Column({ name: 'user_id', type: 'int', nullable: true })
  userId!: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_site_media_user_id' })
  user?: Relation<User> | null;

  @Column({ name: 'media_type', type: 'enum', enum: MEDIA_TYPES })
  mediaType!: MediaType;

  @Column({ name: 'url', type: 'varchar', length: 500 })
  url!: string;

  @Column({ name: 'description', type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'thumbnail_url', type: 'varchar', length: 500, nullable: true })
  thumbnailUrl!: string | null;

  @Column({ name: 'medium_url', type: 'varchar', length: 500, nullable: true })
  mediumUrl!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}
