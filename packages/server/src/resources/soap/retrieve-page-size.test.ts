import { describe, expect, it } from 'vitest';
import type { DataExtensionField } from '../../storage/data-extension-records.js';
import {
  distinctProperties,
  RETRIEVE_BATCH_SIZE,
  retrievePageSizeOf,
  worstRowBytesOf,
} from './retrieve-page-size.js';
import { SOAP_RETRIEVE_PAGE_LIMIT_BYTES } from './soap-limits.js';

const field = (name: string, type: DataExtensionField['type'], length?: number): DataExtensionField => ({
  name,
  type,
  ...(length === undefined ? {} : { length }),
  isPrimaryKey: false,
  isRequired: false,
});

describe('Retrieve page size bounded by the answer size', () => {
  it('narrow rows: 2 500 a page', () => {
    expect(retrievePageSizeOf([field('N', 'Number')])).toBe(RETRIEVE_BATCH_SIZE);
  });

  it('wide rows: as many as fit in the limit at their widest, escaped', () => {
    const wide = Array.from({ length: 10 }, (_, i) => field(`T${i}`, 'Text'));
    // Ten 4 000-character columns: 6 × 40 000 bytes of escaped text plus the markup.
    expect(worstRowBytesOf(wide)).toBe(160 + 10 * (49 + 2 + 6 * 4000));
    const size = retrievePageSizeOf(wide);
    expect(size).toBe(Math.floor(SOAP_RETRIEVE_PAGE_LIMIT_BYTES / worstRowBytesOf(wide)));
    expect(size * worstRowBytesOf(wide)).toBeLessThanOrEqual(SOAP_RETRIEVE_PAGE_LIMIT_BYTES);
    const widest = Array.from({ length: 500 }, (_, i) => field(`Column number ${i}`, 'Text', 4000));
    expect(retrievePageSizeOf(widest)).toBe(1);
  });

  it('properties are deduplicated case-insensitively, first spelling kept', () => {
    expect(distinctProperties(['Id', 'ID', 'Email', 'id', 'email', 'Age'])).toEqual(['Id', 'Email', 'Age']);
  });
});
