import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderErrorCatalogue } from '../errors/render-error-catalogue.js';
import { renderConfigurationReference } from './render-configuration-reference.js';

const docs = new URL('../../../../docs/reference/', import.meta.url);

describe('reference pages stay in step with the code (run `npm run docs` after a change)', () => {
  it('docs/reference/configuration.md', () => {
    expect(readFileSync(new URL('configuration.md', docs), 'utf8')).toBe(renderConfigurationReference());
  });
  it('docs/reference/errors.md', () => {
    expect(readFileSync(new URL('errors.md', docs), 'utf8')).toBe(renderErrorCatalogue());
  });
});
