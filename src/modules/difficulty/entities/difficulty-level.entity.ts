import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * Lookup table of difficulty levels (spec/database.md "Difficulty Level System"). Seeded by its
 * migration with ids 1–4; every `difficulty_id` elsewhere is a nullable FK to it (NULL = unspecified).
 */
@Entity({ name: 'difficulty_levels' })
@Unique('uq_difficulty_levels_code', ['code'])
@Unique('uq_difficulty_levels_label', ['label'])
export class DifficultyLevel {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  /** Stable code used by the API, e.g. `OPEN_WATER`. */
  @Column({ name: 'code', type: 'varchar', length: 50 })
  code!: string;

  @Column({ name: 'label', type: 'varchar', length: 100 })
  label!: string;

  @Column({ name: 'order_index', type: 'int' })
  orderIndex!: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}
