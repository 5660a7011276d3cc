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
import { decimalTransformer } from '../../../database/transformers';
import { DivingCenter } from './diving-center.entity';

@Entity({ name: 'gear_rental_costs' })
export class GearRentalCost {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'diving_center_id', type: 'int' })
  divingCenterId!: number;

  @ManyToOne(() => DivingCenter, (center) => center.gearRentalCosts, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'diving_center_id', foreignKeyConstraintName: 'fk_gear_rental_costs_diving_center_id' })
  divingCenter?: Relation<DivingCenter>;

  @Column({ name: 'item_name', type: 'varchar', length: 100 })
  itemName!: string;

  @Column({ name: 'cost', type: 'decimal', precision: 10, scale: 2, transformer: decimalTransformer })
  cost!: number;

  @Column({ name: 'currency', type: 'char', length: 3, default: 'EUR' })
  currency!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}
