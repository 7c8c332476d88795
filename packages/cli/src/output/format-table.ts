import { displayWidth, padToWidth } from './display-width.js';

/** One column of a human table: a header and how to read the cell from a row. */
export interface Column<Row> {
  readonly header: string;
  readonly cell: (row: Row) => unknown;
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '-';
  if (Array.isArray(value)) return value.length === 0 ? '-' : value.join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Rows as an aligned plain-text table (header first); "(none)" for an empty list. */
export function formatTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  if (rows.length === 0) return '(none)\n';
  const cells = rows.map((row) => columns.map((c) => text(c.cell(row)).replace(/\s+/g, ' ')));
  const header = columns.map((c) => c.header.toUpperCase());
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : padToWidth(v, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...cells.map(line)].join('\n')}\n`;
}

/** A record as aligned "key: value" lines. */
export function formatRecord(fields: readonly (readonly [string, unknown])[]): string {
  const width = Math.max(...fields.map(([k]) => displayWidth(k))) + 1;
  return `${fields.map(([k, v]) => `${padToWidth(`${k}:`, width)} ${text(v)}`).join('\n')}\n`;
}
