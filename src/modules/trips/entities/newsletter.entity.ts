import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Raw newsletter text that trips are parsed from (no created_at/updated_at, as the spec has it). */
@Entity({ name: 'newsletters' })
export class Newsletter {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'content', type: 'longtext' })
  content!: string;

  @CreateDateColumn({ name: 'received_at', type: 'datetime', precision: 6 })
  receivedAt!: Date;
}
