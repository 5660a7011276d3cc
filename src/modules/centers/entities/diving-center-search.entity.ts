import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { DivingCenter } from './diving-center.entity';

/**
 * The search document of a diving center (migration AddSearchIndexes1796400000000; what the columns hold:
 * src/common/text/search-text.ts searchDocumentRow). Written by the module in the transaction of each
 * write that changes a searched text; read through FULLTEXT indexes only.
 */
@Entity({ name: 'diving_center_search' })
@Index('ft_diving_center_search_names', ['names'], { fulltext: true })
@Index('ft_diving_center_search_all', ['names', 'body'], { fulltext: true })
@Index('ft_diving_center_search_trigrams', ['trigrams'], { fulltext: true })
export class DivingCenterSearch {
  @PrimaryColumn({ name: 'diving_center_id', type: 'int' })
  divingCenterId!: number;

  @OneToOne(() => DivingCenter, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'diving_center_id', foreignKeyConstraintName: 'fk_diving_center_search_diving_center_id' })
  owner?: Relation<DivingCenter>;

  @Column({ name: 'names', type: 'text' })
  names!: string;

  @Column({ name: 'body', type: 'mediumtext' })
  body!: string;

  @Column({ name: 'trigrams', type: 'text' })
  trigrams!: string;
}
