import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { renderSeedJsonSchema } from './seed-schema.js';

const published = new URL('../../../../../docs/reference/seed.schema.json', import.meta.url);
const example = new URL('../../../../../docs/reference/examples/packgate.seed.json', import.meta.url);

describe('the published seed JSON Schema (generated from the TypeBox schema)', () => {
  it('docs/reference/seed.schema.json is in step with the code (run `npm run docs` after a change)', () => {
    // Compared as JSON: `npm run format` (Biome) may lay the file out differently.
    expect(JSON.parse(readFileSync(published, 'utf8'))).toEqual(JSON.parse(renderSeedJsonSchema()));
  });

  it('is a JSON Schema 2020-12 a standard validator compiles; it accepts the documented example and refuses a bad client id', () => {
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(published, 'utf8')));
    const doc = JSON.parse(readFileSync(example, 'utf8'));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    doc.tenants[0].packages[0].integration.clientId = 'not-a-client-id';
    expect(validate(doc)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/tenants/0/packages/0/integration/clientId');
  });
});

describe('the documented example seed file', () => {
  it("passes the server's own validation", async () => {
    const { parseSeed } = await import('./parse-seed.js');
    expect(parseSeed(readFileSync(example, 'utf8')).tenants).toHaveLength(1);
  });
});
