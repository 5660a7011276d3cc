import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { DiveSite } from './dive-site.entity';

/**
 * The search document of a dive site (migration AddSearchIndexes1796400000000; what the columns hold:
 * src/common/text/search-text.ts searchDocumentRow). Written by the module in the transaction of each
 * write that changes a searched text; read through FULLTEXT indexes only.
 */
@Entity({ name: 'dive_site_search' })
@Index('ft_dive_site_search_names', ['names'], { fulltext: true })
@Index('ft_dive_site_search_all', ['names', 'body'], { fulltext: true })
@Index('ft_dive_site_search_trigrams', ['trigrams'], { fulltext: true })
export class DiveSiteSearch {
  @PrimaryColumn({ name: 'dive_site_id', type: 'int' })
  diveSiteId!: number;

  @OneToOne(() => DiveSite, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'dive_site_id', foreignKeyConstraintName: 'fk_dive_site_search_dive_site_id' })
  owner?: Relation<DiveSite>;

  @Column({ name: 'names', type: 'text' })
  names!: string;

  @Column({ name: 'body', type: 'mediumtext' })
  body!: string;

  @Column({ name: 'trigrams', type: 'text' })
  trigrams!: string;
}
