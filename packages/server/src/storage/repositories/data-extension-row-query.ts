import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { RowCondition, RowQuery } from '../data-extension-records.js';
import type { Database, DataExtensionRowsTable } from '../schema.js';
import { fullTermOf, isHashedTerm, termKeyOf } from './data-extension-row-terms.js';

type Sortable = SelectQueryBuilder<Database & { r: DataExtensionRowsTable }, 'r', object>;

/**
 * Joins each `query.order` field's term (every row has one per field) and orders by its sort
 * key (ASCII bytes, see row-terms.ts), before insertion order. A join, not a subquery per row:
 * PostgreSQL then sorts 50 000 matches by a hash join instead of 50 000 index probes.
 */
export function sortedBy<Q>(q: Q, query: RowQuery): Q {
  // Both callers' builders select from `r`; Kysely cannot type a helper over both.
  let sorted = q as unknown as Sortable;
  query.order.forEach(({ field, descending }, i) => {
    // Aliases s0, s1, … typed as one alias: Kysely cannot type a computed alias.
    const s = `s${i}` as 's';
    sorted = sorted
      .innerJoin(`data_extension_row_terms as ${s}`, (j) =>
        j
          .onRef(`${s}.de_id`, '=', 'r.de_id')
          .onRef(`${s}.row_key`, '=', 'r.row_key')
          .on(`${s}.field_name`, '=', field),
      )
      .orderBy(`${s}.sort_key`, descending ? 'desc' : 'asc') as unknown as Sortable;
  });
  return sorted as unknown as Q;
}

/** `\\` escapes `%`, `_` and itself in a LIKE pattern, in both stores and in match-soap-filter.ts. */
const LIKE_ESCAPE = sql.raw(`escape '\\'`);

type RowsBuilder = ExpressionBuilder<Database & { r: DataExtensionRowsTable }, 'r'>;

/** The field's term equals `term` (its key, and for a hashed term the full term too). */
function termEquals(
  eb: ExpressionBuilder<Database & { t: Database['data_extension_row_terms'] }, 't'>,
  term: string,
) {
  const key = eb('t.term_key', '=', termKeyOf(term));
  return isHashedTerm(term) ? eb.and([key, eb('t.term', '=', fullTermOf(term))]) : key;
}
/**
 * A {@link RowCondition} as SQL over the rows `r` of one Data Extension: each leaf is
 * `r.row_key [not] in (the row keys whose term of the field satisfies it)` — not correlated, so
 * the database reads the field's terms once (through the lookup index for equality and `IN`)
 * instead of probing per row. A row has at most one term per field, so `OR`, `NOT` and nesting
 * keep their meaning; "no value" is `not in` the rows holding a value. Values bound.
 */
export function conditionOf(eb: RowsBuilder, deId: string, condition: RowCondition): Expression<SqlBool> {
  switch (condition.kind) {
    case 'all':
      return eb.and(condition.conditions.map((c) => conditionOf(eb, deId, c)));
    case 'any':
      return eb.or(condition.conditions.map((c) => conditionOf(eb, deId, c)));
    default:
      break;
  }
  const rowsWhere = (
    predicate: (
      t: ExpressionBuilder<Database & { t: Database['data_extension_row_terms'] }, 't'>,
    ) => Expression<SqlBool>,
  ) =>
    eb
      .selectFrom('data_extension_row_terms as t')
      .select('t.row_key')
      .where('t.de_id', '=', deId)
      .where('t.field_name', '=', condition.field)
      .where((t) => predicate(t as never));
  switch (condition.kind) {
    case 'hasValue': {
      const holding = rowsWhere((t) => t('t.term_key', '<>', ''));
      return eb('r.row_key', condition.has ? 'in' : 'not in', holding);
    }
    case 'in': {
      const plain = condition.terms.filter((x) => !isHashedTerm(x));
      const hashed = condition.terms.filter((x) => isHashedTerm(x));
      return eb(
        'r.row_key',
        'in',
        rowsWhere((t) =>
          t.or([
            ...(plain.length > 0 ? [t('t.term_key', 'in', plain)] : []),
            ...hashed.map((x) => termEquals(t, x)),
          ]),
        ),
      );
    }
    case 'notEquals':
      return eb(
        'r.row_key',
        'in',
        rowsWhere((t) => t.and([t('t.term_key', '<>', ''), t.not(termEquals(t, condition.term))])),
      );
    case 'compare':
      return eb(
        'r.row_key',
        'in',
        rowsWhere((t) =>
          t.and([t('t.term_key', '<>', ''), t('t.sort_key', condition.operator, condition.sortKey)]),
        ),
      );
    case 'like':
      // A term kept as is has no full term; a hashed one is compared in its stored JSON form.
      return eb(
        'r.row_key',
        'in',
        rowsWhere((t) =>
          t.or([
            t.and([
              t('t.term', 'is', null),
              t('t.term_key', '<>', ''),
              sql<SqlBool>`${sql.ref('t.term_key')} like ${condition.pattern} ${LIKE_ESCAPE}`,
            ]),
            t.and([
              t('t.term', 'is not', null),
              sql<SqlBool>`${sql.ref('t.term')} like ${`"${condition.pattern}"`} ${LIKE_ESCAPE}`,
            ]),
          ]),
        ),
      );
  }
}
