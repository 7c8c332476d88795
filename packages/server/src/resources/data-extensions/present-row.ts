import type { DataExtension, RowValues } from '../../storage/data-extension-records.js';

/**
 * A stored row as `{keys, values}`. For reads Marketing Cloud lower-cases column names and sends
 * every value as a string (sfmc-auth.md §10.5); `lowerCase` selects that form.
 */
export function presentRow(
  de: DataExtension,
  values: RowValues,
  lowerCase: boolean,
): { keys: Record<string, string>; values: Record<string, string> } {
  const keys: Record<string, string> = {};
  const rest: Record<string, string> = {};
  for (const f of de.fields) {
    const name = lowerCase ? f.name.toLowerCase() : f.name;
    (f.isPrimaryKey ? keys : rest)[name] = values[f.name] ?? '';
  }
  return { keys, values: rest };
}
