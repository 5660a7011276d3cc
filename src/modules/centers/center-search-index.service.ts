import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { replaceSearchDocuments, type SearchDocumentRow } from '../../database/fulltext-documents';
import { centerSearchDocument, type SearchedCenter } from '../../common/text/search-text';
import type { DivingCenterFields } from './diving-centers.repository';

/** The center columns its search document is made of (common/text/search-text.ts centerSearchDocument). */
export const SEARCHED_CENTER_FIELDS = [
  'name',
  'description',
  'country',
  'region',
  'city',
] as const satisfies ReadonlyArray<keyof SearchedCenter>;

/** Whether a write of these fields changes the center's search document. */
export function changesSearchDocument(fields: DivingCenterFields): boolean {
  return SEARCHED_CENTER_FIELDS.some((field) => fields[field] !== undefined);
}

/**
 * Keeps `diving_center_search` (one search document per center: its name, and its description,
 * country, region and city; common/text/search-text.ts searchDocumentRow) equal to the centers. Every
 * write that changes a searched text calls `refresh` with its EntityManager, so the document changes in
 * the same transaction as the row and a search never sees one without the other. A delete drops the
 * document (ON DELETE CASCADE). Rows inserted by other means (fixtures, imports) have no document
 * until `refresh` is called for them (the migration AddSearchIndexes1796400000000 filled the existing
 * ones, RefillSearchDocuments1796450000000 rebuilt them all).
 */
@Injectable()
export class CenterSearchIndex {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Rebuilds the documents of these centers from their current rows. */
  async refresh(centerIds: number[], em?: EntityManager): Promise<void> {
    const ids = [...new Set(centerIds)];
    if (ids.length === 0) return;
    if (!em) return this.dataSource.transaction((m) => this.refresh(ids, m));
    const centers = await em.query<Array<SearchedCenter & { id: number; has_doc: number }>>(
      `SELECT c.id, c.name, c.description, c.country, c.region, c.city,
              cs.diving_center_id IS NOT NULL AS has_doc
         FROM diving_centers c LEFT JOIN diving_center_search cs ON cs.diving_center_id = c.id
        WHERE c.id IN (?)`,
      [ids],
    );
    if (centers.length === 0) return;
    const rows = centers.map((c): SearchDocumentRow => {
      const doc = centerSearchDocument(c);
      return [c.id, doc.names, doc.body, doc.trigrams];
    });
    const existing = centers.filter((row) => Number(row.has_doc) === 1).map((row) => row.id);
    await replaceSearchDocuments(em, 'diving_center_search', 'diving_center_id', existing, rows);
  }
}
