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
import { DivingOrganization } from '../../organizations/entities/diving-organization.entity';
import { DivingCenter } from './diving-center.entity';

/** An organization a center is affiliated with (spec/database.md "Diving Center Organizations Table"). */
@Entity({ name: 'diving_center_organizations' })
@Unique('unique_center_org', ['divingCenterId', 'divingOrganizationId'])
export class DivingCenterOrganization {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'diving_center_id', type: 'int' })
  divingCenterId!: number;

  @ManyToOne(() => DivingCenter, (center) => center.organizations, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({
    name: 'diving_center_id',
    foreignKeyConstraintName: 'fk_diving_center_organizations_diving_center_id',
  })
  divingCenter?: Relation<DivingCenter>;

  @Column({ name: 'diving_organization_id', type: 'int' })
  divingOrganizationId!: number;

  @ManyToOne(() => DivingOrganization, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({
    name: 'diving_organization_id',
    foreignKeyConstraintName: 'fk_diving_center_organizations_diving_organization_id',
  })
  divingOrganization?: Relation<DivingOrganization>;

  @Column({ name: 'is_primary', type: 'boolean', default: false })
  isPrimary!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}
