import { createHash } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { RowTerm } from '../data-extension-records.js';
import type { DataExtensionRowTermsTable } from '../schema.js';

/** Terms per statement: 7 parameters each keeps a batch under both drivers' parameter limits. */
export const TERMS_PER_STATEMENT = 500;

/** Longer terms are indexed by their hash (a 4 000-character text exceeds a b-tree entry). */
const TERM_KEY_MAX_LENGTH = 64;
const HASH_PREFIX = 'sha256:';
/** With the `u` flag a surrogate pair is one code point: only unpaired halves match. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * True when the term's key is a hash: longer than 64 characters, or holding what a PostgreSQL
 * text cannot (NUL) or what UTF-8 cannot say (a lone surrogate, which a driver would turn into
 * U+FFFD and so make equal to it). The full term is then compared too.
 */
export function isHashedTerm(term: string | null): term is string {
  return (
    term !== null && (term.length > TERM_KEY_MAX_LENGTH || term.includes('\0') || LONE_SURROGATE.test(term))
  );
}

/**
 * The indexed form of a term: `''` for no value (a term is never empty), the term itself when
 * it is not hashed (so most lookups never read the full term), else `sha256:` and the hash of
 * its UTF-16 code units, longer than any term kept as is.
 */
export function termKeyOf(term: string | null): string {
  if (term === null) return '';
  if (!isHashedTerm(term)) return term;
  return HASH_PREFIX + createHash('sha256').update(Buffer.from(term, 'utf16le')).digest('hex');
}

/** The full form of a hashed term as stored and compared: JSON, so NUL and lone surrogates are escapes. */
export function fullTermOf(term: string): string {
  return JSON.stringify(term);
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
    term: isHashedTerm(t.term) ? fullTermOf(t.term) : null,
    sort_key: t.sortKey,
  }));
}
