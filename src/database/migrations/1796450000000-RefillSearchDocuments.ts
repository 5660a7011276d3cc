import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  centerSearchDocument,
  siteSearchDocument,
  type SearchDocumentRow,
  type SearchedCenter,
  type SearchedSite,
} from '../../common/text/search-text';

const CHUNK = 1000;

type Stored = { doc_names: string | null; doc_body: string | null; doc_trigrams: string | null };

/** Whether the stored document (NULLs: none) differs from the one built now. */
function differs(stored: Stored, built: SearchDocumentRow): boolean {
  return (
    stored.doc_names !== built.names || stored.doc_body !== built.body || stored.doc_trigrams !== built.trigrams
  );
}

/**
 * Rebuilds the site and center search documents (dive_site_search, diving_center_search) from their
 * rows, with the builders the index services use (common/text/search-text.ts siteSearchDocument,
 * centerSearchDocument): the documents now also hold the parts of words written with an apostrophe
 * ("L'Épave" -> lepave, l, epave), so "epave" finds "L'Épave". AddSearchIndexes1796400000000 filled them
 * without those parts, and a landed migration is never edited.
 *
 * Each row's document is built again and written only when it differs from the stored one (or is
 * missing, e.g. rows inserted by other means than the services): most texts have no apostrophe, so on
 * a large database this reads every row once, chunk by chunk in id order, and writes few. Idempotent:
 * a second run writes nothing.
 *
 * down() leaves the documents as they are: they are a superset of what the previous code stored (the
 * extra words only let more searches find a row), and the schema is unchanged.
 */
export class RefillSearchDocuments1796450000000 implements MigrationInterface {
  name = 'RefillSearchDocuments1796450000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.refillSites(queryRunner);
    await this.refillCenters(queryRunner);
  }

  public async down(): Promise<void> {
    // Nothing to undo (see the class comment).
  }

  private async refillSites(queryRunner: QueryRunner): Promise<void> {
    for (let after = 0; ; ) {
      const sites = (await queryRunner.query(
        `SELECT s.id, s.name, s.country, s.region, s.description,
                ss.names AS doc_names, ss.body AS doc_body, ss.trigrams AS doc_trigrams
           FROM dive_sites s LEFT JOIN dive_site_search ss ON ss.dive_site_id = s.id
          WHERE s.id > ? ORDER BY s.id LIMIT ?`,
        [after, CHUNK],
      )) as Array<SearchedSite & Stored & { id: number }>;
      if (sites.length === 0) return;
      const aliases = (await queryRunner.query(
        'SELECT dive_site_id, alias FROM dive_site_aliases WHERE dive_site_id IN (?) ORDER BY id',
        [sites.map((s) => s.id)],
      )) as Array<{ dive_site_id: number; alias: string }>;
      const bySite = new Map<number, string[]>();
      for (const a of aliases) bySite.set(a.dive_site_id, [...(bySite.get(a.dive_site_id) ?? []), a.alias]);
      const rows = sites.flatMap((s) => {
        const doc = siteSearchDocument(s, bySite.get(s.id) ?? []);
        return differs(s, doc) ? [[s.id, doc.names, doc.body, doc.trigrams]] : [];
      });
      if (rows.length > 0) {
        await queryRunner.query(
          `INSERT INTO dive_site_search (dive_site_id, names, body, trigrams) VALUES ?
           ON DUPLICATE KEY UPDATE names = VALUES(names), body = VALUES(body), trigrams = VALUES(trigrams)`,
          [rows],
        );
      }
      after = sites[sites.length - 1].id;
    }
  }

  private async refillCenters(queryRunner: QueryRunner): Promise<void> {
    for (let after = 0; ; ) {
      const centers = (await queryRunner.query(
        `SELECT c.id, c.name, c.description, c.country, c.region, c.city,
                cs.names AS doc_names, cs.body AS doc_body, cs.trigrams AS doc_trigrams
           FROM diving_centers c LEFT JOIN diving_center_search cs ON cs.diving_center_id = c.id
          WHERE c.id > ? ORDER BY c.id LIMIT ?`,
        [after, CHUNK],
      )) as Array<SearchedCenter & Stored & { id: number }>;
      if (centers.length === 0) return;
      const rows = centers.flatMap((c) => {
        const doc = centerSearchDocument(c);
        return differs(c, doc) ? [[c.id, doc.names, doc.body, doc.trigrams]] : [];
      });
      if (rows.length > 0) {
        await queryRunner.query(
          `INSERT INTO diving_center_search (diving_center_id, names, body, trigrams) VALUES ?
           ON DUPLICATE KEY UPDATE names = VALUES(names), body = VALUES(body), trigrams = VALUES(trigrams)`,
          [rows],
        );
      }
      after = centers[centers.length - 1].id;
    }
  }
}
