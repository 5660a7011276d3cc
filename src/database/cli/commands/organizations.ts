import type { DataSource, EntityManager } from 'typeorm';
import { DIVING_ORGANIZATIONS, type DivingOrganizationSeed } from '../../seeds/diving-organizations';
import { withDatabase, type CliContext } from '../context';
import { CliError, CliUsageError } from '../errors';
import { formatTable, plural } from '../output';

const TABLE = 'diving_organizations';

async function requireTable(ds: DataSource | EntityManager): Promise<void> {
  const rows = await ds.query<unknown[]>(
    'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    [TABLE],
  );
  if (rows.length === 0) throw new CliError(`table ${TABLE} does not exist: run \`npm run db -- up\` first`);
}

const key = (value: string): string => value.trim().toLowerCase();

/** The seeds not present yet, matched by acronym or by name (both unique, compared case-insensitively). */
export function missingOrganizations(
  existing: ReadonlyArray<{ acronym: string; name: string }>,
  seeds: readonly DivingOrganizationSeed[] = DIVING_ORGANIZATIONS,
): DivingOrganizationSeed[] {
  const acronyms = new Set(existing.map((o) => key(o.acronym)));
  const names = new Set(existing.map((o) => key(o.name)));
  return seeds.filter((s) => !acronyms.has(key(s.acronym)) && !names.has(key(s.name)));
}

/**
 * `seed:organizations` (populate_diving_organizations.py): inserts the ten organizations in one
 * transaction, skipping any already present by acronym or name, so it can run any number of times.
 */
export function seedOrganizations(ctx: CliContext, args: string[]): Promise<number> {
  if (args.length > 0)
    throw new CliUsageError(`seed:organizations takes no argument, got: ${args.join(' ')}`);
  return withDatabase(ctx, async ({ ds }) => {
    const { out } = ctx;
    await requireTable(ds);
    const added = await ds.transaction(async (em) => {
      // FOR UPDATE: a concurrent seed waits for this one instead of failing on the unique keys.
      const existing = await em.query<Array<{ acronym: string; name: string }>>(
        `SELECT acronym, name FROM ${TABLE} FOR UPDATE`,
      );
      const missing = missingOrganizations(existing);
      for (const o of missing) {
        await em.query(
          `INSERT INTO ${TABLE} (acronym, name, website, description, country, founded_year) VALUES (?, ?, ?, ?, ?, ?)`,
          [o.acronym, o.name, o.website, o.description, o.country, o.founded_year],
        );
      }
      return missing;
    });
    const total = DIVING_ORGANIZATIONS.length;
    if (added.length === 0) {
      out.log(`All ${total} diving organizations already exist; nothing added`);
    } else {
      out.log(`Added ${plural(added.length, 'organization')}: ${added.map((o) => o.acronym).join(', ')}`);
      const skipped = total - added.length;
      if (skipped > 0) out.log(`Skipped ${skipped} already present`);
    }
    return 0;
  });
}

interface OrganizationRow {
  id: number;
  acronym: string;
  name: string;
  country: string | null;
  founded_year: number | null;
}

/** `organizations:list` (populate_diving_organizations.py list): a table of the organizations. */
export function listOrganizations(ctx: CliContext, args: string[]): Promise<number> {
  if (args.length > 0)
    throw new CliUsageError(`organizations:list takes no argument, got: ${args.join(' ')}`);
  return withDatabase(ctx, async ({ ds }) => {
    const { out } = ctx;
    await requireTable(ds);
    const rows = await ds.query<OrganizationRow[]>(
      `SELECT id, acronym, name, country, founded_year FROM ${TABLE} ORDER BY acronym, id`,
    );
    if (rows.length === 0) {
      out.log('No diving organizations (add the main ones with `npm run db -- seed:organizations`)');
      return 0;
    }
    formatTable(
      ['Id', 'Acronym', 'Name', 'Country', 'Founded'],
      rows.map((r) => [
        Number(r.id),
        r.acronym,
        r.name,
        r.country,
        r.founded_year === null ? null : Number(r.founded_year),
      ]),
    ).forEach((line) => out.log(line));
    out.log(plural(rows.length, 'organization'));
    return 0;
  });
}
