import type { DataExtensionField, FieldType } from '../../storage/data-extension-records.js';
import { problemOfText } from '../../storage/storable-text.js';

/**
 * Turning a wire value into the stored string of a field, per type. Stored values are strings
 * in the form Marketing Cloud returns them (sfmc-auth.md §10.5): `True`/`False`, dates as
 * `M/D/YYYY h:mm:ss AM`, decimals with exactly `scale` digits.
 */

export const DEFAULT_TEXT_LENGTH = 4000;
export const DEFAULT_DECIMAL_PRECISION = 18;
export const DEFAULT_DECIMAL_SCALE = 0;
const EMAIL_LENGTH = 254;
const PHONE_LENGTH = 50;
const LOCALE_LENGTH = 5;
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;

export type NormalizeResult = { readonly value: string | null } | { readonly problem: string };

/** Maximum characters of a text-like field. */
export function maxLengthOf(field: Pick<DataExtensionField, 'type' | 'length'>): number | undefined {
  switch (field.type) {
    case 'Text':
      return field.length ?? DEFAULT_TEXT_LENGTH;
    case 'EmailAddress':
      return field.length ?? EMAIL_LENGTH;
    case 'Phone':
      return field.length ?? PHONE_LENGTH;
    case 'Locale':
      return field.length ?? LOCALE_LENGTH;
    default:
      return undefined;
  }
}

/** `null`, `undefined` and `""` mean "no value"; anything else must fit the field's type. */
export function normalizeFieldValue(field: DataExtensionField, raw: unknown): NormalizeResult {
  if (raw === null || raw === undefined || raw === '') return { value: null };
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
    return { problem: `The value for column [${field.name}] must be a string, number or boolean.` };
  }
  const text = String(raw);
  const unstorable = problemOfText(text);
  if (unstorable) return { problem: `The value for column [${field.name}] must not contain ${unstorable}.` };
  const max = maxLengthOf(field);
  if (max !== undefined && text.length > max) {
    return {
      problem: `The value for column [${field.name}] is longer than its maximum of ${max} characters.`,
    };
  }
  // Text is stored as sent; other types ignore surrounding blanks.
  if (field.type === 'Text') return { value: text };
  const value = normalizers[field.type](text.trim(), field);
  return value === undefined ? { problem: invalidMessage(field) } : { value };
}

function invalidMessage(field: DataExtensionField): string {
  const what: Record<FieldType, string> = {
    Text: 'text',
    Number: 'a whole number between -2147483648 and 2147483647',
    Decimal: `a decimal number with at most ${precisionOf(field) - scaleOf(field)} digits before and ${scaleOf(field)} after the point`,
    Date: 'a date (YYYY-MM-DD[Thh:mm[:ss]] or M/D/YYYY [h:mm[:ss] AM|PM])',
    Boolean: 'a boolean (true/false, 1/0, Y/N)',
    EmailAddress: 'a valid email address',
    Phone: 'a valid phone number',
    Locale: 'a valid locale such as en-US',
  };
  return `The value for column [${field.name}] is not ${what[field.type]}.`;
}

const precisionOf = (f: DataExtensionField) => f.precision ?? DEFAULT_DECIMAL_PRECISION;
const scaleOf = (f: DataExtensionField) => f.scale ?? DEFAULT_DECIMAL_SCALE;

const normalizers: Record<FieldType, (text: string, field: DataExtensionField) => string | undefined> = {
  Text: (t) => t,
  Number: (t) => {
    if (!/^[+-]?\d{1,10}$/.test(t)) return undefined;
    const n = Number(t);
    return n < INT_MIN || n > INT_MAX ? undefined : String(n);
  },
  Decimal: (t, f) => normalizeDecimal(t, precisionOf(f), scaleOf(f)),
  Date: (t) => normalizeDate(t),
  Boolean: (t) => {
    const v = t.toLowerCase();
    if (v === 'true' || v === '1' || v === 'y' || v === 'yes') return 'True';
    if (v === 'false' || v === '0' || v === 'n' || v === 'no') return 'False';
    return undefined;
  },
  EmailAddress: (t) =>
    /^[^\s@"<>,;()[\]\\]+@[^\s@"<>,;()[\]\\]+\.[A-Za-z0-9-]{2,}$/.test(t) ? t : undefined,
  Phone: (t) => (/^\+?[0-9][0-9 ().-]*$/.test(t) ? t : undefined),
  Locale: (t) => {
    const m = /^([a-z]{2})(?:[-_]([a-z]{2}))?$/i.exec(t);
    if (!m?.[1]) return undefined;
    return m[2] ? `${m[1].toLowerCase()}-${m[2].toUpperCase()}` : m[1].toLowerCase();
  },
};

/** Exact decimal normalization on the digits (no floating point): `12.5` at scale 2 → `12.50`. */
function normalizeDecimal(text: string, precision: number, scale: number): string | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const sign = m[1] === '-' ? '-' : '';
  const whole = (m[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > scale) return undefined;
  if ((whole === '0' ? 0 : whole.length) > precision - scale) return undefined;
  const isZero = whole === '0' && fraction === '';
  const digits = scale > 0 ? `${whole}.${fraction.padEnd(scale, '0')}` : whole;
  return `${isZero ? '' : sign}${digits}`;
}

interface DateParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

/** SQL Server's `datetime` range, which Marketing Cloud's Date fields are stored in. */
const MIN_YEAR = 1753;

function normalizeDate(text: string): string | undefined {
  const parts = parseDate(text);
  if (!parts) return undefined;
  const { y, mo, d, h, mi, s } = parts;
  if (y < MIN_YEAR || y > 9999 || mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return undefined;
  if (d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return undefined;
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${mo}/${d}/${y} ${hour12}:${pad(mi)}:${pad(s)} ${h < 12 ? 'AM' : 'PM'}`;
}

function parseDate(text: string): DateParts | undefined {
  // ISO 8601; a time-zone designator is accepted but not converted (Date fields have no zone).
  const iso =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(
      text,
    );
  if (iso) {
    const [, y, mo, d, h, mi, s] = iso;
    return { y: +(y ?? 0), mo: +(mo ?? 0), d: +(d ?? 0), h: +(h ?? 0), mi: +(mi ?? 0), s: +(s ?? 0) };
  }
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp][Mm]))?)?$/.exec(
    text,
  );
  if (!us) return undefined;
  const [, mo, d, y, hRaw, mi, s, ampm] = us;
  let h = +(hRaw ?? 0);
  if (ampm) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (ampm.toUpperCase() === 'PM' ? 12 : 0);
  }
  return { y: +(y ?? 0), mo: +(mo ?? 0), d: +(d ?? 0), h, mi: +(mi ?? 0), s: +(s ?? 0) };
}

/** Sort key of a stored value, so `$orderBy` compares numbers and dates as such. */
export function sortKeyOf(type: FieldType, value: string | null): number | string {
  if (value === null) return '';
  if (type === 'Number' || type === 'Decimal') return Number(value);
  if (type === 'Date') {
    const p = parseDate(value);
    return p ? Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) : 0;
  }
  return value.toLowerCase();
}
