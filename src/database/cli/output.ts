/** Where the CLI writes: `log` is the result (stdout), `error` diagnostics and errors (stderr). */
export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

export type Cell = string | number | null | undefined;

function text(cell: Cell): string {
  return cell === null || cell === undefined || cell === '' ? '-' : String(cell);
}

/**
 * A plain-text table: a header, a rule, one line per row, columns padded to their widest cell
 * (numbers right-aligned). Trailing spaces are trimmed so the output diffs cleanly.
 */
export function formatTable(headers: string[], rows: Cell[][]): string[] {
  const cells = rows.map((row) => headers.map((_, i) => text(row[i])));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number'));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]): string =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
