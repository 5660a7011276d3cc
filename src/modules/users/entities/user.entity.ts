import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** Whether other users can find this user and add them as a dive buddy. */
export const BUDDY_VISIBILITIES = ['public', 'private'] as const;
export type BuddyVisibility = (typeof BUDDY_VISIBILITIES)[number];

@Entity({ name: 'users' })
@Unique('uq_users_username', ['username'])
@Unique('uq_users_email', ['email'])
@Unique('uq_users_google_id', ['googleId'])
export class User {
  @PrimaryGeneratedColumn({ name: 'id', type: 'int' })
  id!: number;

  @Column({ name: 'username', type: 'varchar', length: 50 })
  username!: string;

  @Column({ name: 'name', type: 'varchar', length: 255, nullable: true })
  name!: string | null;

  @Column({ name: 'email', type: 'varchar', length: 255 })
  email!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ name: 'google_id', type: 'varchar', length: 255, nullable: true })
  googleId!: string | null;

  @Column({ name: 'avatar_url', type: 'varchar', length: 500, nullable: true })
  avatarUrl!: string | null;

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin!: boolean;

  @Column({ name: 'is_moderator', type: 'boolean', default: false })
  isModerator!: boolean;

  @Column({ name: 'enabled', type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'diving_certification', type: 'varchar', length: 100, nullable: true })
  divingCertification!: string | null;

  @Column({ name: 'number_of_dives', type: 'int', default: 0 })
  numberOfDives!: number;

  /** One of BUDDY_VISIBILITIES, stored as a plain VARCHAR (as the spec has it). */
  @Column({ name: 'buddy_visibility', type: 'varchar', length: 20, default: 'public' })
  buddyVisibility!: BuddyVisibility;

  @Column({ name: 'last_accessed_at', type: 'datetime', precision: 6, nullable: true })
  lastAccessedAt!: Date | null;

  /** Set when the user is archived (DECISIONS.md D17); archived users also have enabled = false. */
  @Column({ name: 'deleted_at', type: 'datetime', precision: 6, nullable: true })
  deletedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt!: Date;
}
