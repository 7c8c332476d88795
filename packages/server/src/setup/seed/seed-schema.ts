import { type TSchema, Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { accountNumber, DisplayName } from './sections/common.js';
import { TENANT_SECTIONS } from './sections/index.js';

export const SEED_FORMAT_VERSION = 1;
/** A name, not a location: the file ships as docs/reference/seed.schema.json. */
export const SEED_SCHEMA_ID = 'urn:packgate:seed:1';

const sectionProperties: Record<string, TSchema> = Object.fromEntries(
  TENANT_SECTIONS.map((s) => [s.key, Type.Optional(s.schema)]),
);

export const TenantSeed = Type.Object(
  {
    subdomain: Type.String({
      pattern: '^mc[a-z0-9]{26}$',
      description: 'The fixed 28-character tenant subdomain: "mc" + 26 characters a-z 0-9.',
    }),
    eid: Type.Optional(
      accountNumber("A fixed enterprise id (also the top BU's MID); generated when left out."),
    ),
    name: DisplayName,
    ...sectionProperties,
  },
  { additionalProperties: false, description: 'A tenant (Marketing Cloud account), matched by subdomain.' },
);

/** The whole file: the one schema that validates seed files and is published as JSON Schema. */
export const SeedDocument = Type.Object(
  {
    $schema: Type.Optional(
      Type.String({
        description: 'Where editors find this schema, e.g. a path to docs/reference/seed.schema.json.',
      }),
    ),
    $comment: Type.Optional(Type.String()),
    version: Type.Literal(SEED_FORMAT_VERSION, { description: 'The seed format version.' }),
    tenants: Type.Array(TenantSeed, { maxItems: 1000 }),
  },
  { additionalProperties: false },
);

export interface TenantSeedValue {
  readonly subdomain: string;
  readonly eid?: number;
  readonly name: string;
  readonly [section: string]: unknown;
}

export interface SeedDocumentValue {
  readonly $schema?: string;
  readonly $comment?: string;
  readonly version: typeof SEED_FORMAT_VERSION;
  readonly tenants: readonly TenantSeedValue[];
}

export const seedValidator = Compile(SeedDocument);

/** docs/reference/seed.schema.json: the same schema, as a JSON Schema 2020-12 document. */
export function renderSeedJsonSchema(): string {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SEED_SCHEMA_ID,
    title: 'Packgate seed file',
    description:
      'A test environment as code: `packgate serve --seed FILE` applies it idempotently at start; `packgate export` writes one. Generated from packages/server/src/setup/seed by `npm run docs`.',
    ...JSON.parse(JSON.stringify(SeedDocument)),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
