/** Records of the Data Extension feature (definitions, rows, async requests), camelCase. */

export const FIELD_TYPES = [
  'Text',
  'Number',
  'Decimal',
  'Date',
  'Boolean',
  'EmailAddress',
  'Phone',
  'Locale',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface DataExtensionField {
  readonly name: string;
  readonly type: FieldType;
  /** Text, EmailAddress, Phone, Locale: maximum characters. */
  readonly length?: number;
  /** Decimal: total digits and digits after the point. */
  readonly precision?: number;
  readonly scale?: number;
  readonly isPrimaryKey: boolean;
  readonly isRequired: boolean;
  /** Normalized like a stored value. */
  readonly defaultValue?: string;
}

export interface DataExtension {
  readonly id: string;
  readonly tenantId: string;
  readonly mid: number;
  readonly name: string;
  /** External key (`CustomerKey`), unique per BU, matched case-insensitively. */
  readonly key: string;
  readonly fields: readonly DataExtensionField[];
  readonly createdAt: number;
}

/** Stored values: field name (as defined) → normalized string, or null. */
export type RowValues = Record<string, string | null>;

export interface StoredRow {
  /** Canonical primary-key string (see row-key.ts). */
  readonly rowKey: string;
  readonly values: RowValues;
  readonly createdAt: number;
}

/**
 * How a row is indexed for filtered reads: one per field of its Data Extension. Computed by
 * resources/data-extensions/row-terms.ts, stored and queried by the repository.
 */
export interface RowTerm {
  readonly field: string;
  /** What an equality filter compares (the value, lower-cased for text-like fields); null: no value. */
  readonly term: string | null;
  /** ASCII whose byte order is the field's sort order. */
  readonly sortKey: string;
}

/** A filtered or sorted read, answered by the database over the rows' terms. */
export interface RowQuery {
  /** Every clause holds: the field has this term, or (`term: null`) holds no value. */
  readonly equals: ReadonlyArray<{ readonly field: string; readonly term: string | null }>;
  /** Then insertion order (`created_at`, row key), as an unsorted read. */
  readonly order: ReadonlyArray<{ readonly field: string; readonly descending: boolean }>;
  readonly offset: number;
  readonly limit: number;
}

export type AsyncAction = 'insert' | 'upsert';

export interface AsyncItemResult {
  readonly status: 'OK' | 'Error';
  readonly message: string;
  readonly errorCode?: number;
}

export interface AsyncRequest {
  readonly requestId: string;
  readonly tenantId: string;
  readonly mid: number;
  readonly dataExtensionId: string;
  readonly action: AsyncAction;
  readonly status: 'Pending' | 'Complete';
  /** The accepted items until the request is processed (then empty). */
  readonly items: ReadonlyArray<Record<string, unknown>>;
  readonly results: readonly AsyncItemResult[];
  readonly hasErrors: boolean;
  readonly calledAt: number;
  readonly completedAt: number | null;
}
