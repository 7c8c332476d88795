import { randomUUID } from 'node:crypto';
import { type Actor, recordAudit } from '../../setup/audit.js';
import { dataExtensionFolderOf } from '../../setup/folders/folder-service.js';
import {
  type DataExtension,
  type DataExtensionField,
  type DataExtensionSettings,
  FIELD_TYPES,
  type FieldType,
} from '../../storage/data-extension-records.js';
import type { Store } from '../../storage/store.js';
import { DEFAULT_DECIMAL_PRECISION, DEFAULT_DECIMAL_SCALE, normalizeFieldValue } from './field-values.js';

/** A Data Extension as the admin API and SOAP `Create` describe it. */
export interface DataExtensionInput {
  readonly mid: number;
  readonly name: string;
  readonly key: string;
  readonly fields: ReadonlyArray<{
    readonly name: string;
    readonly type: string;
    readonly length?: number | undefined;
    readonly precision?: number | undefined;
    readonly scale?: number | undefined;
    readonly isPrimaryKey?: boolean | undefined;
    readonly isRequired?: boolean | undefined;
    readonly defaultValue?: string | undefined;
  }>;
  /** SOAP's `Description`, `CategoryID` (folder; default the BU's Data Extensions root) and settings. */
  readonly description?: string | undefined;
  readonly categoryId?: number | undefined;
  readonly settings?: DataExtensionSettings | undefined;
}

/** The definition breaks a rule; `problems` names each one. */
export class InvalidDefinition extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join(' '));
    this.name = 'InvalidDefinition';
    this.problems = problems;
  }
}

/** A Data Extension with this external key already exists in the BU. */
export class DuplicateDataExtension extends Error {
  constructor(key: string) {
    super(`A data extension with the external key "${key}" already exists in this business unit.`);
    this.name = 'DuplicateDataExtension';
  }
}

export const MAX_FIELDS = 500;
const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_ -]{0,127}$/;
const KEY_PATTERN = /^[A-Za-z0-9_.-]{1,200}$/;
const LENGTH_TYPES: readonly FieldType[] = ['Text', 'EmailAddress', 'Phone', 'Locale'];

/** Pure rules of a definition: names, key, field types and sizes, primary keys, defaults. */
export function checkDefinition(input: DataExtensionInput): DataExtensionField[] {
  const problems: string[] = [];
  if (!NAME_PATTERN.test(input.name))
    problems.push('name: letters, digits, _ - and spaces, 1–128 characters.');
  if (!KEY_PATTERN.test(input.key)) problems.push('key: letters, digits, _ . -, 1–200 characters.');
  if (input.fields.length === 0 || input.fields.length > MAX_FIELDS) {
    problems.push(`fields: between 1 and ${MAX_FIELDS} fields.`);
  }
  const seen = new Set<string>();
  const fields: DataExtensionField[] = [];
  input.fields.forEach((f, i) => {
    const at = `fields[${i}]`;
    if (!NAME_PATTERN.test(f.name))
      problems.push(`${at}.name: letters, digits, _ - and spaces, 1–128 characters.`);
    // Row values are plain objects keyed by field name: a name such as "constructor" would read
    // Object.prototype's member instead of a missing value.
    if (f.name in Object.prototype) problems.push(`${at}.name: "${f.name}" is a reserved name.`);
    if (seen.has(f.name.toLowerCase())) problems.push(`${at}.name: "${f.name}" is used twice.`);
    seen.add(f.name.toLowerCase());
    const type = FIELD_TYPES.find((t) => t.toLowerCase() === f.type.toLowerCase());
    if (!type) {
      problems.push(`${at}.type: one of ${FIELD_TYPES.join(', ')}.`);
      return;
    }
    // Sizes arrive as numbers from the admin API but as text from SOAP: NaN and 2.5 are not sizes.
    if (
      f.length !== undefined &&
      (!LENGTH_TYPES.includes(type) || !Number.isInteger(f.length) || f.length < 1 || f.length > 4000)
    ) {
      problems.push(`${at}.length: a whole number 1–4000, only for ${LENGTH_TYPES.join(', ')}.`);
    }
    const isDecimal = type === 'Decimal';
    if ((f.precision !== undefined || f.scale !== undefined) && !isDecimal) {
      problems.push(`${at}: precision and scale apply to Decimal fields only.`);
    }
    const precision = isDecimal ? (f.precision ?? DEFAULT_DECIMAL_PRECISION) : undefined;
    const scale = isDecimal ? (f.scale ?? DEFAULT_DECIMAL_SCALE) : undefined;
    if (
      precision !== undefined &&
      scale !== undefined &&
      !(
        Number.isInteger(precision) &&
        Number.isInteger(scale) &&
        precision >= 1 &&
        precision <= 38 &&
        scale >= 0 &&
        scale <= precision
      )
    ) {
      problems.push(`${at}: Decimal needs whole numbers 1 ≤ precision ≤ 38 and 0 ≤ scale ≤ precision.`);
    }
    const isPrimaryKey = f.isPrimaryKey === true;
    if (isPrimaryKey && f.isRequired === false) problems.push(`${at}: a primary key is always required.`);
    const field: DataExtensionField = {
      name: f.name,
      type,
      ...(LENGTH_TYPES.includes(type) && f.length !== undefined ? { length: f.length } : {}),
      ...(precision !== undefined ? { precision, scale } : {}),
      isPrimaryKey,
      isRequired: isPrimaryKey || f.isRequired === true,
    };
    if (f.defaultValue !== undefined && f.defaultValue !== '') {
      const normalized = normalizeFieldValue(field, f.defaultValue);
      if ('problem' in normalized) problems.push(`${at}.defaultValue: ${normalized.problem}`);
      else if (normalized.value !== null) {
        fields.push({ ...field, defaultValue: normalized.value });
        return;
      }
    }
    fields.push(field);
  });
  if (problems.length > 0) throw new InvalidDefinition(problems);
  return fields;
}

