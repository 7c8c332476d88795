import { createHash } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { RowTerm } from '../data-extension-records.js';
import type { DataExtensionRowTermsTable } from '../schema.js';

/** Terms per statement: 7 parameters each keeps a batch under both drivers' parameter limits. */
export const TERMS_PER_STATEMENT = 500;

/** Longer terms are indexed by their hash (a 4 000-character text exceeds a b-tree entry). */
const TERM_KEY_MAX_LENGTH = 64;
const HASH_PREFIX = 'sha256:';

/**
 * The indexed form of a term: `''` for no value (a term is never empty), the term itself up to
 * 64 characters (so most lookups never read the full term), else `sha256:` and its hash, longer
 * than any term kept as is.
 */
export function termKeyOf(term: string | null): string {
  if (term === null) return '';
  if (term.length <= TERM_KEY_MAX_LENGTH) return term;
  return HASH_PREFIX + createHash('sha256').update(term).digest('hex');
}

/** True when the term's key is a hash: the full term must be compared too. */
export function isHashedTerm(term: string | null): term is string {
  return term !== null && term.length > TERM_KEY_MAX_LENGTH;
}

export function termRecordsOf(
  deId: string,
  row: { readonly rowKey: string; readonly createdAt: number },
  terms: readonly RowTerm[],
): Insertable<DataExtensionRowTermsTable>[] {
  return terms.map((t) => ({
    de_id: deId,
    row_key: row.rowKey,
    field_name: t.field,
    created_at: row.createdAt,
    term_key: termKeyOf(t.term),
    term: isHashedTerm(t.term) ? t.term : null,
    sort_key: t.sortKey,
  }));
}
