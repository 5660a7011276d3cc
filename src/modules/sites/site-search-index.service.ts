import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { replaceSearchDocuments, type SearchDocumentRow } from '../../database/fulltext-documents';
import { siteSearchDocument, type SearchedSite } from '../../common/text/search-text';

/**
 * Keeps `dive_site_search` (one search document per site: names and aliases, place and description;
 * common/text/search-text.ts siteSearchDocument, also used by the migrations that fill it) equal to the sites and their aliases. Every write that changes a searched
 * text calls `refresh` with its EntityManager, so the document changes in the same transaction as the
 * row and a search never sees one without the other. Archiving keeps the document (lists filter on
 * dive_sites.deleted_at); a hard delete drops it (ON DELETE CASCADE).
 */
@Injectable()
export class SiteSearchIndex {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Rebuilds the documents of these sites from their current rows. */
  async refresh(siteIds: number[], em?: EntityManager): Promise<void> {
    const ids = [...new Set(siteIds)];
    if (ids.length === 0) return;
    if (!em) return this.dataSource.transaction((m) => this.refresh(ids, m));
    const sites = await em.query<Array<SearchedSite & { id: number; has_doc: number }>>(
      `SELECT s.id, s.name, s.country, s.region, s.description, ss.dive_site_id IS NOT NULL AS has_doc
         FROM dive_sites s LEFT JOIN dive_site_search ss ON ss.dive_site_id = s.id
        WHERE s.id IN (?)`,
      [ids],
    );
    if (sites.length === 0) return;
    const aliases = await em.query<Array<{ dive_site_id: number; alias: string }>>(
      'SELECT dive_site_id, alias FROM dive_site_aliases WHERE dive_site_id IN (?) ORDER BY id',
      [sites.map((s) => s.id)],
    );
    const aliasesOf = new Map<number, string[]>();
    for (const a of aliases)
      aliasesOf.set(a.dive_site_id, [...(aliasesOf.get(a.dive_site_id) ?? []), a.alias]);
    const rows = sites.map((s): SearchDocumentRow => {
      const doc = siteSearchDocument(s, aliasesOf.get(s.id) ?? []);
      return [s.id, doc.names, doc.body, doc.trigrams];
    });
    const existing = sites.filter((row) => Number(row.has_doc) === 1).map((row) => row.id);
    await replaceSearchDocuments(em, 'dive_site_search', 'dive_site_id', existing, rows);
  }
}
