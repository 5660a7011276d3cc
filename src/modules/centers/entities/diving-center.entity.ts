import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { decimalTransformer } from '../../../database/transformers';
import { CenterDiveSite } from './center-dive-site.entity';
import { DivingCenterOrganization } from './diving-center-organization.entity';
import { GearRentalCost } from './gear-rental-cost.entity';

/** A diving center (spec/database.md "Diving Centers Table" + address, country, region, city). */
@Entity({ name: 'diving_centers' })
@Index('idx_diving_centers_name', ['name'])
@Index('idx_diving_centers_country_name', ['country', 'name'])
@Index('idx_diving_centers_region_name', ['region', 'name'])
@Index('idx_diving_centers_city_name', ['city', 'name'])
@Index('idx_diving_centers_latitude_longitude', ['latitude', 'longitude'])
export class DivingCenter {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'name', type: 'varchar', length: 255 })
  name!: string;

  @Column({ name: 'description', type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'address', type: 'text', nullable: true })
  address!: string | null;

  @Column({ name: 'email', type: 'varchar', length: 255, nullable: true })
  email!: string | null;

  @Column({ name: 'phone', type: 'varchar', length: 50, nullable: true })
  phone!: string | null;

  @Column({ name: 'website', type: 'varchar', length: 255, nullable: true })
  website!: string | null;

  /** The source of truth for coordinates (never read them back from `location`). */
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

  @Column({ name: 'country', type: 'varchar', length: 100, nullable: true })
  country!: string | null;

  @Column({ name: 'region', type: 'varchar', length: 100, nullable: true })
  region!: string | null;

  @Column({ name: 'city', type: 'varchar', length: 100, nullable: true })
  city!: string | null;

  /**
   * SRID-4326 POINT kept in sync with latitude/longitude; POINT(0 0) sentinel when they are NULL.
   * The DDL is hand-written with spatialSql() (TypeORM never emits the SRID). Never assigned through
   * the entity: write it with a raw expression, e.g. `location: () => spatialSql(f).point(':lng', ':lat')`
   * in the same transaction (spec/spatial-notes.md §5). `select: false` keeps TypeORM's ST_AsText out of
   * reads; the default lets inserts that omit it succeed (DivemapDataSource turns it into the text the server stores).
   */
  @Index('idx_diving_centers_location', { spatial: true })
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
   * How many ratings the center has and their sum (migration AddRatingAggregatesAndListIndexes): kept by
   * the ratings' own transactions (common/reviews/reviews-store.ts), never written through the entity.
   */
  @Column({ name: 'rating_count', type: 'int', unsigned: true, default: 0, insert: false, update: false })
  ratingCount!: number;

  @Column({ name: 'rating_sum', type: 'int', unsigned: true, default: 0, insert: false, update: false })
  ratingSum!: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;

  @OneToMany(() => GearRentalCost, (gear) => gear.divingCenter)
  gearRentalCosts?: Relation<GearRentalCost[]>;

  @OneToMany(() => DivingCenterOrganization, (link) => link.divingCenter)
  organizations?: Relation<DivingCenterOrganization[]>;

  @OneToMany(() => CenterDiveSite, (link) => link.divingCenter)
  diveSites?: Relation<CenterDiveSite[]>;
}
