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
import { DiveSite } from './dive-site.entity';

/** Alternative names of a dive site (used by search and newsletter parsing). */
@Entity({ name: 'dive_site_aliases' })
@Unique('_dive_site_alias_uc', ['diveSiteId', 'alias'])
export class DiveSiteAlias {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'dive_site_id', type: 'int' })
  diveSiteId!: number;

  @ManyToOne(() => DiveSite, (site) => site.aliases, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'dive_site_id', foreignKeyConstraintName: 'fk_dive_site_aliases_dive_site_id' })
  diveSite?: Relation<DiveSite>;

  @Column({ name: 'alias', type: 'varchar', length: 255 })
  alias!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;
}