/** Creates a Data Extension in a BU of the tenant (admin API and SOAP `Create`), audited. */
export async function createDataExtension(
  store: Store,
  who: Actor,
  tenantId: string,
  input: DataExtensionInput,
  now: number,
): Promise<DataExtension> {
  const fields = checkDefinition(input);
  return store.transaction(async (repos) => {
    if (await repos.dataExtensions.findDataExtensionByKey(input.mid, input.key)) {
      throw new DuplicateDataExtension(input.key);
    }
    const categoryId = await dataExtensionFolderOf(repos, tenantId, input.mid, input.categoryId);
    const de: DataExtension = {
      id: randomUUID(),
      tenantId,
      mid: input.mid,
      name: input.name,
      key: input.key,
      fields,
      createdAt: now,
      description: input.description ?? '',
      categoryId,
      modifiedAt: now,
      settings: checkSettings(input.settings ?? {}, fields),
    };
    await repos.dataExtensions.insertDataExtension(de);
    await recordAudit(repos, who, {
      tenantId,
      action: 'data_extension.created',
      target: de.key,
      details: { id: de.id, mid: de.mid, name: de.name, fields: fields.length },
      at: now,
    });
    return de;
  });
}

/** A sendable Data Extension names one of its fields as the one that relates it to subscribers. */
function checkSettings(
  settings: DataExtensionSettings,
  fields: readonly DataExtensionField[],
): DataExtensionSettings {
  const problems: string[] = [];
  if (settings.isSendable) {
    const name = settings.sendableDataExtensionField;
    if (!name || !fields.some((f) => f.name.toLowerCase() === name.toLowerCase()))
      problems.push('A sendable data extension needs SendableDataExtensionField naming one of its fields.');
    if (!settings.sendableSubscriberField)
      problems.push('A sendable data extension needs SendableSubscriberField (for example Subscriber Key).');
  }
  const unit = settings.dataRetentionPeriodUnitOfMeasure;
  if (unit !== undefined && !(Number.isInteger(unit) && unit >= 3 && unit <= 6))
    problems.push('DataRetentionPeriodUnitOfMeasure: 3 (days), 4 (weeks), 5 (months) or 6 (years).');
  const length = settings.dataRetentionPeriodLength;
  if (length !== undefined && !(Number.isInteger(length) && length >= 1 && length <= 999_999))
    problems.push('DataRetentionPeriodLength: a whole number 1–999999.');
  if (problems.length > 0) throw new InvalidDefinition(problems);
  return settings;
}

/** No Data Extension with this key (or ObjectID) in the BU. */
export class UnknownDataExtension extends Error {
  constructor() {
    super('The data extension was not found in this business unit (CustomerKey or ObjectID).');
    this.name = 'UnknownDataExtension';
  }
}

