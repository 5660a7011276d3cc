import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { DivingOrganization } from './diving-organization.entity';

/** A user's certification with an organization (DECISIONS.md D6: one row per user, organization, level). */
@Entity({ name: 'user_certifications' })
// The conventional name uq_user_certifications_user_id_diving_organization_id_certification_level
// is longer than MySQL's 64-character identifier limit.
@Unique('uq_user_certifications_user_org_level', ['userId', 'divingOrganizationId', 'certificationLevel'])
export class UserCertification {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'user_id', type: 'int' })
  userId!: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_certifications_user_id' })
  user?: Relation<User>;

  @Column({ name: 'diving_organization_id', type: 'int' })
  divingOrganizationId!: number;

  @ManyToOne(() => DivingOrganization, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({
    name: 'diving_organization_id',
    foreignKeyConstraintName: 'fk_user_certifications_diving_organization_id',
  })
  divingOrganization?: Relation<DivingOrganization>;

  @Column({ name: 'certification_level', type: 'varchar', length: 100 })
  certificationLevel!: string;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}
