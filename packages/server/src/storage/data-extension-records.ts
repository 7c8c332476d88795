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
  /** Issue 13 (migration 012): what SOAP's `DataExtension` carries besides the fields. */
  readonly description?: string;
  /** The folder (`DataFolder` ID, `CategoryID`) it is filed in. */
  readonly categoryId?: number | null;
  readonly modifiedAt?: number;
  readonly settings?: DataExtensionSettings;
}

/** Marketing Cloud's Data Extension settings Packgate stores as given (it does not act on them). */
export interface DataExtensionSettings {
  readonly isSendable?: boolean;
  readonly isTestable?: boolean;
  /** The field that relates a sendable Data Extension to subscribers, and what it relates to. */
  readonly sendableDataExtensionField?: string;
  readonly sendableSubscriberField?: string;
  readonly templateKey?: string;
  readonly dataRetentionPeriodLength?: number;
  readonly dataRetentionPeriodUnitOfMeasure?: number;
  readonly rowBasedRetention?: boolean;
  readonly resetRetentionPeriodOnImport?: boolean;
  readonly deleteAtEndOfRetentionPeriod?: boolean;
  /** Epoch milliseconds. */
  readonly retainUntil?: number;
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

/**
 * A condition on a row's terms beyond equality (SOAP filters: issue 13), answered by the
 * database with one `EXISTS` over the field's term per leaf. A row lacking a field's term
 * (a field added after the row was written) holds no value in it.
 */
export type RowCondition =
  | { readonly kind: 'all' | 'any'; readonly conditions: readonly RowCondition[] }
  /** The field holds one of these terms. */
  | { readonly kind: 'in'; readonly field: string; readonly terms: readonly string[] }
  /** The field holds a value, and not this term. */
  | { readonly kind: 'notEquals'; readonly field: string; readonly term: string }
  | { readonly kind: 'hasValue'; readonly field: string; readonly has: boolean }
  /** The field holds a value whose sort key compares so (see row-terms.ts `sortKeyTextOf`). */
  | {
      readonly kind: 'compare';
      readonly field: string;
      readonly operator: '>' | '<' | '>=' | '<=';
      readonly sortKey: string;
    }
  /** SQL LIKE over the term (`%`, `_`, `\` escapes); the pattern is in the term's case. */
  | { readonly kind: 'like'; readonly field: string; readonly pattern: string };

/** A filtered or sorted read, answered by the database over the rows' terms. */
export interface RowQuery {
  /** Every clause holds: the field has this term, or (`term: null`) holds no value. */
  readonly equals: ReadonlyArray<{ readonly field: string; readonly term: string | null }>;
  /** And this condition holds (when given). */
  readonly where?: RowCondition;
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
