import { CliUsageError } from './errors';

/** One SQL statement of a generated migration (TypeORM's `Query`). */
export interface MigrationQuery {
  query: string;
  parameters?: unknown[];
}

const NAME_PATTERN = /^[A-Z][A-Za-z0-9]*$/;
const MAX_NAME_LENGTH = 100;

/**
 * A migration name is PascalCase letters and digits (`AddDiveSiteRegion`): it becomes the class name
 * `<Name><timestamp>` and the file name `<timestamp>-<Name>.ts`. Anything else is a usage error.
 */
export function validateMigrationName(name: string | undefined): string {
  if (name === undefined || name === '') throw new CliUsageError('a migration name is required');
  if (!NAME_PATTERN.test(name)) {
    throw new CliUsageError(
      `invalid migration name "${name}": use PascalCase letters and digits, starting with a capital (e.g. AddDiveSiteRegion)`,
    );
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new CliUsageError(`invalid migration name "${name}": at most ${MAX_NAME_LENGTH} characters`);
  }
  if (/\d{13}$/.test(name)) {
    throw new CliUsageError(
      `invalid migration name "${name}": must not end with 13 digits (the timestamp is added)`,
    );
  }
  return name;
}

/** `Date.now()` as the 13 digits TypeORM reads from the end of the class name. */
export function migrationTimestamp(now: number): string {
  const ts = String(Math.trunc(now));
  if (!/^\d{13}$/.test(ts)) throw new Error(`clock gives ${ts}, not a 13-digit millisecond timestamp`);
  return ts;
}

export function migrationFileName(name: string, timestamp: string): string {
  return `${timestamp}-${name}.ts`;
}

export function migrationClassName(name: string, timestamp: string): string {
  return `${name}${timestamp}`;
}

/**
 * A JavaScript template literal whose value is exactly `value`: backslashes, backticks and `${` are
 * escaped, carriage returns and other control characters written as escapes; newlines stay as they are
 * so long SQL stays readable.
 */
export function toTemplateLiteral(value: string): string {
  let body = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    const code = ch.charCodeAt(0);
    if (ch === '\\' || ch === '`') body += `\\${ch}`;
    else if (ch === '$' && value[i + 1] === '{') body += '\\$';
    else if (ch === '\n') body += ch;
    else if (ch === '\t') body += '\\t';
    else if (ch === '\r') body += '\\r';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) {
      body += `\\u${code.toString(16).padStart(4, '0')}`;
    } else body += ch;
  }
  return `\`${body}\``;
}

/** A single-quoted JavaScript string literal (for the `name` property). */
export function toStringLiteral(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

function statement(q: MigrationQuery): string {
  const params = q.parameters && q.parameters.length > 0 ? `, ${JSON.stringify(q.parameters)}` : '';
  return `    await queryRunner.query(${toTemplateLiteral(q.query)}${params});`;
}

/**
 * The source of a migration file in the house format (DECISIONS.md D9): class `<Name><timestamp>`
 * implementing MigrationInterface, `up` with the given queries, `down` with the given queries as given
 * (callers pass them already in the order they must run, i.e. TypeORM's down queries reversed).
 */
export function renderMigration(
  name: string,
  timestamp: string,
  up: MigrationQuery[] = [],
  down: MigrationQuery[] = [],
): string {
  const className = migrationClassName(name, timestamp);
  const body = (queries: MigrationQuery[]): string =>
    queries.length > 0 ? `${queries.map(statement).join('\n')}\n` : '    // TODO: write the change here\n';
  return [
    `import type { MigrationInterface, QueryRunner } from 'typeorm';`,
    ``,
    `export class ${className} implements MigrationInterface {`,
    `  name = ${toStringLiteral(className)};`,
    ``,
    `  public async up(queryRunner: QueryRunner): Promise<void> {`,
    `${body(up)}  }`,
    ``,
    `  public async down(queryRunner: QueryRunner): Promise<void> {`,
    `${body(down)}  }`,
    `}`,
    ``,
  ].join('\n');
}
