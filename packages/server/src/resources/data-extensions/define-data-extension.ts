import { randomUUID } from 'node:crypto';
import { type Actor, recordAudit } from '../../setup/audit.js';
import {
  type DataExtension,
  type DataExtensionField,
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
    const de: DataExtension = {
      id: randomUUID(),
      tenantId,
      mid: input.mid,
      name: input.name,
      key: input.key,
      fields,
      createdAt: now,
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