export interface DataExtensionChange {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly categoryId?: number | undefined;
  readonly settings?: DataExtensionSettings | undefined;
  /** Fields to add, or existing ones (by name) whose length grows or whose default changes. */
  readonly fields?: DataExtensionInput['fields'] | undefined;
}

/**
 * SOAP `Update` of a Data Extension: rename, describe, refile, change settings, add fields.
 * Marketing Cloud's limits apply: an existing field keeps its type and primary-key flag and its
 * length only grows; a field added to a Data Extension with rows is neither a primary key nor
 * required without a default.
 */
export async function updateDataExtension(
  store: Store,
  who: Actor,
  de: DataExtension,
  change: DataExtensionChange,
  now: number,
): Promise<DataExtension> {
  return store.transaction(async (repos) => {
    const byName = new Map(de.fields.map((f) => [f.name.toLowerCase(), f]));
    const changed = new Map<string, DataExtensionField>();
    const added: DataExtensionInput['fields'][number][] = [];
    for (const f of change.fields ?? []) {
      if (byName.has(f.name.toLowerCase()))
        changed.set(f.name.toLowerCase(), byName.get(f.name.toLowerCase()) as DataExtensionField);
      else added.push(f);
    }
    // The whole definition is checked by the same rules as a new one.
    const merged = checkDefinition({
      mid: de.mid,
      name: change.name ?? de.name,
      key: de.key,
      fields: [
        ...de.fields.map((f) => {
          const given = (change.fields ?? []).find((g) => g.name.toLowerCase() === f.name.toLowerCase());
          if (!given) return f;
          const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
          return { ...f, ...defined, name: f.name };
        }),
        ...added,
      ],
    });
    const problems: string[] = [];
    for (const [lower, before] of changed) {
      const after = merged.find((f) => f.name.toLowerCase() === lower) as DataExtensionField;
      if (after.type !== before.type)
        problems.push(`Field ${before.name}: the FieldType of an existing field cannot change.`);
      if (after.isPrimaryKey !== before.isPrimaryKey)
        problems.push(`Field ${before.name}: IsPrimaryKey of an existing field cannot change.`);
      if ((after.length ?? 4000) < (before.length ?? 4000))
        problems.push(`Field ${before.name}: MaxLength can only grow.`);
      if (after.precision !== before.precision || after.scale !== before.scale)
        problems.push(`Field ${before.name}: the precision and scale of an existing field cannot change.`);
    }
    const hasRows = added.length > 0 && (await repos.dataExtensions.countRows(de.id)) > 0;
    const newFields = merged.slice(de.fields.length);
    if (hasRows) {
      for (const f of newFields) {
        if (f.isPrimaryKey)
          problems.push(`Field ${f.name}: a primary key cannot be added to a data extension with rows.`);
        else if (f.isRequired && f.defaultValue === undefined)
          problems.push(
            `Field ${f.name}: a required field added to a data extension with rows needs a DefaultValue.`,
          );
      }
    }
    if (problems.length > 0) throw new InvalidDefinition(problems);
    const categoryId =
      change.categoryId === undefined
        ? (de.categoryId ?? null)
        : await dataExtensionFolderOf(repos, de.tenantId, de.mid, change.categoryId);
    const next: DataExtension = {
      ...de,
      name: change.name ?? de.name,
      description: change.description ?? de.description ?? '',
      categoryId,
      fields: merged,
      modifiedAt: now,
      settings: checkSettings({ ...(de.settings ?? {}), ...(change.settings ?? {}) }, merged),
    };
    await repos.dataExtensions.updateDataExtension(next, newFields);
    await recordAudit(repos, who, {
      tenantId: de.tenantId,
      action: 'data_extension.updated',
      target: de.key,
      details: { id: de.id, mid: de.mid, name: next.name, addedFields: newFields.length },
      at: now,
    });
    return next;
  });
}

/** SOAP `Delete` of a Data Extension: its definition, rows and async requests. */
export async function deleteDataExtension(
  store: Store,
  who: Actor,
  de: DataExtension,
  now: number,
): Promise<void> {
  await store.transaction(async (repos) => {
    if (!(await repos.dataExtensions.deleteDataExtension(de.mid, de.id))) throw new UnknownDataExtension();
    await recordAudit(repos, who, {
      tenantId: de.tenantId,
      action: 'data_extension.deleted',
      target: de.key,
      details: { id: de.id, mid: de.mid, name: de.name },
      at: now,
    });
  });
}
