import type { EntityManager } from 'typeorm';

/** A search document row: the owner's id, then its names, body and trigrams columns. */
export type SearchDocumentRow = [id: number, names: string, body: string, trigrams: string];

/**
 * Writes search documents into a FULLTEXT-indexed table (`idColumn`, names, body, trigrams) by
 * replacing them, never by upserting: MySQL 9.7 re-indexes only the last row a multi-row
 * `INSERT … ON DUPLICATE KEY UPDATE` (or `REPLACE`) changes (docs/architecture.md "FULLTEXT on
 * MySQL"). `existingIds` are the rows known to have a document: only those are deleted, so the
 * DELETE takes record locks, no gap locks. Run it inside the caller's transaction.
 */
export async function replaceSearchDocuments(
  em: Pick<EntityManager, 'query'>,
  table: string,
  idColumn: string,
  existingIds: number[],
  rows: SearchDocumentRow[],
): Promise<void> {
  if (existingIds.length > 0)
    await em.query(`DELETE FROM \`${table}\` WHERE \`${idColumn}\` IN (?)`, [existingIds]);
  if (rows.length > 0)
    await em.query(`INSERT INTO \`${table}\` (\`${idColumn}\`, names, body, trigrams) VALUES ?`, [rows]);
}
