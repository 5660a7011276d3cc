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
import { decimalTransformer } from '../../../database/transformers';
import { DiveSite } from '../../sites/entities/dive-site.entity';
import { DivingCenter } from './diving-center.entity';

/** A dive site a center goes to, with its price (one link per pair: DECISIONS.md D6). */
@Entity({ name: 'center_dive_sites' })
@Unique('uq_center_dive_sites_diving_center_id_dive_site_id', ['divingCenterId', 'diveSiteId'])
export class CenterDiveSite {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'diving_center_id', type: 'int' })
  divingCenterId!: number;

  @ManyToOne(() => DivingCenter, (center) => center.diveSites, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'diving_center_id', foreignKeyConstraintName: 'fk_center_dive_sites_diving_center_id' })
  divingCenter?: Relation<DivingCenter>;

  @Column({ name: 'dive_site_id', type: 'int' })
  diveSiteId!: number;

  @ManyToOne(() => DiveSite, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'dive_site_id', foreignKeyConstraintName: 'fk_center_dive_sites_dive_site_id' })
  diveSite?: Relation<DiveSite>;

  @Column({
    name: 'dive_cost',
    type: 'decimal',
    precision: 10,
    scale: 2,
    nullable: true,
    transformer: decimalTransformer,
  })
  diveCost!: number | null;

  @Column({ name: 'currency', type: 'char', length: 3, default: 'EUR' })
  currency!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}
