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
import { DifficultyLevel } from '../../difficulty/entities/difficulty-level.entity';
import { User } from '../../users/entities/user.entity';
import { DiveSiteAlias } from './dive-site-alias.entity';
import { DiveSiteTag } from './dive-site-tag.entity';
import { SiteMedia } from './site-media.entity';

/**
 * A dive site (spec/database.md "Dive Sites Table" without the removed `alternative_names`; aliases
 * live in dive_site_aliases). `location` came with a migration of its own (AddDiveSitesLocation).
 */
@Entity({ name: 'dive_sites' })
@Index('idx_dive_sites_name', ['name'])
@Index('idx_dive_sites_deleted_at_name', ['deletedAt', 'name'])
@Index('idx_dive_sites_country_deleted_at_name', ['country', 'deletedAt', 'name'])
@Index('idx_dive_sites_region_deleted_at_name', ['region', 'deletedAt', 'name'])
@Index('idx_dive_sites_difficulty_id_deleted_at_name', ['difficultyId', 'deletedAt', 'name'])
@Index('idx_dive_sites_created_at', ['createdAt'])
@Index('idx_dive_sites_latitude_longitude', ['latitude', 'longitude'])
export class DiveSite {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'name', type: 'varchar', length: 255 })
  name!: string;

  @Column({ name: 'description', type: 'text', nullable: true })
  description!: string | null;

  @Column({
    name: 'latitude',
    type: 'decimal',
    precision: 10,
    scale: 8,
    nullable: true,
    transformer: decimalTransformer,
  })
  latitude!: number | null;

  @Column({
    name: 'longitude',
    type: 'decimal',
    precision: 11,
    scale: 8,
    nullable: true,
    transformer: decimalTransformer,
  })
  longitude!: number | null;

  @Column({ name: 'address', type: 'text', nullable: true })
  address!: string | null;

  @Column({ name: 'access_instructions', type: 'text', nullable: true })
  accessInstructions!: string | null;

  @Column({ name: 'dive_plans', type: 'text', nullable: true })
  divePlans!: string | null;

  @Column({ name: 'gas_tanks_necessary', type: 'text', nullable: true })
  gasTanksNecessary!: string | null;

  @Column({ name: 'difficulty_id', type: 'int', nullable: true })
  difficultyId!: number | null;

  @ManyToOne(() => DifficultyLevel, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'difficulty_id', foreignKeyConstraintName: 'fk_dive_sites_difficulty_id' })
  difficulty?: Relation<DifficultyLevel> | null;

  @Column({ name: 'marine_life', type: 'text', nullable: true })
  marineLife!: string | null;

  @Column({ name: 'safety_information', type: 'text', nullable: true })
  safetyInformation!: string | null;

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

  @Column({ name: 'country', type: 'varchar', length: 100, nullable: true })
  country!: string | null;

  @Column({ name: 'region', type: 'varchar', length: 100, nullable: true })
  region!: string | null;

  /**
   * SRID-4326 POINT kept in sync with latitude/longitude; POINT(0 0) sentinel when they are NULL.
   * The DDL is hand-written with spatialSql() (TypeORM never emits the SRID). Never assigned through
   * the entity: the sites service writes it with a raw expression in the same transaction as the
   * coordinates (spec/spatial-notes.md §5). `select: false` keeps TypeORM's ST_AsText out of reads;
   * the default lets inserts that omit it succeed (DivemapDataSource turns it into the text the server stores).
   */
  @Index('idx_dive_sites_location', { spatial: true })
  @Column({
    name: 'location',
    type: 'point',
    spatialFeatureType: 'Point',
    srid: 4326,
    select: false,
    default: () => 'point(0,0)',
  })
  location?: string;

  @Column({ name: 'view_count', type: 'int', default: 0 })
  viewCount!: number;

  /**
   * How many ratings the site has and their sum (migration AddRatingAggregatesAndListIndexes): kept by
   * the ratings' own transactions (common/reviews/reviews-store.ts), never written through the entity.
   */
  @Column({ name: 'rating_count', type: 'int', unsigned: true, default: 0, insert: false, update: false })
  ratingCount!: number;

  @Column({ name: 'rating_sum', type: 'int', unsigned: true, default: 0, insert: false, update: false })
  ratingSum!: number;

  @Column({ name: 'created_by', type: 'int', nullable: true })
  createdBy!: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_dive_sites_created_by' })
  creator?: Relation<User> | null;

  /** Set when the site is archived (DECISIONS.md D19). */
  @Column({ name: 'deleted_at', type: 'datetime', precision: 6, nullable: true })
  deletedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;

  @OneToMany(() => DiveSiteAlias, (alias) => alias.diveSite)
  aliases?: Relation<DiveSiteAlias[]>;

  @OneToMany(() => SiteMedia, (media) => media.diveSite)
  media?: Relation<SiteMedia[]>;

  @OneToMany(() => DiveSiteTag, (siteTag) => siteTag.diveSite)
  tags?: Relation<DiveSiteTag[]>;
}
